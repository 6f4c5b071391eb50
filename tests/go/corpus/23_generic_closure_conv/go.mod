module escapade.test/23_generic_closure_conv

go 1.19
