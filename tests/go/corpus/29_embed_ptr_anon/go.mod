module escapade.test/29_embed_ptr_anon

go 1.19
