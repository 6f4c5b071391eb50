module escapade.test/35_uintptrescapes

go 1.19
