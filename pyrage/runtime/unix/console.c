/* Console: stdout and stderr, written in full (retrying short writes and EINTR). */
#include <pyrage/abi.h>
#include "sys.h"

static void write_all(int fd, const char *buf, size_t size)
{
    while (size > 0) {
        long n = sys3(SYS_write, fd, buf, size);
        if (n == -EINTR || n == -EAGAIN)
            continue;
        if (n <= 0)
            return; /* the contract: a console that cannot write drops the bytes */
        buf += n;
        size -= (size_t)n;
    }
}

void pyrage_console_write(const char *buf, size_t size)
{
    write_all(1, buf, size);
}

void pyrage_console_write_err(const char *buf, size_t size)
{
    write_all(2, buf, size);
}
