module escapade.test/67_method_value_nokeep

go 1.19
