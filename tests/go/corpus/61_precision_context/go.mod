module escapade.test/61_precision_context

go 1.19
