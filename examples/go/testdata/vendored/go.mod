module escapade.test/vendored

go 1.19

require example.com/keeper v1.0.0
