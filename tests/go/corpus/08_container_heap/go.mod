module escapade.test/08_container_heap

go 1.19
