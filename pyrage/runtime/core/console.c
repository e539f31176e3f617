/*
 * The core's own diagnostics (fatal errors, tracebacks), written straight to
 * the platform's error console without touching the heap: they must work
 * when the heap is exhausted.
 */
#include "object.h"

void rt_err_str(const char *s)
{
    pyrage_console_write_err(s, rt_cstrlen(s));
}

void rt_err_int(int64_t v)
{
    char buf[24];
    int i = sizeof buf;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    pyrage_console_write_err(buf + i, sizeof buf - i);
}
