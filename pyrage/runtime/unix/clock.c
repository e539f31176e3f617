/* Clocks: CLOCK_MONOTONIC and CLOCK_REALTIME through the vDSO's clock_gettime (vdso.c), or
 * clock_gettime(2) when the vDSO could not be used. */
#include <pyrage/abi.h>
#include "sys.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

static pyrage_time_t read_clock(int id)
{
    struct unix_timespec ts;
    if (!unix_vdso_clock_gettime || unix_vdso_clock_gettime(id, &ts) != 0)
        sys3(SYS_clock_gettime, id, &ts, 0);
    return (pyrage_time_t)ts.tv_sec * 1000000000u + (pyrage_time_t)ts.tv_nsec;
}

pyrage_time_t pyrage_clock_monotonic(void)
{
    return read_clock(CLOCK_MONOTONIC);
}

pyrage_time_t pyrage_clock_wall(void)
{
    return read_clock(CLOCK_REALTIME);
}
