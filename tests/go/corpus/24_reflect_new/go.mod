module escapade.test/24_reflect_new

go 1.19
