/*
 * Fatal errors: where pyrage deliberately differs from CPython (a 64-bit int
 * that overflows) or cannot go on (out of memory). They stop loudly, with the
 * source location, on the diagnostics console.
 */
#include "object.h"

void rt_fatal(const char *what)
{
    rt_err_str("pyrage: fatal: ");
    rt_err_str(what);
    rt_err_str("\n");
    pyrage_abort();
}

/* A 64-bit int left its range: CPython would have grown it, so pyrage must not go on. */
__attribute__((noreturn, cold)) void rt_trap_overflow(const pyrage_loc *loc)
{
    rt_err_str(rt_loc_frame(loc)->file);
    rt_err_str(":");
    rt_err_int(rt_loc_line(loc));
    rt_err_str(": fatal: integer overflow (pyrage ints are 64-bit)\n");
    pyrage_abort();
}
