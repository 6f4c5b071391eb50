module escapade.test/37_iface_to_iface

go 1.19
