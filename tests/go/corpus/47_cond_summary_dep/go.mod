module escapade.test/47_cond_summary_dep

go 1.19
