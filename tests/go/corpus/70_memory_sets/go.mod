module escapade.test/70_memory_sets

go 1.19
