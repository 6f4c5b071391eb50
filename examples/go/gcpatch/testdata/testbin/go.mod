module testbin

go 1.19
