module escapade.test/stale

go 1.19
