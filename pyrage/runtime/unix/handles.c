/*
 * The handle table shared by taps, sockets and block devices (devices.h),
 * and the one-line messages the devices print when the host refuses them.
 */
#include "devices.h"
#include "sys.h"

struct unix_handle unix_handles[UNIX_HANDLES];
unsigned unix_handle_limit;
pyrage_handle_set_t unix_ready;

static int first_free(int from, int to)
{
    for (int h = from; h < to; h++)
        if (unix_handles[h].kind == UNIX_FREE)
            return h;
    return -1;
}

int unix_handle_open(int fd, int kind)
{
    /* TCP sockets leave the handles with a bit of their own (and an entry in core's tables,
     * which only NICs, UDP sockets and block devices have) to the other devices while they
     * can. */
    int h = kind != UNIX_TCP ? -1 : first_free(UNIX_OWN_BITS, UNIX_HANDLES);
    if (h < 0)
        h = first_free(UNIX_FIRST_HANDLE, UNIX_OWN_BITS);
    if (h < 0)
        return -1;
    unix_handles[h] = (struct unix_handle){.fd = fd, .kind = (uint8_t)kind};
    if ((unsigned)h >= unix_handle_limit)
        unix_handle_limit = (unsigned)h + 1;
    return h;
}

struct unix_handle *unix_handle_get(pyrage_handle_t h, int kind)
{
    if (h >= UNIX_HANDLES || unix_handles[h].kind != kind)
        return 0;
    return &unix_handles[h];
}

void unix_handle_close(pyrage_handle_t h)
{
    if (h >= UNIX_HANDLES || unix_handles[h].kind == UNIX_FREE)
        return;
    sys3(SYS_close, unix_handles[h].fd, 0, 0);
    unix_handles[h] = (struct unix_handle){0};
    while (unix_handle_limit > 0 && unix_handles[unix_handle_limit - 1].kind == UNIX_FREE)
        unix_handle_limit--;
}

pyrage_result_t unix_handle_result(struct unix_handle *h, long ret, int writing)
{
    /* EINTR is AGAIN too: the frame is still pending (or the room still there), so the
     * next poll reports the handle at once and nothing is lost. */
    int again = ret == -EAGAIN || ret == -EINTR;
    if (!sys_failed(ret) || again) {
        if (writing && again)
            h->want_write = 1;
        if (!writing && again)
            h->want_read = 1;
        if (!writing)
            h->broken = 0; /* the error poll saw has been read: poll the fd again */
        return again ? PYRAGE_R_AGAIN : PYRAGE_R_OK;
    }
    return PYRAGE_R_EUNSPEC;
}

void unix_say(const char *const *parts, int count)
{
    char line[256];
    size_t n = 0;
    static const char head[] = "pyrage: ";
    for (const char *p = head; *p; p++)
        line[n++] = *p;
    for (int i = 0; i < count; i++)
        for (const char *p = parts[i]; *p && n < sizeof line - 1; p++)
            line[n++] = *p;
    line[n++] = '\n';
    pyrage_console_write_err(line, n);
}

/* "1.2.3.4:5" into buf (at least 22 bytes). */
static void format_endpoint(char *buf, uint32_t addr, uint16_t port)
{
    unsigned parts[5] = {addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255, addr & 255, port};
    for (int i = 0; i < 5; i++) {
        char digits[5];
        int n = 0;
        do {
            digits[n++] = (char)('0' + parts[i] % 10);
            parts[i] /= 10;
        } while (parts[i]);
        while (n)
            *buf++ = digits[--n];
        *buf++ = i < 3 ? '.' : i == 3 ? ':' : 0;
    }
}

void unix_say_endpoint(const char *what, uint32_t addr, uint16_t port, const char *why)
{
    char endpoint[24];
    format_endpoint(endpoint, addr, port);
    const char *parts[] = {"cannot ", what, " ", endpoint, ": ", why};
    unix_say(parts, 6);
}

const char *unix_strerror(long err)
{
    switch (err) {
    case EPERM:
        return "operation not permitted";
    case ENOENT:
        return "no such file or directory";
    case EACCES:
        return "permission denied";
    case EBUSY:
        return "device or resource busy";
    case ENODEV:
        return "no such device";
    case EINVAL:
        return "invalid argument";
    case EMFILE:
        return "too many open files";
    case EADDRINUSE:
        return "address already in use";
    case EADDRNOTAVAIL:
        return "cannot assign requested address";
    default: {
        static char other[24] = "errno ";
        char digits[8];
        int n = 0, at = 6;
        unsigned long v = err > 0 ? (unsigned long)err : 0;
        do {
            digits[n++] = (char)('0' + v % 10);
            v /= 10;
        } while (v && n < (int)sizeof digits);
        while (n)
            other[at++] = digits[--n];
        other[at] = 0;
        return other;
    }
    }
}
