/* hobby_rt.h - the runtime of the C that hobbyc generates (header-only, C99).
 *
 * Heap: every allocation the program makes on the heap goes through rt_alloc, which counts
 * allocations and bytes; rt_finish prints both to stderr at exit:
 *     hobby-rt: heap allocations: N, heap bytes: B
 * The hobby language is garbage-collected, but this runtime never collects: a program's heap lives
 * until exit. Memory comes from a bump allocator over 1 MiB chunks (a real collector's nursery
 * allocates the same way). Under AddressSanitizer every allocation is its own calloc instead, so
 * ASan sees each object's bounds. Either way the blocks stay reachable from a global list, so leak
 * checkers are quiet, and are released at exit.
 */
#ifndef HOBBY_RT_H
#define HOBBY_RT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char* p; int64_t n; } hstr;  /* string: bytes are never modified */
typedef struct { void* p; int64_t n; } harr;        /* array [T]: n elements of T at p */
typedef struct hobj { int64_t cls; } hobj;          /* every object starts with its class id */
typedef void (*hclo_fn)(void);
typedef struct hclo { hclo_fn fn; } hclo;           /* every closure record starts with its code */

#if defined(__SANITIZE_ADDRESS__)
#define HOBBY_RT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HOBBY_RT_ASAN 1
#endif
#endif

static uint64_t rt_heap_allocs, rt_heap_bytes;
static int rt_argc;
static char** rt_argv;

typedef struct rt_block { struct rt_block* next; size_t used, cap; } rt_block;
static rt_block* rt_blocks; /* every block the heap took from malloc */

static inline _Noreturn void rt_panic(const char* msg, int64_t line) {
    fflush(stdout);
    fprintf(stderr, "panic: %s (line %lld)\n", msg, (long long)line);
    exit(2);
}

static inline rt_block* rt_new_block(size_t cap) {
    rt_block* b = (rt_block*)calloc(1, sizeof(rt_block) + cap);
    if (!b) rt_panic("out of memory", 0);
    b->cap = cap;
    b->next = rt_blocks;
    rt_blocks = b;
    return b;
}

/* n zeroed bytes on the heap. */
static inline void* rt_alloc(size_t n) {
    rt_heap_allocs++;
    rt_heap_bytes += n;
    size_t size = (n + 15) & ~(size_t)15;
    if (size == 0) size = 16;
#ifdef HOBBY_RT_ASAN
    return (char*)(rt_new_block(size) + 1);
#else
    enum { chunk = 1 << 20 };
    if (size > chunk / 4) return (char*)(rt_new_block(size) + 1);
    static rt_block* cur;
    if (!cur || cur->cap - cur->used < size) cur = rt_new_block(chunk);
    void* p = (char*)(cur + 1) + cur->used;
    cur->used += size;
    return p;
#endif
}

static inline harr rt_new_array(int64_t n, size_t elem, int64_t line) {
    harr a;
    if (n < 0) rt_panic("negative array length", line);
    a.p = rt_alloc((size_t)n * elem);
    a.n = n;
    return a;
}

static inline void rt_init(int argc, char** argv) {
    rt_argc = argc;
    rt_argv = argv;
}

static inline void rt_finish(void) {
    fflush(stdout);
    fprintf(stderr, "hobby-rt: heap allocations: %llu, heap bytes: %llu\n", (unsigned long long)rt_heap_allocs,
            (unsigned long long)rt_heap_bytes);
    while (rt_blocks) {
        rt_block* next = rt_blocks->next;
        free(rt_blocks);
        rt_blocks = next;
    }
}

#define RT_NIL_CHECK(p, line) \
    do {                      \
        if (!(p)) rt_panic("nil reference", line); \
    } while (0)
#define RT_BOUNDS(a, i, line) \
    do {                      \
        if ((i) < 0 || (i) >= (a).n) rt_panic("index out of range", line); \
    } while (0)

static inline int64_t rt_add(int64_t a, int64_t b) { return (int64_t)((uint64_t)a + (uint64_t)b); }
static inline int64_t rt_sub(int64_t a, int64_t b) { return (int64_t)((uint64_t)a - (uint64_t)b); }
static inline int64_t rt_mul(int64_t a, int64_t b) { return (int64_t)((uint64_t)a * (uint64_t)b); }
static inline int64_t rt_div(int64_t a, int64_t b, int64_t line) {
    if (b == 0) rt_panic("division by zero", line);
    if (b == -1) return rt_sub(0, a);
    return a / b;
}
static inline int64_t rt_mod(int64_t a, int64_t b, int64_t line) {
    if (b == 0) rt_panic("division by zero", line);
    if (b == -1) return 0;
    return a % b;
}

static inline int rt_str_eq(hstr a, hstr b) { return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, (size_t)a.n) == 0); }
static inline int64_t rt_at(hstr s, int64_t i, int64_t line) {
    if (i < 0 || i >= s.n) rt_panic("string index out of range", line);
    return (unsigned char)s.p[i];
}
static inline hstr rt_substr(hstr s, int64_t i, int64_t j, int64_t line) {
    hstr r;
    if (i < 0 || j < i || j > s.n) rt_panic("substr out of range", line);
    r.p = s.p + i;
    r.n = j - i;
    return r;
}
/* arg(i, d): the program's i-th command-line argument as an integer, or d. */
static inline int64_t rt_arg(int64_t i, int64_t d) {
    if (i <= 0 || i >= rt_argc) return d;
    return (int64_t)strtoll(rt_argv[i], NULL, 10);
}

static inline void rt_print_int(int64_t v) { printf("%lld", (long long)v); }
static inline void rt_print_bool(int64_t v) { fputs(v ? "true" : "false", stdout); }
static inline void rt_print_str(hstr s) { fwrite(s.p, 1, (size_t)s.n, stdout); }

#endif /* HOBBY_RT_H */
