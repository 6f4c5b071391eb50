module escapade.test/27_reflect_addr

go 1.19
