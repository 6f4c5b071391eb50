module escapade.test/30_init_order

go 1.19
