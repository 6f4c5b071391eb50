module escapade.test/50_context_value

go 1.19
