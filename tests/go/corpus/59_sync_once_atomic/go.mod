module escapade.test/59_sync_once_atomic

go 1.19
