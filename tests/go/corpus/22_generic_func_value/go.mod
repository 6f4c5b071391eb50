module escapade.test/22_generic_func_value

go 1.19
