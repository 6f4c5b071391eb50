module escapade.test/42_range_array_lit

go 1.19
