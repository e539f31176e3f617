/*
 * The bridge from the platform to the compiled program: pyrage_app_main()
 * is the ABI's application entry point; pyrage_main() is what the compiler
 * emits for the program's module-level code.
 */
#include "object.h"

/* Emitted by the compiler: runs the program, returns its exit status. */
extern int64_t pyrage_main(void);

static int boot_argc;
static const char *const *boot_argv;

int pyrage_app_main(const struct pyrage_start_info *si)
{
    boot_argc = si->argc;
    boot_argv = si->argv;
    rt_heap_init(si->heap_start, si->heap_size);
    return (int)pyrage_main();
}

/* stdlib.platform.argc() */
int64_t rt_argc(void)
{
    return boot_argc;
}

/* stdlib.platform.argv(i): the caller has checked 0 <= i < argc. */
pyrage_str *rt_argv(int64_t i)
{
    const char *arg = (i >= 0 && i < boot_argc) ? boot_argv[i] : "";
    return rt_str_from(arg, (int64_t)rt_cstrlen(arg));
}
