module escapade.test/71_store_into_argument

go 1.19
