/*
 * Entropy: getrandom(2) (Linux 3.17 and later), or /dev/urandom where a
 * seccomp filter or an older kernel refuses it (ENOSYS, EPERM). Both are the
 * kernel's CSPRNG: PYRAGE_ENTROPY_OS.
 */
#include <pyrage/abi.h>
#include "sys.h"

#define SYS_getrandom 318
#ifndef ENOSYS
#define ENOSYS 38
#endif

/* The rest of buf from /dev/urandom; PYRAGE_R_EUNSPEC if it cannot be read to the end. */
static pyrage_result_t from_urandom(uint8_t *buf, size_t size)
{
    long fd;
    do
        fd = sys3(SYS_open, "/dev/urandom", O_RDONLY | O_CLOEXEC, 0);
    while (fd == -EINTR);
    if (sys_failed(fd))
        return PYRAGE_R_EUNSPEC;
    pyrage_result_t r = PYRAGE_R_OK;
    while (size > 0) {
        long got = sys3(SYS_read, fd, buf, size);
        if (got == -EINTR)
            continue;
        if (got <= 0) { /* an error, or an end of file that /dev/urandom never has */
            r = PYRAGE_R_EUNSPEC;
            break;
        }
        buf += got;
        size -= (size_t)got;
    }
    sys3(SYS_close, fd, 0, 0);
    return r;
}

/*
 * getrandom(buf, size, 0) blocks only until the kernel's pool is first seeded
 * (early in the host's boot), then never. It may return fewer bytes than asked:
 * at most 32 MiB - 1 per call, and after a signal once it has given 256; a
 * signal before anything was copied is EINTR. Either way we go on with the rest.
 */
pyrage_result_t pyrage_entropy(uint8_t *buf, size_t size)
{
    while (size > 0) {
        long got = sys3(SYS_getrandom, buf, size, 0);
        if (got == -EINTR || got == -EAGAIN)
            continue;
        if (got == -ENOSYS || got == -EPERM)
            return from_urandom(buf, size);
        if (got <= 0)
            return PYRAGE_R_EUNSPEC;
        buf += got;
        size -= (size_t)got;
    }
    return PYRAGE_R_OK;
}

int pyrage_entropy_source(void)
{
    return PYRAGE_ENTROPY_OS;
}
