module escapade.test/31_static_iface_global

go 1.19
