module escapade.test/whole

go 1.19
