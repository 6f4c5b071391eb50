module escapade.test/74_captured_results

go 1.19
