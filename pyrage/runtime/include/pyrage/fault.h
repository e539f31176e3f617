/*
 * Memory faults, a smashed stack and a corrupted heap: what the native targets
 * trap, and how they report it (docs/security.md). The statuses are the same
 * on unix and virtio, each after its own line on the error console
 * (runtime/core/fault.c prints them). All are below 126, so QEMU's
 * isa-debug-exit carries them even without the status line. The target traps
 * the fault (virtio: cpu.c's exception handler; unix: a SIGSEGV handler), the
 * core names it; the collector finds a corrupted heap itself (core/gc.h).
 */
#ifndef PYRAGE_FAULT_H
#define PYRAGE_FAULT_H

#include <stdbool.h>
#include <stdint.h>

enum pyrage_fault {
    PYRAGE_FAULT_HEAP_CORRUPT = 119,   /* "heap corruption: WHAT at ADDR": a collector check */
    PYRAGE_FAULT_STACK_OVERFLOW = 120, /* "stack overflow at ADDR": a guard page was touched */
    PYRAGE_FAULT_NULL = 121,           /* "NULL dereference at ADDR": page 0 */
    PYRAGE_FAULT_READ_ONLY = 122,      /* "write to read-only memory at ADDR": code, rodata */
    PYRAGE_FAULT_NOT_EXECUTABLE = 123, /* "execute from non-executable memory at ADDR" */
    PYRAGE_FAULT_UNMAPPED = 124,       /* "access to unmapped memory at ADDR" */
    PYRAGE_FAULT_STACK_SMASHED = 125,  /* "stack smashing detected": a C stack canary */
};

/* The kind of a page fault at addr, from the x86 page-fault error code (which
 * Linux passes on in the signal frame); in_guard: addr or %rsp is in a stack's
 * guard region. */
int rt_fault_kind(uint64_t addr, uint64_t error, bool in_guard);

/* Prints "pyrage: fatal: WHAT at ADDR, rip=RIP" and returns the status to exit with. */
int rt_fault_report(int kind, uint64_t addr, uint64_t rip);

/* Prints "pyrage: fatal: heap corruption: WHAT at ADDR" and exits with
 * PYRAGE_FAULT_HEAP_CORRUPT through rt_fault_exit: the collector found one of
 * its headers (a page's, an object's) or lists broken. */
void rt_heap_corrupt(const char *what, uint64_t addr) __attribute__((noreturn, cold));

/* The target's exit after a fault: pyrage_exit without sending anything more
 * (virtio's NICs are not flushed: their state is not to be trusted). */
void rt_fault_exit(int status) __attribute__((noreturn));

/* The collector's key for its page headers' seals (core/gc.h), drawn at boot
 * from the stack guard's entropy (the targets' ssp.c) and read-only after. */
extern const uint64_t rt_heap_secret;

/* "0x..." on the error console (core/console.c), for the targets' own fault reports. */
void rt_err_hex(uint64_t v);

#endif /* PYRAGE_FAULT_H */
