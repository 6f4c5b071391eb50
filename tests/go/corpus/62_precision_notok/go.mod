module escapade.test/62_precision_notok

go 1.19
