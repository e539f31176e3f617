/*
 * yield: ppoll(2) on every open device's fd (taps and sockets, devices.h)
 * with the time left until the deadline, so the process sleeps in the kernel
 * until one is ready or the deadline passes. With no device open it is one
 * ppoll of no fds, as before devices existed. A block device has no fd to
 * poll (its fd is -1 here, which ppoll skips): it is in unix_ready while its
 * requests' completions wait for block_poll, and then ppoll does not sleep.
 * A TCP socket is polled only for what its last AGAIN asked (abi.h), and a
 * handle's bit is handle % 64.
 */
#include "devices.h"
#include "sys.h"

#define POLLIN 0x001
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020

struct unix_pollfd {
    int fd;
    short events;
    short revents;
};

static pyrage_handle_set_t poll_devices(struct unix_timespec *ts)
{
    struct unix_pollfd fds[UNIX_HANDLES];
    uint16_t handle_of[UNIX_HANDLES];
    int n = 0;
    for (unsigned h = 0; h < unix_handle_limit; h++) {
        const struct unix_handle *e = &unix_handles[h];
        if (e->kind == UNIX_FREE || e->broken)
            continue;
        short events = (short)((e->kind != UNIX_TCP || e->want_read ? POLLIN : 0) |
                               (e->want_write ? POLLOUT : 0));
        if (!events) /* a TCP socket nobody waits for: not even its errors wake us */
            continue;
        fds[n] = (struct unix_pollfd){e->fd, events, 0};
        handle_of[n++] = (uint16_t)h;
    }
    pyrage_handle_set_t set = unix_ready;
    if (set) /* ready already: the ppoll only looks at the others */
        *ts = (struct unix_timespec){0, 0};
    long ready = sys6(SYS_ppoll, (long)fds, n, (long)ts, 0, 8, 0);
    for (int i = 0; ready > 0 && i < n; i++) {
        short got = fds[i].revents;
        if (!got)
            continue;
        struct unix_handle *e = &unix_handles[handle_of[i]];
        if (got & POLLOUT)
            e->want_write = 0; /* the ABI: in the set once when room appears */
        if (e->kind == UNIX_TCP) {
            /* Once, whatever came: every waiter on the bit wakes, retries, and asks again
             * (an error or the end of the stream is a result, not an AGAIN: no busy loop). */
            e->want_read = e->want_write = 0;
        } else if (got & (POLLERR | POLLHUP | POLLNVAL)) {
            /* An fd in error stays in error (a deleted tap): report it once, so its reader
             * sees the error, and stop polling it, or every yield would return at once. */
            e->broken = 1;
        }
        set |= (pyrage_handle_set_t)1 << (handle_of[i] % UNIX_OWN_BITS);
    }
    return set;
}

void pyrage_yield(pyrage_time_t deadline, pyrage_handle_set_t *ready_set)
{
    if (ready_set)
        *ready_set = 0;
    pyrage_time_t now = pyrage_clock_monotonic();
    int devices = unix_handle_limit != 0;
    if (deadline <= now && !devices)
        return;
    /* With devices, a past deadline is still one ppoll with a zero timeout: the caller
     * learns which handles are ready without sleeping. */
    pyrage_time_t wait = deadline > now ? deadline - now : 0;
    struct unix_timespec ts = {(long)(wait / 1000000000u), (long)(wait % 1000000000u)};
    /* A signal or an early return is allowed by the contract: callers re-check. */
    if (!devices) {
        sys6(SYS_ppoll, 0, 0, (long)&ts, 0, 8, 0);
        return;
    }
    pyrage_handle_set_t set = poll_devices(&ts);
    if (ready_set)
        *ready_set = set;
}
