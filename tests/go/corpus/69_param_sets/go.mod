module escapade.test/69_param_sets

go 1.19
