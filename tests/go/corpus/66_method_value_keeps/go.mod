module escapade.test/66_method_value_keeps

go 1.19
