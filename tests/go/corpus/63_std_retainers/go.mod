module escapade.test/63_std_retainers

go 1.19
