# examples/llvm/bench/crystal/points.cr - temporaries in a loop: value-like objects (p, q, their sum r),
# a small array and an interpolated string per iteration, none of which outlives its iteration.
class Point
  getter x : Int32
  getter y : Int32
  def initialize(@x, @y); end
  def +(o : Point) Point.new(x + o.x, y + o.y) end
end
sum = 0_i64
acc = Point.new(0, 0)
100000.times do |i|
  p = Point.new(i, i+1)
  q = Point.new(1, 2)
  r = p + q
  sum += r.x + r.y
  arr = [i, i + 1, i + 2]
  sum += arr.sum
  str = "n=#{i}"
  sum += str.size
end
puts sum
