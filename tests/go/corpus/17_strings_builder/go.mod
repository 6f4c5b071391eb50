module escapade.test/17_strings_builder

go 1.19
