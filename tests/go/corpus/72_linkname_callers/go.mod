module escapade.test/72_linkname_callers

go 1.19
