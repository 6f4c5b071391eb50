module escapade.test/25_reflect_methodbyname

go 1.19
