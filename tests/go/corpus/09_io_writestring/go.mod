module escapade.test/09_io_writestring

go 1.19
