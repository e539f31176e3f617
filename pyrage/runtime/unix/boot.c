/*
 * unix boot: arguments from the initial stack, less the --net:NAME=TAP and
 * --block:NAME=PATH ones (args.c takes those), the heap from one anonymous
 * mapping, then the application, on a stack of its own (stack.c). The heap
 * is reserved, not committed: Linux backs its pages only when they are first
 * touched.
 */
#include "devices.h"
#include "sys.h"

#define HEAP_RESERVE ((size_t)4 << 30) /* 4 GiB of address space, backed on demand */
#define PROT_READ 1
#define PROT_WRITE 2
#define MAP_PRIVATE 2
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000

void ssp_init(const uint64_t *initial_stack);                  /* ssp.c */
void unix_run_on_own_stack(void (*fn)(void *), void *arg);       /* stack.c */

static void run(void *si)
{
    pyrage_exit(pyrage_app_main(si));
}

/* Not protected by -fstack-protector: ssp_init sets the guard here, and this function
 * never returns, so it would never check it anyway. */
__attribute__((noreturn, no_stack_protector)) void unix_boot(uint64_t *initial_stack)
{
    ssp_init(initial_stack);
    struct pyrage_start_info si;
    unix_vdso_init(initial_stack); /* before the arguments are rearranged */
    /* argv is ours to rearrange: it lives on our stack. */
    si.argc = unix_device_args((int)initial_stack[0], (char **)(initial_stack + 1));
    si.argv = (const char *const *)(initial_stack + 1);
    long heap = sys6(SYS_mmap, 0, (long)HEAP_RESERVE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (heap < 0 && heap > -4096) {
        static const char msg[] = "pyrage: cannot reserve the heap\n";
        pyrage_console_write_err(msg, sizeof msg - 1);
        pyrage_abort();
    }
    si.heap_start = (uintptr_t)heap;
    si.heap_size = HEAP_RESERVE;
    unix_run_on_own_stack(run, &si); /* and never returns */
    __builtin_unreachable();
}
