module escapade.test/41_range_iface_var

go 1.19
