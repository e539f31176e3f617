/*
 * Memory faults, named and reported the same way on every native target
 * (docs/security.md). The target traps the fault (virtio: cpu.c's exception
 * handler; unix: a SIGSEGV handler on its own stack), says whether the
 * address or %rsp is in a stack's guard region, and exits with the status
 * rt_fault_report returns: one per kind (pyrage/fault.h), so that
 * a test or a supervisor can tell a stack overflow from a stray pointer.
 *
 * Nothing here touches the heap or the faulting stack's contents: it runs on
 * a stack of its own (virtio's #DF stack, unix's signal stack) or on the
 * interrupted one, and only formats a line.
 *
 * Heap corruption is not a CPU fault: the collector finds it (core/gc.h) and
 * reports it here, with its own status.
 */
#include "object.h"

/* The x86 page-fault error code: the CPU pushes it, and Linux passes it on in
 * the signal frame (sigcontext.err), so both targets classify from the same bits. */
#define PF_PRESENT 0x1 /* the page was mapped: a protection violation, not a missing page */
#define PF_WRITE 0x2
#define PF_FETCH 0x10 /* an instruction fetch (only reported when NX is on) */
#define NULL_PAGE 4096

int rt_fault_kind(uint64_t addr, uint64_t error, bool in_guard)
{
    if (in_guard)
        return PYRAGE_FAULT_STACK_OVERFLOW;
    if (addr < NULL_PAGE) /* a read, a write or a call through NULL (plus a field's offset) */
        return PYRAGE_FAULT_NULL;
    if ((error & (PF_PRESENT | PF_FETCH)) == (PF_PRESENT | PF_FETCH))
        return PYRAGE_FAULT_NOT_EXECUTABLE;
    if ((error & (PF_PRESENT | PF_WRITE)) == (PF_PRESENT | PF_WRITE))
        return PYRAGE_FAULT_READ_ONLY;
    return PYRAGE_FAULT_UNMAPPED;
}

static const char *const what[] = {
    [PYRAGE_FAULT_STACK_OVERFLOW - PYRAGE_FAULT_STACK_OVERFLOW] = "stack overflow",
    [PYRAGE_FAULT_NULL - PYRAGE_FAULT_STACK_OVERFLOW] = "NULL dereference",
    [PYRAGE_FAULT_READ_ONLY - PYRAGE_FAULT_STACK_OVERFLOW] = "write to read-only memory",
    [PYRAGE_FAULT_NOT_EXECUTABLE - PYRAGE_FAULT_STACK_OVERFLOW] =
        "execute from non-executable memory",
    [PYRAGE_FAULT_UNMAPPED - PYRAGE_FAULT_STACK_OVERFLOW] = "access to unmapped memory",
    [PYRAGE_FAULT_STACK_SMASHED - PYRAGE_FAULT_STACK_OVERFLOW] = "stack smashing detected",
};

/* "pyrage: fatal: WHAT at ADDR, rip=RIP" (a smashed stack has no address: the
 * rip is where the check failed, in the function whose frame was overwritten). */
int rt_fault_report(int kind, uint64_t addr, uint64_t rip)
{
    rt_err_str("pyrage: fatal: ");
    rt_err_str(what[kind - PYRAGE_FAULT_STACK_OVERFLOW]);
    if (kind != PYRAGE_FAULT_STACK_SMASHED) {
        rt_err_str(" at ");
        rt_err_hex(addr);
    }
    rt_err_str(", rip=");
    rt_err_hex(rip);
    rt_err_str("\n");
    return kind;
}

/* "pyrage: fatal: heap corruption: WHAT at ADDR": ADDR is the page or the object whose
 * header failed its check. */
void rt_heap_corrupt(const char *what, uint64_t addr)
{
    rt_err_str("pyrage: fatal: heap corruption: ");
    rt_err_str(what);
    rt_err_str(" at ");
    rt_err_hex(addr);
    rt_err_str("\n");
    rt_fault_exit(PYRAGE_FAULT_HEAP_CORRUPT);
}
