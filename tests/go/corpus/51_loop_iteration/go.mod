module escapade.test/51_loop_iteration

go 1.19
