module escapade.test/69_store_into_argument

go 1.19
