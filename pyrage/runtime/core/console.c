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

void rt_err_hex(uint64_t v)
{
    char buf[18];
    int i = sizeof buf;
    do {
        buf[--i] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    buf[--i] = 'x';
    buf[--i] = '0';
    pyrage_console_write_err(buf + i, sizeof buf - (size_t)i);
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
