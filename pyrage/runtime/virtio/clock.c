/*
 * Clocks. Monotonic time is the TSC scaled to nanoseconds with an integer
 * multiply and shift; the TSC's frequency, and the LAPIC timer's (which
 * yield.c needs), come from the first source that has them:
 *  1. CPUID 0x15: the TSC/crystal ratio and the crystal frequency (recent
 *     Intel, and VMMs that pass it through). TSC only.
 *  2. CPUID 0x40000010, the hypervisor timing leaf (QEMU/KVM with invtsc):
 *     TSC kHz in eax, LAPIC bus kHz in ebx.
 *  3. Measured against the PIT over ~1 ms (always the case under TCG:
 *     see calibrate() for how long and how exactly).
 * A LAPIC frequency that no leaf gives is measured against the TSC over the
 * same PIT window, or over ~1 ms of TSC time when the PIT is not needed.
 *
 * The TSC is assumed constant-rate: true of every VMM we target (TCG reads the
 * host's TSC; KVM hosts have constant_tsc), and pyrage runs only in VMs.
 * Wall time is in wall.c.
 */
#include "platform.h"
#include "x86.h"

#define NS_PER_S 1000000000ull
#define PIT_HZ 1193182ull
#define PIT_WINDOW 1193      /* PIT ticks: 1 ms */
#define PIT_MAX_WINDOW 47727 /* 40 ms: below the 16-bit count's 55 ms wrap */

uint64_t clock_tsc_hz, clock_lapic_hz;
const char *clock_source;
static uint64_t tsc_origin, ns_mult, lapic_mult; /* ns = (tsc - tsc_origin) * ns_mult >> 32 */

/* A moment located to within `width` TSC ticks: an edge of the PIT's count, or a LAPIC read. */
struct stamp {
    uint64_t tsc, width;
    uint32_t count;
};

/*
 * Polls PIT channel 2 until its count changes. The change happened between
 * the previous latch and this one, each bracketed by rdtsc: the stamp is the
 * middle of [before the previous latch, after this one].
 */
static uint16_t pit_count(void)
{
    uint8_t lo = inb(0x42); /* two statements: the low byte comes first */
    return (uint16_t)(lo | inb(0x42) << 8);
}

static void pit_edge(struct stamp *s)
{
    uint64_t prev = rdtsc(), before, after;
    outb(0x43, 0x80); /* latch channel 2's count */
    uint16_t c0 = pit_count(), c;
    for (unsigned polls = 0;; polls++) {
        before = rdtsc();
        outb(0x43, 0x80);
        after = rdtsc();
        c = pit_count();
        if (c != c0)
            break;
        if (polls == 1000000u) /* the count is stuck: there is no PIT */
            platform_fatal("cannot calibrate the TSC: no CPUID frequency leaf and no PIT");
        prev = before;
    }
    *s = (struct stamp){prev + (after - prev) / 2, after - prev, c};
}

/* The LAPIC timer's count, read until the read itself took no longer than `width`. */
static void lapic_stamp(struct stamp *s, uint64_t width)
{
    for (int tries = 0; tries < 8; tries++) {
        uint64_t a = rdtsc();
        s->count = lapic_read(LAPIC_TMCCT);
        s->width = rdtsc() - a;
        s->tsc = a + s->width / 2;
        if (s->width <= width)
            break;
    }
}

/*
 * WARNING: under TCG the host may preempt QEMU mid-measurement, and the first
 * pass through code pays for its translation. An edge whose bracket is wider
 * than twice the narrowest seen is not trusted: we take the next one. The
 * window is the longer of PIT_WINDOW and 1000 edge widths (a slow PIT, as in
 * nested KVM, gets a longer window), capped at PIT_MAX_WINDOW.
 */
