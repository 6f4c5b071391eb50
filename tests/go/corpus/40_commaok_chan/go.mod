module escapade.test/40_commaok_chan

go 1.19
