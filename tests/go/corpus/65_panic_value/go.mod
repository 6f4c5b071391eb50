module escapade.test/65_panic_value

go 1.19
