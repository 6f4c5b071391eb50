#!/usr/bin/env python3
# reference.py - how the expected outputs programs/*.out were derived, independently of hobbyc:
# each function computes what the program of the same name prints, with its default argument.
#   python3 tests/reference.py bintree > programs/bintree.out
# The tests do not run this script; they compare hobbyc-built programs with the .out files.
import re
import sys

def bintree(n=2000):
    seed=12345
    def rnd(b):
        nonlocal seed
        seed=(seed*1103515245+12345)%2147483648
        return seed%b
    root=None
    size=0
    for i in range(n):
        k=rnd(4*n)
        if root is None:
            root=[k,None,None]; size+=1; continue
        cur=root
        while True:
            if k<cur[0]:
                if cur[1] is None: cur[1]=[k,None,None]; size+=1; break
                cur=cur[1]
            elif k>cur[0]:
                if cur[2] is None: cur[2]=[k,None,None]; size+=1; break
                cur=cur[2]
            else: break
    st=dict(count=0,sum=0,md=0,leaves=0)
    stack=[(root,1)]
    keys=[]
    while stack:
        nd,d=stack.pop()
        if nd is None: continue
        st['count']+=1; st['sum']+=nd[0]; st['md']=max(st['md'],d)
        if nd[1] is None and nd[2] is None: st['leaves']+=1
        stack.append((nd[1],d+1)); stack.append((nd[2],d+1)); keys.append(nd[0])
    keys.sort()
    print("size",size,"count",st['count'],"sum",st['sum'],"depth",st['md'],"leaves",st['leaves'])
    print("inorder",len(keys),"true",keys[-1])
    print("hits",sum(1 for k in range(100) if k in set(keys)))
def tokenizer(R=20):
    src="let x1 = 42 + y * (7 - z);\nprint x1;\n"
    toks=[];line=1;i=0
    while i<len(src):
        c=src[i]
        if c==' ': i+=1; continue
        if c=='\n': line+=1; i+=1; continue
        m=re.match(r'[0-9]+|[A-Za-z_][A-Za-z_0-9]*|.',src[i:])
        t=m.group(0)
        if t[0].isdigit(): k=3
        elif t[0].isalpha() or t[0]=='_': k=2 if t in ("let","print","if") else 1
        else: k=4
        toks.append((k,t,line)); i+=len(t)
    for k,t,l in toks: print(k,t,l)
    cnt=[0]*5
    for k,t,l in toks: cnt[k]+=R
    print("idents",cnt[1],"keywords",cnt[2],"numbers",cnt[3],"ops",cnt[4])
    print("last",toks[-1][1],toks[-1][2])
def vectors(n=1000):
    x=sum(i+2 for i in range(n)); y=sum(i+1 for i in range(n))
    print("acc",x,y,x+y); print("sum",9,12); print("weigh",3*7+8,3*1+1)
def closures(n=100):
    print("counter",3); print("twice",11,14); print("sum",sum(3*i for i in range(n))); print("handlers",sum(10*m for m in range(1,5))); print("literal",42)
def evaluator(n=1000):
    print("nodes",15); print("total",sum((i+3)*((i%7)-2)+7*i*i-12 for i in range(n)))
def escapes():
    print("scratch",sum(range(20)))
    print("global",1,"returned",2,"field",3,"closure",4)
    print("array",5,"interface",6,"chain",9,8,7,"local",sum(2*i+1 for i in range(100)))
    print("chain total",sum(range(10)))

globals()[sys.argv[1]]()
