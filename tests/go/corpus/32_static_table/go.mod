module escapade.test/32_static_table

go 1.19
