module escapade.test/18_goroutine_handoff

go 1.19
