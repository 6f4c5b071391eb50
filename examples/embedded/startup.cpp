// examples/embedded/startup.cpp - the firmware's start: vector table, reset and fault handlers, and
// the few C-runtime hooks a bare-metal newlib build needs. No assembler, no vendor files.
//
// Reset_Handler copies .data from flash, clears .bss, paints the stack (so main can report how much
// of it was used), sets up newlib's semihosting file handles, runs static constructors, calls
// main() and exits with its status: under `qemu-system-arm -semihosting` the exit status of QEMU.
// A fault prints a line through semihosting and stops QEMU with a failure status, so a crash can
// never look like a pass or hang the test.
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" {
// Linker script symbols (mps2-an386.ld).
extern std::uint32_t __data_load;
extern std::uint32_t __data_start;
extern std::uint32_t __data_end;
extern std::uint32_t __bss_start__;
extern std::uint32_t __bss_end__;
extern std::uint32_t __stack_top;
extern std::uint32_t __stack_limit;

void __libc_init_array();
void initialise_monitor_handles();  // newlib's librdimon: stdin/stdout/stderr over semihosting

[[noreturn]] void Reset_Handler();
[[noreturn]] void Fault_Handler();

// Linked with -nostartfiles: crti.o's _init/_fini (called by __libc_init_array/__libc_fini_array)
// are ours, and empty.
void _init() {}
void _fini() {}

// newlib's arc4random references getentropy, which nothing provides on bare metal.
int getentropy(void*, std::size_t) {
    errno = ENOSYS;
    return -1;
}
}

// ISO C++ forbids calling main(): reach the firmware's main() through another name.
int firmware_main() __asm__("main");

namespace {

constexpr std::uint32_t stack_paint = 0xA5A5A5A5u;

// ARM semihosting (Thumb: bkpt 0xAB): r0 = operation, r1 = argument.
std::uint32_t semihost(std::uint32_t op, const void* arg) {
    register std::uint32_t r0 __asm__("r0") = op;
    register const void* r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

}  // namespace

/// Bytes of the stack main() and what it called have used (the highest painted word overwritten).
extern "C" std::size_t firmware_stack_used() {
    const std::uint32_t* p = &__stack_limit;
    while (p < &__stack_top && *p == stack_paint) ++p;
    return static_cast<std::size_t>(reinterpret_cast<const char*>(&__stack_top) - reinterpret_cast<const char*>(p));
}
extern "C" std::size_t firmware_stack_size() {
    return static_cast<std::size_t>(reinterpret_cast<const char*>(&__stack_top) - reinterpret_cast<const char*>(&__stack_limit));
}

extern "C" [[noreturn]] void Reset_Handler() {
    for (std::uint32_t *src = &__data_load, *dst = &__data_start; dst < &__data_end;) *dst++ = *src++;
    for (std::uint32_t* dst = &__bss_start__; dst < &__bss_end__;) *dst++ = 0;
    // Paint the stack below the current frame (leave 256 bytes for this function).
    std::uint32_t here = 0;
    __asm__ volatile("mov %0, sp" : "=r"(here));
    for (std::uint32_t* p = &__stack_limit; reinterpret_cast<std::uintptr_t>(p) < here - 256; ++p) *p = stack_paint;
    initialise_monitor_handles();
    __libc_init_array();
    std::exit(firmware_main());
}

extern "C" [[noreturn]] void Fault_Handler() {
    semihost(0x04, "firmware: fault (HardFault, MemManage, BusFault or UsageFault)\n");  // SYS_WRITE0
    for (;;) semihost(0x18, reinterpret_cast<const void*>(0x20023));  // SYS_EXIT, RunTimeErrorUnknown
}

// The vector table: initial stack pointer, then the handlers of the 15 system exceptions. The
// firmware enables no interrupt, so no IRQ vectors follow.
using handler = void (*)();
extern "C" __attribute__((section(".isr_vector"), used)) const handler escapade_vectors[16] = {
    reinterpret_cast<handler>(&__stack_top),
    Reset_Handler,
    Fault_Handler,  // NMI
    Fault_Handler,  // HardFault
    Fault_Handler,  // MemManage
    Fault_Handler,  // BusFault
    Fault_Handler,  // UsageFault
    nullptr, nullptr, nullptr, nullptr,
    Fault_Handler,  // SVCall
    Fault_Handler,  // DebugMonitor
    nullptr,
    Fault_Handler,  // PendSV
    Fault_Handler,  // SysTick
};
