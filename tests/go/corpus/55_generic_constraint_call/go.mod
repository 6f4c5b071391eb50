module escapade.test/55_generic_constraint_call

go 1.19
