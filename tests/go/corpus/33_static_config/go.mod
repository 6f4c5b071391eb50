module escapade.test/33_static_config

go 1.19
