module escapade.test/44_error_nil

go 1.19
