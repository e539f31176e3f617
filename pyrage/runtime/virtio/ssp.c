/*
 * The stack protector (-fstack-protector-strong, -mstack-protector-guard=global:
 * toolchain.py). A protected function stores __stack_chk_guard below its
 * return address and calls __stack_chk_fail if the copy changed when it
 * returns: a C buffer overrun that reached the return address.
 *
 * The guard comes from RDSEED or RDRAND when the CPU has them; else from the
 * TSC (WARNING: weak, as entropy.c's jitter: a guard an attacker can guess
 * only stops accidents). Its low byte is 0, as glibc's: a string copy that
 * overruns a buffer stops at the NUL before it can write the rest, and a
 * string read cannot leak it.
 *
 * WARNING: a protected function that is running when the guard changes fails
 * its check when it returns. So ssp_init runs first in virtio_boot, which is
 * not protected and never returns; this file is compiled protected too, hence
 * the no_stack_protector on ssp_init and __stack_chk_fail.
 *
 * The guard is in .rodata, written before paging_init maps that read-only: a
 * write through a stray pointer cannot change it to match a smash.
 *
 * So is the collector's secret (rt_heap_secret, core/gc.h's seals), a second
 * word from the same source: a page header cannot be forged without it, nor
 * the secret rewritten to one the forger knows.
 */
#include "platform.h"
#include "x86.h"

#define TRIES 10

__attribute__((section(".rodata.stack_chk_guard"))) uint64_t __stack_chk_guard;
/* rt_heap_secret, declared const for its readers (fault.h); written here, once. */
__attribute__((section(".rodata.heap_secret"))) uint64_t ssp_heap_secret;
__asm__(".globl rt_heap_secret\n.set rt_heap_secret, ssp_heap_secret");

static int hardware_word(uint64_t *v)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    unsigned max_leaf = r[0];
    uint8_t ok = 0;
    if (max_leaf >= 7 && (cpuid(7, 0, r), (r[1] >> 18) & 1))
        for (int i = 0; i < TRIES && !ok; i++)
            __asm__ volatile("rdseed %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
    if (!ok && (cpuid(1, 0, r), (r[2] >> 30) & 1))
        for (int i = 0; i < TRIES && !ok; i++)
            __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok) : : "cc");
    return ok;
}

__attribute__((no_stack_protector)) void ssp_init(void)
{
    uint64_t v, w;
    if (!hardware_word(&v)) /* the TSC: cycles since the VM started, and CPUID's exits */
        v = (rdtsc() * 0x9e3779b97f4a7c15ull) ^ (rdtsc() << 17);
    if (!hardware_word(&w))
        w = (rdtsc() * 0xc2b2ae3d27d4eb4full) ^ (rdtsc() << 23);
    __stack_chk_guard = v & ~0xFFull;
    ssp_heap_secret = w;
}

__attribute__((noreturn, no_stack_protector)) void __stack_chk_fail(void)
{
    platform_exit_now(rt_fault_report(PYRAGE_FAULT_STACK_SMASHED, 0,
                                      (uintptr_t)__builtin_return_address(0)));
}
