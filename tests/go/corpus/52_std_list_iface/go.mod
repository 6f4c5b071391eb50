module escapade.test/52_std_list_iface

go 1.19
