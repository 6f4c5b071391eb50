module escapade.test/36_method_value_expr

go 1.19
