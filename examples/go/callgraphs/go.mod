module escapade/callgraphs

go 1.19
