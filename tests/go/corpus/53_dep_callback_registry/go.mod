module escapade.test/53_dep_callback_registry

go 1.19
