/*
 * A tiny application for the virtio platform tests: it stands in for a
 * compiled pyrage program (the core's main.c calls pyrage_main) and exercises
 * the platform ABI. argv[1] picks what to do:
 *   hello                 print one line
 *   args                  print argc and each argv[i] between <>
 *   exit N                return N as the exit status
 *   abort                 a core fatal error (pyrage_abort)
 *   ud2 | pagefault       a CPU exception
 *   sleep N MS            sleep N times MS milliseconds with pyrage_yield
 *   wall                  print the wall clock (seconds, year)
 *   clock                 print the calibration (runtime internals)
 *   mem MIB               allocate, fill and check MIB MiB of heap
 *   order                 interleave console and error-console writes
 */
#include "../../pyrage/runtime/core/object.h"

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);
extern uint64_t clock_tsc_hz, clock_lapic_hz; /* runtime/virtio/clock.c */
extern const char *clock_source;

static void out(const char *s) { pyrage_console_write(s, rt_cstrlen(s)); }

static void out_int(int64_t v)
{
    char buf[24];
    int i = sizeof buf;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    pyrage_console_write(buf + i, sizeof buf - (size_t)i);
}

static bool is(const pyrage_str *s, const char *c)
{
    size_t n = rt_cstrlen(c);
    return (size_t)s->size == n && memcmp(s->data, c, n) == 0;
}

static int64_t arg_int(int64_t i, int64_t dflt)
{
    if (i >= rt_argc())
        return dflt;
    const pyrage_str *s = rt_argv(i);
    int64_t v = 0;
    for (int64_t k = 0; k < s->size; k++)
        v = v * 10 + (s->data[k] - '0');
    return v;
}

static void sleep_test(int64_t n, int64_t ms)
{
    pyrage_time_t t0 = pyrage_clock_monotonic(), now = t0;
    for (int64_t i = 1; i <= n; i++) {
        pyrage_time_t deadline = t0 + (pyrage_time_t)(i * ms) * 1000000u;
        int64_t wakeups = 0;
        while ((now = pyrage_clock_monotonic()) < deadline) {
            pyrage_handle_set_t ready = 1;
            pyrage_yield(deadline, &ready);
            if (ready != 0)
                out("ready set not empty\n");
            wakeups++;
        }
        out("tick ");
        out_int(i);
        out(" wakeups=");
        out_int(wakeups);
        out("\n");
    }
    out("slept_us=");
    out_int((int64_t)(now - t0) / 1000);
    out("\n");
}

static void mem_test(int64_t mib)
{
    static const pyrage_type blob = {.name = "blob", .kind = PYRAGE_KIND_INSTANCE};
    uint64_t *chunks[2048];
    int64_t words = ((1 << 20) - 16) / 8;
    for (int64_t i = 0; i < mib && i < 2048; i++) {
        chunks[i] = rt_alloc(1 << 20, &blob);
        for (int64_t w = 1; w < words; w += 64) /* a word per cache line: quick under TCG */
            chunks[i][w] = (uint64_t)(i * words + w);
    }
    for (int64_t i = 0; i < mib && i < 2048; i++)
        for (int64_t w = 1; w < words; w += 64)
            if (chunks[i][w] != (uint64_t)(i * words + w))
                rt_fatal("heap memory does not hold its contents");
    out("mem ok ");
    out_int(mib);
    out(" MiB\n");
}

/* What the compiler emits for a program: no object pointers in globals here. */
void **const pyrage_global_roots[] = {0};

static int64_t app_main(void);

/* The compiled program's entry: the core calls it and exits 0 unless it raised, so the app
 * exits with its own status. */
void pyrage_main(void)
{
    int64_t status = app_main();
    if (status)
        pyrage_exit((int)status);
}

static int64_t app_main(void)
{
    const pyrage_str *mode = rt_argc() > 1 ? rt_argv(1) : rt_str_from("hello", 5);
    if (is(mode, "hello")) {
        out("hello from pyrage on virtio\n");
    } else if (is(mode, "args")) {
        out("argc=");
        out_int(rt_argc());
        out("\n");
        for (int64_t i = 0; i < rt_argc(); i++) {
            const pyrage_str *a = rt_argv(i);
            out("argv[");
            out_int(i);
            out("]=<");
            pyrage_console_write(a->data, (size_t)a->size);
            out(">\n");
        }
    } else if (is(mode, "exit")) {
        return arg_int(2, 0);
    } else if (is(mode, "abort")) {
        rt_fatal("test abort");
    } else if (is(mode, "ud2")) {
        __asm__ volatile("ud2");
    } else if (is(mode, "pagefault")) {
        *(volatile uint64_t *)0x100000000000ull = 1; /* PML4 slot 32: never mapped */
    } else if (is(mode, "sleep")) {
        sleep_test(arg_int(2, 4), arg_int(3, 100));
    } else if (is(mode, "wall")) {
        int64_t s = (int64_t)(pyrage_clock_wall() / 1000000000u);
        out("wall_s=");
        out_int(s);
        out("\nyear=");
        out_int(s ? 1970 + (s / 86400 * 400 + 200) / 146097 : 0); /* good to a day around Jan 1 */
        out("\n");
    } else if (is(mode, "clock")) {
        out("tsc_hz=");
        out_int((int64_t)clock_tsc_hz);
        out(" lapic_hz=");
        out_int((int64_t)clock_lapic_hz);
        out(" source=");
        out(clock_source ? clock_source : "?");
        out("\nuptime_us=");
        out_int((int64_t)(pyrage_clock_monotonic() / 1000));
        uint32_t lo, hi; /* TCG starts the TSC at 0 with the VM: time since power-on */
        __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
        out(" tsc_us=");
        out_int((int64_t)((((uint64_t)hi << 32) | lo) / (clock_tsc_hz / 1000000)));
        out("\n");
    } else if (is(mode, "mem")) {
        mem_test(arg_int(2, 16));
    } else if (is(mode, "order")) {
        for (int i = 0; i < 50; i++) {
            out("out ");
            pyrage_console_write_err("err ", 4);
        }
        out("\n");
    } else {
        out("unknown mode\n");
        return 2;
    }
    return 0;
}
