/*
 * yield: ppoll(2) with no descriptors yet, so the process sleeps in the
 * kernel until the deadline. Device handles (tap, block files) join the
 * poll set when the network and block issues add them.
 */
#include <pyrage/abi.h>
#include "sys.h"

void pyrage_yield(pyrage_time_t deadline, pyrage_handle_set_t *ready_set)
{
    if (ready_set)
        *ready_set = 0;
    pyrage_time_t now = pyrage_clock_monotonic();
    if (deadline <= now)
        return;
    pyrage_time_t wait = deadline - now;
    struct unix_timespec ts = {(long)(wait / 1000000000u), (long)(wait % 1000000000u)};
    /* A signal or an early return is allowed by the contract: callers re-check. */
    sys6(SYS_ppoll, 0, 0, (long)&ts, 0, 8, 0);
}
