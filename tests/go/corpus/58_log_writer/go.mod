module escapade.test/58_log_writer

go 1.19
