/*
 * The stack the application runs on, and the SIGSEGV handler that names a
 * memory fault as virtio's exception handler does (core/fault.c, pyrage/fault.h).
 *
 * The runtime runs on a stack of its own rather than on the kernel's: its
 * bounds are then known exactly, so a fault in its guard is told apart from a
 * stray pointer. STACK_SIZE as the usual RLIMIT_STACK, reserved with
 * MAP_NORESERVE (backed only where touched), and below it GUARD_SIZE of
 * PROT_NONE, which no frame can step over (the largest C frame in the runtime
 * is a few KiB; compiled pyrage frames are smaller). The kernel's own stack,
 * where argv lives, keeps the kernel's guard gap.
 *
 * The handler runs on an alternate signal stack (an overflowed stack has no
 * room for the signal frame), with SA_RESETHAND: a fault inside it kills the
 * process with the default action rather than looping.
 */
#include <pyrage/abi.h>
#include <pyrage/fault.h>
#include "sys.h"

#define STACK_SIZE ((size_t)8 << 20)
#define GUARD_SIZE ((size_t)1 << 20)
#define ALT_STACK_SIZE 65536 /* the signal frame with AVX-512 state is ~3.5 KiB */
#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define SIGSEGV 11
#define SA_SIGINFO 0x4
#define SA_ONSTACK 0x08000000
#define SA_RESTORER 0x04000000 /* required on x86_64: the kernel returns through it */
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000u
#define TRAP_PF 14
/* Offsets in the kernel's siginfo and ucontext (x86_64): si_addr, and uc_mcontext's gregs. */
#define SI_ADDR 16
#define UC_GREGS 40
#define REG_RSP 15
#define REG_RIP 16
#define REG_ERR 19 /* the page-fault error code */
#define REG_TRAPNO 20

struct kernel_sigaction {
    void (*handler)(int, void *, void *);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

struct signal_stack {
    void *sp;
    int flags;
    size_t size;
};

/* entry.S */
extern void unix_sigreturn(void);
extern __attribute__((noreturn)) void unix_call_on_stack(uintptr_t top, void (*fn)(void *), void *);

static uintptr_t guard_start, guard_end;
static char alt_stack[ALT_STACK_SIZE] __attribute__((aligned(16)));

static int in_guard(uint64_t a)
{
    return guard_start <= a && a < guard_end;
}

static void on_segv(int sig, void *info, void *context)
{
    (void)sig;
    uint64_t addr = *(const uint64_t *)((const char *)info + SI_ADDR);
    const uint64_t *gregs = (const uint64_t *)((const char *)context + UC_GREGS);
    if (gregs[REG_TRAPNO] != TRAP_PF) { /* a #GP (a non-canonical address): no address */
        static const char msg[] = "pyrage: fatal: segmentation fault (not a page fault)\n";
        pyrage_console_write_err(msg, sizeof msg - 1);
        pyrage_abort();
    }
    bool guard = in_guard(addr) || in_guard(gregs[REG_RSP]);
    pyrage_exit(rt_fault_report(rt_fault_kind(addr, gregs[REG_ERR], guard), addr,
                                gregs[REG_RIP]));
}

static void fail(const char *what)
{
    size_t n = 0;
    while (what[n])
        n++;
    pyrage_console_write_err(what, n);
    pyrage_abort();
}

/* Maps the stack and its guard, installs the handler, and calls fn(arg) on the new stack. */
void unix_run_on_own_stack(void (*fn)(void *), void *arg)
{
    long base = sys6(SYS_mmap, 0, (long)(GUARD_SIZE + STACK_SIZE), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (sys_failed(base) || sys_failed(sys3(SYS_mprotect, base, GUARD_SIZE, PROT_NONE)))
        fail("pyrage: cannot map the stack\n");
    guard_start = (uintptr_t)base;
    guard_end = guard_start + GUARD_SIZE;
    struct signal_stack ss = {alt_stack, 0, sizeof alt_stack};
    struct kernel_sigaction sa = {on_segv, SA_SIGINFO | SA_ONSTACK | SA_RESTORER | SA_NODEFER |
                                  SA_RESETHAND, unix_sigreturn, 0};
    if (sys_failed(sys3(SYS_sigaltstack, &ss, 0, 0)) ||
        sys_failed(sys6(SYS_rt_sigaction, SIGSEGV, (long)&sa, 0, sizeof sa.mask, 0, 0)))
        fail("pyrage: cannot install the SIGSEGV handler\n");
    unix_call_on_stack(guard_end + STACK_SIZE, fn, arg);
}
