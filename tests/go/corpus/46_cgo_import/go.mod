module escapade.test/46_cgo_import

go 1.19
