module escapade/go

go 1.19
