module escapade.test/21_generic_box_method

go 1.19
