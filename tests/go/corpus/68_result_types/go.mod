module escapade.test/68_result_types

go 1.19
