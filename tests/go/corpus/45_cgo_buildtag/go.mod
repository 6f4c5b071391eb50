module escapade.test/45_cgo_buildtag

go 1.19
