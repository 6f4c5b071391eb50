module escapade.test/39_commaok_map

go 1.19
