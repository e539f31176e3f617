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
 *   recurse       unbounded recursion on a stack at the bottom of memory: it
 *                 wraps below address 0, into unmapped memory, a #DF
 *   nmi           %rsp into unmapped memory, then an NMI sent to ourselves
 *   canary        the boot stack's canary overwritten, then as badrsp
 *   intoimage     %rsp below the boot stack, inside the image (as a frame that
 *                 stepped over the canary leaves it), then ud2
 */
#include "../../pyrage/runtime/core/object.h"

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);
extern uint64_t boot_stack_canary; /* runtime/virtio/entry.S */

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

static volatile uint64_t depth;

__attribute__((noinline)) static void recurse(volatile uint64_t *up)
{
    volatile uint64_t frame[8];
    frame[0] = *up + 1;
    if (++depth < 1ull << 40) /* always: the stack runs out first */
        recurse(frame);
    frame[1] = 0; /* not a tail call */
}

/* Mapped, below the boot stack (.rodata comes before .bss), and writable: the
 * page tables map the image read-write. */
static const char landing[4096] __attribute__((aligned(16))) = {1};

static void fault(const pyrage_str *mode)
{
    if (is(mode, "triple")) {
        struct __attribute__((packed)) { uint16_t limit; uint64_t base; } none = {0, 0};
        __asm__ volatile("lidt %0; int3" : : "m"(none));
    } else if (is(mode, "badrsp")) {
        push_on(UNMAPPED);
    } else if (is(mode, "noncanonical")) {
        push_on(NONCANONICAL);
    } else if (is(mode, "recurse")) {
        /* A 4 KiB stack at address 0: about 50 frames, then below 0. */
        __asm__ volatile("mov %0, %%rsp\n\tcall *%1\n\tud2"
                         : : "r"(0x1000ull), "r"(recurse), "D"(&depth) : "memory");
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
    } else if (is(mode, "canary")) {
        boot_stack_canary = 0;
        push_on(UNMAPPED);
    } else if (is(mode, "intoimage")) {
        __asm__ volatile("mov %0, %%rsp\n\tud2" : : "r"(landing + sizeof landing) : "memory");
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
