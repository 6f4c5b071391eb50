; rewrite_planted.ll - the rewriting of a site the analysis lets go to the stack, exercised with
; planted verdicts (-escapade-plant-stack): an entry-block alloca of the allocation's size, a memset
; where the call was, the uses rewired, an invoke turned into a branch whose unwind edge is gone.
; RUN-OPT: -passes=escapade-heap2stack -escapade-runtime=boehm -escapade-plant-stack=f:0 -escapade-plant-stack=g:0 -escapade-plant-stack=t:0 -escapade-plant-stack=m:0 -pass-remarks=escapade -pass-remarks-missed=escapade
; CHECK: remark: {{.*}}moved to the stack: GC_malloc of 24 bytes (slot reused by each loop iteration) [planted by -escapade-plant-stack: not a verdict]
; CHECK: remark: {{.*}}stays on the heap: GC_malloc: its function makes a musttail call in m
; CHECK: remark: {{.*}}moved to the stack: GC_malloc_atomic of 8 bytes [planted by -escapade-plant-stack: not a verdict]

declare i8* @GC_malloc(i64)
declare i8* @GC_malloc_atomic(i64)
declare i32 @__gxx_personality_v0(...)
declare void @use(i8*)

; CHECK-LABEL: define i32 @f(
; CHECK-NEXT: entry:
; CHECK-NEXT: %p.stack = alloca [24 x i8], align 16
; CHECK: loop:
; CHECK-NEXT: %i = phi
; CHECK-NEXT: [[RAW:%.*]] = bitcast [24 x i8]* %p.stack to i8*
; CHECK-NEXT: call void @llvm.memset.p0i8.i64(i8* align 16 [[RAW]], i8 0, i64 24, i1 false)
; CHECK-NEXT: %q = bitcast i8* [[RAW]] to i32*
; CHECK-NOT: GC_malloc
; CHECK: ret i32
define i32 @f(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = call i8* @GC_malloc(i64 24)
  %q = bitcast i8* %p to i32*
  store i32 %i, i32* %q
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret i32 %i
}

; The function's `tail` markers go (a tail callee may not read the caller's allocas, and dead store
; elimination relies on it); a function with a `musttail` call keeps its allocation.
; CHECK-LABEL: define void @t(
; CHECK: %p.stack = alloca [16 x i8], align 16
; CHECK-NOT: tail call
; CHECK: call void @use(i8* {{%.*}})
; CHECK: ret void
define void @t() {
entry:
  %p = tail call i8* @GC_malloc(i64 16)
  store i8 1, i8* %p
  tail call void @use(i8* %p)
  ret void
}

; CHECK-LABEL: define i8* @m(
; CHECK: call i8* @GC_malloc(i64 16)
; CHECK: musttail call i8* @m2(
define i8* @m() {
entry:
  %p = call i8* @GC_malloc(i64 16)
  call void @use(i8* %p)
  %r = musttail call i8* @m2()
  ret i8* %r
}
declare i8* @m2()

; CHECK-LABEL: define void @g(
; CHECK: %p.stack = alloca [8 x i8], align 16
; CHECK-NOT: invoke i8* @GC_malloc_atomic
; CHECK: call void @llvm.memset.p0i8.i64(i8* align 16 {{%.*}}, i8 0, i64 8, i1 false)
; CHECK: br label %ok
; CHECK: bad:
; CHECK-NEXT: %lp = landingpad
define void @g() personality i32 (...)* @__gxx_personality_v0 {
entry:
  %p = invoke i8* @GC_malloc_atomic(i64 8) to label %ok unwind label %bad
ok:
  call void @use(i8* %p)
  %x = invoke i8* @GC_malloc_atomic(i64 8) to label %ok2 unwind label %bad
ok2:
  ret void
bad:
  %lp = landingpad { i8*, i32 } cleanup
  resume { i8*, i32 } %lp
}
