/*
 * The stack protector (-fstack-protector-strong, -mstack-protector-guard=global:
 * toolchain.py). A protected function stores __stack_chk_guard below its
 * return address and calls __stack_chk_fail if the copy changed when it
 * returns: a C buffer overrun that reached the return address.
 *
 * The guard is the kernel's AT_RANDOM (16 random bytes it puts in every new
 * process's auxiliary vector, as glibc uses them), its low byte zeroed as
 * glibc's: a string copy that overruns a buffer stops at the NUL before it can
 * write the rest, and a string read cannot leak it. It has a page of its own,
 * made read-only once set: a stray write cannot change it to match a smash.
 *
 * The same page holds the collector's secret (rt_heap_secret, core/gc.h's
 * seals), the other 8 bytes of AT_RANDOM: a page header cannot be forged
 * without it, nor the secret rewritten to one the forger knows.
 *
 * WARNING: a protected function that is running when the guard changes fails
 * its check when it returns. So ssp_init runs first in unix_boot, which is not
 * protected and never returns.
 */
#include <pyrage/abi.h>
#include <pyrage/fault.h>
#include "sys.h"

#define AT_RANDOM 25
#define PROT_READ 1

/* Bytes 0-7: the guard (where the compiler reads it); 8-15: rt_heap_secret. */
char __stack_chk_guard[4096] __attribute__((aligned(4096)));
__asm__(".globl rt_heap_secret\n.set rt_heap_secret, __stack_chk_guard + 8");

static uint64_t tsc_word(uint64_t salt)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((uint64_t)hi << 32 | lo) * salt;
}

__attribute__((no_stack_protector)) void ssp_init(const uint64_t *initial_stack)
{
    uint64_t v[2] = {0, 0}, random = unix_auxv(initial_stack, AT_RANDOM);
    if (random)
        __builtin_memcpy(v, (const void *)random, sizeof v);
    if (v[0] == 0) { /* a kernel older than 2.6.29: the cycle counter, weak */
        v[0] = tsc_word(0x9e3779b97f4a7c15ull);
        v[1] = tsc_word(0xc2b2ae3d27d4eb4full);
    }
    v[0] &= ~0xFFull;
    __builtin_memcpy(__stack_chk_guard, v, sizeof v);
    sys3(SYS_mprotect, __stack_chk_guard, sizeof __stack_chk_guard, PROT_READ);
}

__attribute__((noreturn, no_stack_protector)) void __stack_chk_fail(void)
{
    pyrage_exit(rt_fault_report(PYRAGE_FAULT_STACK_SMASHED, 0,
                                (uintptr_t)__builtin_return_address(0)));
}
