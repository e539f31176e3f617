/*
 * Wall clock: the CMOS RTC (QEMU microvm's `rtc=on`), read once, on first
 * use, plus monotonic time since. Reading it lazily keeps the ~20 port
 * accesses off the boot path of programs that never ask the time.
 *
 * The RTC counts whole seconds, so wall time lags UTC by up to 1 s (the
 * fraction of the second in progress at the read). Without an RTC (microvm
 * `rtc=off`, Firecracker) the registers read 0xFF or 0, which fails the
 * range checks, and pyrage_clock_wall() returns 0 as the ABI allows.
 * (kvmclock's wall clock could serve there: not implemented.)
 */
#include "platform.h"
#include "x86.h"

#define CMOS_INDEX 0x70 /* bit 7 would disable NMIs: kept clear */
#define CMOS_DATA 0x71

struct rtc_time {
    uint8_t sec, min, hour, day, mon, year, century, status_b;
};

static uint8_t cmos(uint8_t reg)
{
    outb(CMOS_INDEX, reg);
    return inb(CMOS_DATA);
}

static void rtc_read(struct rtc_time *t)
{
    /* Update-in-progress lasts under 2 ms once a second: wait it out (bounded). */
    for (unsigned i = 0; i < 100000u && (cmos(0x0A) & 0x80); i++)
        ;
    *t = (struct rtc_time){cmos(0x00), cmos(0x02), cmos(0x04), cmos(0x07),
                           cmos(0x08), cmos(0x09), cmos(0x32), cmos(0x0B)};
}

/* Converts BCD (unless the RTC is in binary mode); -1 for a malformed digit. */
static int field(uint8_t v, const struct rtc_time *t)
{
    if (t->status_b & 0x04)
        return v;
    return (v & 0x0F) > 9 || (v >> 4) > 9 ? -1 : (v >> 4) * 10 + (v & 0x0F);
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (y >= 1970). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = y / 400, yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* Seconds since the epoch, or -1 when there is no (sane) RTC. */
static int64_t rtc_seconds(void)
{
    struct rtc_time a, b;
    int tries = 0;
    if (cmos(0x0A) == 0xFF) /* nothing at the port: skip the update-in-progress waits */
        return -1;
    do
        rtc_read(&a), rtc_read(&b);
    while (__builtin_memcmp(&a, &b, sizeof a) && ++tries < 5); /* an update slipped in */
    int pm = !(a.status_b & 0x02) && (a.hour & 0x80); /* 12-hour mode keeps PM in bit 7 */
    int sec = field(a.sec, &a), min = field(a.min, &a), hour = field(a.hour & 0x7F, &a);
    int day = field(a.day, &a), mon = field(a.mon, &a), year = field(a.year, &a);
    int century = field(a.century, &a);
    if (sec < 0 || sec > 59 || min < 0 || min > 59 || hour < 0 || hour > 23 || day < 1 ||
        day > 31 || mon < 1 || mon > 12 || year < 0 || year > 99)
        return -1;
    if (!(a.status_b & 0x02))
        hour = hour % 12 + (pm ? 12 : 0);
    if (century < 19 || century > 99)
        century = 20; /* no century register (it is not standard) */
    int64_t days = days_from_civil(century * 100 + year, mon, day);
    return days < 0 ? -1 : ((days * 24 + hour) * 60 + min) * 60 + sec;
}

pyrage_time_t pyrage_clock_wall(void)
{
    static int state; /* 0: not read yet, 1: have an RTC, 2: none */
    static pyrage_time_t wall_at_read, mono_at_read;
    if (state == 0) {
        int64_t s = rtc_seconds();
        mono_at_read = pyrage_clock_monotonic();
        wall_at_read = (pyrage_time_t)s * 1000000000u;
        state = s < 0 ? 2 : 1;
    }
    if (state == 2)
        return 0;
    return wall_at_read + (pyrage_clock_monotonic() - mono_at_read);
}
