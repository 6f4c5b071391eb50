module escapade.test/28_embed_dep_base

go 1.19
