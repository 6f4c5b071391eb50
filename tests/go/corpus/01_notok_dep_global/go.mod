module escapade.test/01_notok_dep_global

go 1.19
