/* examples/llvm/bench/gc_count.c - counts the Boehm GC allocations a program makes.
 *
 * Linked into a program with -Wl,--wrap=GC_malloc,--wrap=GC_malloc_atomic,--wrap=GC_realloc: every
 * call the program's own code makes to those entry points goes through here first (calls made
 * inside libgc do not). At exit, when ESCAPADE_GC_STATS names a file, writes one line:
 *   malloc=N malloc_bytes=B atomic=N atomic_bytes=B realloc=N realloc_bytes=B total_bytes=T
 * where total_bytes is Boehm's own GC_get_total_bytes() (every byte it ever allocated). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

void* __real_GC_malloc(size_t);
void* __real_GC_malloc_atomic(size_t);
void* __real_GC_realloc(void*, size_t);
size_t GC_get_total_bytes(void);

static unsigned long long n_malloc, b_malloc, n_atomic, b_atomic, n_realloc, b_realloc;

void* __wrap_GC_malloc(size_t n) {
    n_malloc++;
    b_malloc += n;
    return __real_GC_malloc(n);
}
void* __wrap_GC_malloc_atomic(size_t n) {
    n_atomic++;
    b_atomic += n;
    return __real_GC_malloc_atomic(n);
}
void* __wrap_GC_realloc(void* p, size_t n) {
    n_realloc++;
    b_realloc += n;
    return __real_GC_realloc(p, n);
}

__attribute__((destructor)) static void escapade_gc_report(void) {
    const char* path = getenv("ESCAPADE_GC_STATS");
    if (path == NULL) return;
    FILE* f = fopen(path, "w");
    if (f == NULL) return;
    fprintf(f, "malloc=%llu malloc_bytes=%llu atomic=%llu atomic_bytes=%llu realloc=%llu realloc_bytes=%llu total_bytes=%llu\n",
            n_malloc, b_malloc, n_atomic, b_atomic, n_realloc, b_realloc, (unsigned long long)GC_get_total_bytes());
    fclose(f);
}
