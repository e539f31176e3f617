/* Clocks: CLOCK_MONOTONIC and CLOCK_REALTIME through clock_gettime(2). */
#include <pyrage/abi.h>
#include "sys.h"

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1

static pyrage_time_t read_clock(int id)
{
    struct unix_timespec ts;
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
