module escapade.test/14_fmt_stringer_formatter

go 1.19
