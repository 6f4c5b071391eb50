module escapade.test/06_sort_sort

go 1.19
