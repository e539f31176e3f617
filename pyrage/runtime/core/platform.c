/*
 * stdlib/platform.py's @extern functions: the platform ABI with pyrage
 * values (str, bytes, int) in place of C buffers.
 */
#include "object.h"

void rt_console_write(const pyrage_bytes *data)
{
    pyrage_console_write(data->data, (size_t)data->size);
}

void rt_console_write_err(const pyrage_bytes *data)
{
    pyrage_console_write_err(data->data, (size_t)data->size);
}

int64_t rt_clock_monotonic(void)
{
    return (int64_t)pyrage_clock_monotonic();
}

int64_t rt_clock_wall(void)
{
    return (int64_t)pyrage_clock_wall();
}

int64_t rt_yield_until(int64_t deadline)
{
    pyrage_handle_set_t ready = 0;
    pyrage_yield(deadline < 0 ? 0 : (pyrage_time_t)deadline, &ready);
    return (int64_t)ready;
}

void rt_exit(int64_t status)
{
    pyrage_exit((int)status);
}

/* print(): the text is already joined (sep, end) by compiled code. */
void rt_print(const pyrage_str *text)
{
    pyrage_console_write(text->data, (size_t)text->size);
}

/* print(..., file=sys.stderr) */
void rt_print_err(const pyrage_str *text)
{
    pyrage_console_write_err(text->data, (size_t)text->size);
}
