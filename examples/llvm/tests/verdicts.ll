; verdicts.ll - escapade's verdicts on LLVM IR, one function per rule (needs the engine's CFG builder:
; registered only when include/escapade/cfg_analysis.hpp exists).
; REQUIRES: engine
; RUN-OPT: -passes=escapade-heap2stack -escapade-runtime=boehm -pass-remarks=escapade -pass-remarks-missed=escapade
; RUN-OPT(CLOSED): -passes=escapade-heap2stack -escapade-runtime=boehm -escapade-closed-world -pass-remarks=escapade -pass-remarks-missed=escapade
; A work limit of one edge relaxation per batch: every batch that relaxes an edge is over it, and its
; sites stay on the heap (sound degradation), even the ones the unlimited run moves.
; RUN-OPT(BUDGET): -passes=escapade-heap2stack -escapade-runtime=boehm -escapade-work-limit=1 -pass-remarks=escapade -pass-remarks-missed=escapade
;
; CHECK: moved to the stack: GC_malloc of 16 bytes (slot reused by each loop iteration) in loop_temp
; CHECK: stays on the heap: GC_malloc: returned in returned
; CHECK: stays on the heap: GC_malloc: stored in global in global
; CHECK: stays on the heap: GC_malloc: outlives loop iteration in carried
; CHECK: moved to the stack: GC_malloc of 16 bytes (slot reused by each loop iteration) in sibling
; CHECK: stays on the heap: GC_malloc: outlives loop iteration in sibling
; CHECK: moved to the stack: GC_malloc of 8 bytes in extern_nocapture
; CHECK: stays on the heap: GC_malloc: passed to external function by sink in extern_plain
; CHECK: stays on the heap: GC_malloc: passed to dynamic call in indirect
; CHECK: moved to the stack: GC_malloc of 32 bytes (slot reused by each loop iteration) in lcssa
; CHECK: stays on the heap: GC_malloc: non-constant size in dynamic_size
; CLOSED: moved to the stack: GC_malloc of 8 bytes in indirect
; BUDGET-NOT: moved to the stack
; BUDGET: stays on the heap: GC_malloc: analysis budget exceeded in loop_temp
; BUDGET: stays on the heap: GC_malloc: analysis budget exceeded in extern_nocapture
; BUDGET: stays on the heap: GC_malloc: analysis budget exceeded in lcssa
; BUDGET-NOT: moved to the stack
; BUDGET-NOT: .stack = alloca

@g = global i8* null
@fp = global void (i8*)* null

declare i8* @GC_malloc(i64)
declare void @sink(i8*)
declare void @look(i8* nocapture readonly)

define void @loop_temp(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = call i8* @GC_malloc(i64 16)
  %q = bitcast i8* %p to i32*
  store i32 %i, i32* %q
  %v = load i32, i32* %q
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}

define i8* @returned() {
  %p = call i8* @GC_malloc(i64 8)
  ret i8* %p
}

define void @global() {
  %p = call i8* @GC_malloc(i64 8)
  store i8* %p, i8** @g
  ret void
}

; the previous iteration's object is read after the next allocation
define void @carried(i32 %n) {
entry:
  br label %loop
loop:
  %prev = phi i8* [ null, %entry ], [ %p, %loop ]
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = call i8* @GC_malloc(i64 16)
  %x = load i8, i8* %prev
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  ret void
}

; the last object of loop one lives through every iteration of loop two
define void @sibling(i32 %n) {
entry:
  br label %one
one:
  %i = phi i32 [ 0, %entry ], [ %i1, %one ]
  %first = call i8* @GC_malloc(i64 16)
  %fp2 = bitcast i8* %first to i8**
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %one, label %two
two:
  %j = phi i32 [ 0, %one ], [ %j1, %two ]
  %second = call i8* @GC_malloc(i64 8)
  store i8* %second, i8** %fp2
  %j1 = add i32 %j, 1
  %d = icmp slt i32 %j1, %n
  br i1 %d, label %two, label %exit
exit:
  ret void
}

define void @extern_nocapture() {
  %p = call i8* @GC_malloc(i64 8)
  call void @look(i8* %p)
  ret void
}

define void @extern_plain() {
  %p = call i8* @GC_malloc(i64 8)
  call void @sink(i8* %p)
  ret void
}

define void @keepnothing(i8* %x) {
  ret void
}

define void @indirect() {
  store void (i8*)* @keepnothing, void (i8*)** @fp
  %f = load void (i8*)*, void (i8*)** @fp
  %p = call i8* @GC_malloc(i64 8)
  call void %f(i8* %p)
  ret void
}

; an object of the loop used after it (LCSSA): the last one is not overwritten any more
define i8 @lcssa(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %p = call i8* @GC_malloc(i64 32)
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %exit
exit:
  %last = phi i8* [ %p, %loop ]
  %v = load i8, i8* %last
  ret i8 %v
}

define void @dynamic_size(i64 %n) {
  %p = call i8* @GC_malloc(i64 %n)
  ret void
}
