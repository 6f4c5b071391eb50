module escapade.test/04_ctor_chan

go 1.19
