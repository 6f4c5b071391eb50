module escapade.test/02_ctor_field_registry

go 1.19
