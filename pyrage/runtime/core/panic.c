/*
 * Fatal errors. Compiled code calls these where CPython would raise an
 * exception pyrage v0 cannot yet catch, or where pyrage deliberately differs
 * from CPython (a 64-bit int that overflows). Both stop loudly, with the
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

/* Prints what CPython prints for an uncaught exception, and exits 1 as CPython does. */
void rt_panic_exc(const pyrage_loc *loc, const char *exc_type, const char *message)
{
    rt_err_str("Traceback (most recent call last):\n  File \"");
    rt_err_str(loc->file);
    rt_err_str("\", line ");
    rt_err_int(loc->line);
    rt_err_str("\n");
    rt_err_str(exc_type);
    if (message[0]) {
        rt_err_str(": ");
        rt_err_str(message);
    }
    rt_err_str("\n");
    pyrage_exit(1);
}

/* A 64-bit int left its range: CPython would have grown it, so pyrage must not go on. */
__attribute__((noreturn, cold)) void rt_trap_overflow(const pyrage_loc *loc)
{
    rt_err_str(loc->file);
    rt_err_str(":");
    rt_err_int(loc->line);
    rt_err_str(": fatal: integer overflow (pyrage ints are 64-bit)\n");
    pyrage_abort();
}

__attribute__((noreturn, cold)) void rt_panic_zero_division(const pyrage_loc *loc)
{
    rt_panic_exc(loc, "ZeroDivisionError", "integer division or modulo by zero");
}
