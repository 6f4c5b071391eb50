module escapade.test/54_generic_method_value

go 1.19
