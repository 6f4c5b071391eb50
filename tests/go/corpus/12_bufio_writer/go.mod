module escapade.test/12_bufio_writer

go 1.19
