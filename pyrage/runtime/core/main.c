/*
 * The bridge from the platform to the compiled program: pyrage_app_main()
 * is the ABI's application entry point; pyrage_main() is what the compiler
 * emits for the program's module-level code.
 */
#include "object.h"

/* Emitted by the compiler: runs the program; an uncaught exception is left in rt_exc. */
extern void pyrage_main(void);
int rt_report_uncaught(void);

static int boot_argc;
static const char *const *boot_argv;

int pyrage_app_main(const struct pyrage_start_info *si)
{
    boot_argc = si->argc;
    boot_argv = si->argv;
    /* Everything the program puts on the stack is below this frame: the collector scans
     * from its own stack pointer up to here. */
    void *stack_base = __builtin_frame_address(0);
    rt_heap_init(si->heap_start, si->heap_size, stack_base);
    pyrage_main();
    return rt_exc ? rt_report_uncaught() : 0;
}

/* stdlib.platform.argc() */
int64_t rt_argc(void)
{
    return boot_argc;
}

/* stdlib.platform.argv(i): "" outside 0 <= i < argc. */
pyrage_str *rt_argv(int64_t i)
{
    const char *arg = (i >= 0 && i < boot_argc) ? boot_argv[i] : "";
    return rt_str_from(arg, (int64_t)rt_cstrlen(arg));
}
