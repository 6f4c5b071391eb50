/* examples/llvm/bench/d_count.c - counts the D runtime's GC allocation calls a program makes.
 *
 * Linked with -Wl,--wrap=_d_allocclass,--wrap=_d_newitemT,--wrap=_d_newarrayT,--wrap=_d_newarrayU,
 * --wrap=_d_allocmemory: each call from the program's own code is counted, then forwarded. At exit,
 * when ESCAPADE_GC_STATS names a file, writes "allocclass=N newitemT=N newarrayT=N newarrayU=N
 * allocmemory=N". (Argument types are opaque here: the wrappers only forward them.) */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct { size_t length; void* ptr; } d_array;
void* __real__d_allocclass(const void* ci);
void* __real__d_newitemT(const void* ti);
d_array __real__d_newarrayT(const void* ti, size_t length);
d_array __real__d_newarrayU(const void* ti, size_t length);
void* __real__d_allocmemory(size_t sz);

static unsigned long long n_class, n_item, n_arrayT, n_arrayU, n_mem;

void* __wrap__d_allocclass(const void* ci) { n_class++; return __real__d_allocclass(ci); }
void* __wrap__d_newitemT(const void* ti) { n_item++; return __real__d_newitemT(ti); }
d_array __wrap__d_newarrayT(const void* ti, size_t length) { n_arrayT++; return __real__d_newarrayT(ti, length); }
d_array __wrap__d_newarrayU(const void* ti, size_t length) { n_arrayU++; return __real__d_newarrayU(ti, length); }
void* __wrap__d_allocmemory(size_t sz) { n_mem++; return __real__d_allocmemory(sz); }

__attribute__((destructor)) static void escapade_d_report(void) {
    const char* path = getenv("ESCAPADE_GC_STATS");
    if (path == NULL) return;
    FILE* f = fopen(path, "w");
    if (f == NULL) return;
    fprintf(f, "allocclass=%llu newitemT=%llu newarrayT=%llu newarrayU=%llu allocmemory=%llu\n", n_class, n_item, n_arrayT, n_arrayU,
            n_mem);
    fclose(f);
}
