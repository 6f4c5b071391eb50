module escapade.test/03_ctor_map

go 1.19
