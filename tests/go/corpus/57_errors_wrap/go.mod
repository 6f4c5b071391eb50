module escapade.test/57_errors_wrap

go 1.19
