module escapade.test/15_http_handlerfunc

go 1.19
