module escapade.test/26_reflect_makefunc

go 1.19
