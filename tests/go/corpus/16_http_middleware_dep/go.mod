module escapade.test/16_http_middleware_dep

go 1.19
