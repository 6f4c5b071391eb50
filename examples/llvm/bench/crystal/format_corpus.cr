# examples/llvm/bench/crystal/format_corpus.cr - a large Crystal program with a real workload: the
# Crystal compiler's own lexer, parser, AST printer and formatter (the compiler sources Debian's
# crystal package ships on Crystal's path) run over a tree of Crystal sources.
#
#   format_corpus [ROOT [MAX_FILES]]      (default ROOT: /usr/lib/crystal/lib, the standard library)
#
# For each .cr file under ROOT, in sorted order: parse it, count its AST nodes by kind with a
# visitor, print the AST back to source (ASTNode#to_s), format the source and format the result
# again. One line per file: node count, sizes, a checksum of the formatted text, whether formatting
# changed the file and whether it is stable. Then the totals per node kind. Everything printed is
# deterministic (sorted; the checksum is FNV-1a, not Crystal's per-process seeded hash), so two
# builds of this program must print the same bytes.
require "compiler/crystal/formatter"
require "compiler/crystal/syntax"

class NodeCounter < Crystal::Visitor
  getter counts = Hash(String, Int32).new(0)

  def visit(node : Crystal::ASTNode)
    @counts[node.class.name] += 1
    true
  end
end

def fnv1a(text : String) : UInt64
  h = 0xcbf29ce484222325_u64
  text.each_byte do |b|
    h = (h ^ b) &* 0x100000001b3_u64
  end
  h
end

root = ARGV[0]? || "/usr/lib/crystal/lib"
limit = (ARGV[1]? || "1000000").to_i
files = Dir.glob(File.join(root, "**", "*.cr")).sort.first(limit)
totals = Hash(String, Int32).new(0)
errors = 0
files.each do |path|
  source = File.read(path)
  begin
    parser = Crystal::Parser.new(source)
    parser.filename = path
    nodes = parser.parse
    counter = NodeCounter.new
    nodes.accept counter
    counter.counts.each { |kind, n| totals[kind] += n }
    printed = nodes.to_s
    formatted = Crystal.format(source, filename: path)
    again = Crystal.format(formatted, filename: path)
    puts "#{path} nodes=#{counter.counts.values.sum} to_s=#{printed.bytesize} " \
         "bytes=#{source.bytesize}->#{formatted.bytesize} fnv=#{fnv1a(formatted).to_s(16)} " \
         "#{formatted == source ? "unchanged" : "changed"} #{again == formatted ? "stable" : "unstable"}"
  rescue ex : Crystal::CodeError
    errors += 1
    puts "#{path} error: #{ex.message.to_s.lines.first?}"
  end
end
totals.keys.sort.each { |kind| puts "#{kind} #{totals[kind]}" }
puts "files=#{files.size} errors=#{errors}"
