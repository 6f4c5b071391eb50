module escapade.test/07_sort_slice

go 1.19
