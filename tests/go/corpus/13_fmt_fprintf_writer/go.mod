module escapade.test/13_fmt_fprintf_writer

go 1.19
