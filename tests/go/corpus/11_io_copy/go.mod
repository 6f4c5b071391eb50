module escapade.test/11_io_copy

go 1.19
