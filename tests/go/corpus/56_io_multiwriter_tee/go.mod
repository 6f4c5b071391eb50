module escapade.test/56_io_multiwriter_tee

go 1.19