static void calibrate(void)
{
    struct stamp p0, p1, l0, l1;
    lapic_write(LAPIC_TMICT, 0xFFFFFFFFu); /* one-shot from the top: 4 s at 1 GHz, no interrupt */
    if (!clock_tsc_hz) {
        outb(0x61, (uint8_t)((inb(0x61) & ~0x02) | 0x01)); /* gate channel 2 on, speaker off */
        outb(0x43, 0xB0);                                  /* channel 2, lo/hi, mode 0 */
        outb(0x42, 0xFF);
        outb(0x42, 0xFF);
        pit_edge(&p0); /* warms up: its width does not count */
        uint64_t narrowest = ~0ull;
        for (int n = 0; n < 3 || (p0.width > 2 * narrowest && n < 64); n++) {
            pit_edge(&p0);
            narrowest = p0.width < narrowest ? p0.width : narrowest;
        }
        lapic_stamp(&l0, narrowest);
        uint16_t ticks;
        do {
            pit_edge(&p1);
            narrowest = p1.width < narrowest ? p1.width : narrowest;
            ticks = (uint16_t)(p0.count - p1.count);
        } while (ticks < PIT_MAX_WINDOW &&
                 (ticks < PIT_WINDOW || p1.width > 2 * narrowest ||
                  (p0.width + p1.width) * 1000 > p1.tsc - p0.tsc));
        lapic_stamp(&l1, narrowest);
        clock_tsc_hz = (p1.tsc - p0.tsc) * PIT_HZ / ticks;
        clock_source = "PIT";
    } else {
        lapic_stamp(&l0, ~0ull);
        while (rdtsc() - l0.tsc < clock_tsc_hz / 1000)
            ;
        lapic_stamp(&l1, l0.width);
    }
    lapic_write(LAPIC_TMICT, 0);
    if (!clock_lapic_hz)
        clock_lapic_hz = (uint64_t)(l0.count - l1.count) * clock_tsc_hz / (l1.tsc - l0.tsc);
    if (!clock_lapic_hz)
        platform_fatal("the LAPIC timer does not count");
}

void clock_init(void)
{
    uint32_t r[4];
    cpuid(0, 0, r);
    if (r[0] >= 0x15) {
        cpuid(0x15, 0, r); /* eax: denominator, ebx: numerator, ecx: crystal Hz (0: unknown) */
        if (r[0] && r[1] && r[2]) {
            clock_tsc_hz = (uint64_t)r[2] * r[1] / r[0];
            clock_source = "CPUID 0x15";
        }
    }
    cpuid(1, 0, r);
    if (r[2] & (1u << 31)) { /* running under a hypervisor */
        cpuid(0x40000000, 0, r);
        if (r[0] >= 0x40000010 && r[0] < 0x40000100) {
            cpuid(0x40000010, 0, r);
            if (r[0] && !clock_tsc_hz) {
                clock_tsc_hz = (uint64_t)r[0] * 1000;
                clock_source = "CPUID 0x40000010";
            }
            clock_lapic_hz = (uint64_t)r[1] * 1000; /* 0 when not given */
        }
    }
    if (!clock_tsc_hz || !clock_lapic_hz)
        calibrate();
    /* WARNING: both multipliers must fit 64 bits: true for a TSC above 1 MHz
     * and a LAPIC timer below 4 GHz. */
    ns_mult = (NS_PER_S << 32) / clock_tsc_hz;
    lapic_mult = (clock_lapic_hz << 32) / NS_PER_S;
    tsc_origin = rdtsc();
}

/* A 64x64->128-bit product: no overflow for (2^64 TSC ticks) = centuries. */
pyrage_time_t pyrage_clock_monotonic(void)
{
    return (pyrage_time_t)(((unsigned __int128)(rdtsc() - tsc_origin) * ns_mult) >> 32);
}

/* LAPIC ticks for ns nanoseconds, rounded up so the timer never fires early. */
uint64_t clock_ns_to_lapic(uint64_t ns)
{
    return (uint64_t)(((unsigned __int128)ns * lapic_mult) >> 32) + 1;
}
