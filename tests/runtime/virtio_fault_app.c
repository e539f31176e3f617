/*
 * A guest that breaks the CPU's state as a runtime or code-generation bug
 * would, for tests/runtime/test_virtio_faults.py: each mode must end in a
 * report and a failing status, never in a silent reset. argv[1] picks:
 *   exit          exit 0 (the image itself works)
 *   triple        an empty IDT, then int3: nothing can be delivered, the VM
 *                 resets (a triple fault)
 *   badrsp        %rsp into unmapped memory, then a push: the #PF's frame
 *                 cannot be pushed either, a #DF
 *   noncanonical  %rsp non-canonical, then a push: #GP (or #SS), then #DF
 *   nmi           %rsp into unmapped memory, then an NMI sent to ourselves
 *   istguard      %rsp into the #DF stack's guard page, then a push: a stack
 *                 overflow, reported as such from the #DF stack
 * (The attacks on the memory protections are hardening_app.c's, on both targets.)
 * It has no devices, and says so in its device manifest, which `pyrage run` reads.
 */
#include <pyrage/manifest.h>

#include "../../pyrage/runtime/core/object.h"

PYRAGE_MANIFEST_NONE;

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);

#define UNMAPPED 0x100000000000ull     /* PML4 slot 32: never mapped */
#define NONCANONICAL 0x8000000000000000ull
#define LAPIC_ICR_LOW 0xFEE00300u
/* NMI delivery (0x400), assert (0x4000), to all including self (0x80000): with one CPU,
 * ourselves. The "self" shorthand is only valid for fixed delivery. */
#define ICR_NMI_TO_ALL 0x84400u

void **const pyrage_global_roots[] = {0};

static bool is(const pyrage_str *s, const char *c)
{
    size_t n = rt_cstrlen(c);
    return (size_t)s->size == n && memcmp(s->data, c, n) == 0;
}

/* A push with %rsp = rsp: its fault's frame goes to the same stack. */
__attribute__((noreturn)) static void push_on(uint64_t rsp)
{
    __asm__ volatile("mov %0, %%rsp\n\tpush %%rax\n\tud2" : : "r"(rsp) : "memory");
    __builtin_unreachable();
}

static void fault(const pyrage_str *mode)
{
    if (is(mode, "triple")) {
        struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = {0, 0};
        __asm__ volatile("lidt %0; int3" : : "m"(none));
    } else if (is(mode, "badrsp")) {
        push_on(UNMAPPED);
    } else if (is(mode, "noncanonical")) {
        push_on(NONCANONICAL);
    } else if (is(mode, "nmi")) {
        /* If no NMI arrived within the loop, ud2 makes a #DF instead, and the test fails
         * on the vector rather than hanging. */
        __asm__ volatile("mov %0, %%rsp\n\t"
                         "movl %1, (%2)\n\t"
                         "mov $100000, %%ecx\n"
                         "1:\tpause\n\t"
                         "loop 1b\n\t"
                         "ud2"
                         : : "r"(UNMAPPED), "r"(ICR_NMI_TO_ALL), "r"((uint64_t)LAPIC_ICR_LOW)
                         : "rcx", "memory");
    } else if (is(mode, "istguard")) {
        /* The TSS's IST1 is the top of the #DF stack; its guard is the page below the stack. */
        struct __attribute__((packed)) { uint16_t limit; uint64_t base; } gdtr;
        __asm__ volatile("sgdt %0" : "=m"(gdtr));
        const uint64_t *tss_desc = (const uint64_t *)(gdtr.base + 0x18);
        uint64_t tss = (tss_desc[0] >> 16 & 0xFFFFFF) | (tss_desc[0] >> 56 & 0xFF) << 24 |
                       (tss_desc[1] & 0xFFFFFFFF) << 32;
        uint64_t ist1 = *(const uint64_t *)(tss + 0x24);
        push_on(ist1 - 8192 - 64); /* IST_STACK_SIZE below its top: inside the guard */
    }
}

void pyrage_main(void)
{
    const pyrage_str *mode = rt_argc() > 1 ? rt_argv(1) : rt_str_from("exit", 4);
    if (is(mode, "exit"))
        return;
    fault(mode);
    rt_fatal("the fault did not happen");
}
