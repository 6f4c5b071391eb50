module escapade.test/34_static_func_global

go 1.19
