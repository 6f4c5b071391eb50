module escapade.test/38_type_switch

go 1.19
