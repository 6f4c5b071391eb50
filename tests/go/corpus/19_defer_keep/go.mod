module escapade.test/19_defer_keep

go 1.19
