module escapade.test/20_dep_closure_counter

go 1.19
