module escapade.test/10_io_readfull

go 1.19
