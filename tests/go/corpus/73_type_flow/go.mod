module escapade.test/73_type_flow

go 1.19
