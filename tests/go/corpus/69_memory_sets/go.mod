module escapade.test/69_memory_sets

go 1.19
