module escapade.test/43_ptr_slice_type

go 1.19
