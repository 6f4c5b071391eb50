module escapade.test/05_dep_funcvalue

go 1.19
