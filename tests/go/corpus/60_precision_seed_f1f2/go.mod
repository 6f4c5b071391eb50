module escapade.test/60_precision_seed_f1f2

go 1.19
