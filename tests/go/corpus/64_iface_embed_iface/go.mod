module escapade.test/64_iface_embed_iface

go 1.19
