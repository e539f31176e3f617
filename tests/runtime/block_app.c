/*
 * A block-device application for the unix and virtio runtime tests
 * (tests/runtime/test_unix_block.py, test_virtio_block.py), linked with either
 * runtime. It stands in for a compiled program and calls core/platform.c's
 * rt_block_* (stdlib/platform.py's externs), hence the platform's
 * pyrage_block_*. Buffers are pyrage bytes on the heap, as a program's are.
 *
 * argv[1] picks what to do; results are `key value` lines. pattern(SEED) is
 * the byte at each offset of the device that blocks.py (the tests' side)
 * computes the same way.
 *   args                     print each argument the program sees
 *   acquire NAME...          block_acquire each NAME in turn: the handle, and
 *                            the geometry of those that opened
 *   verify NAME SEED         read the whole device, queue_depth requests in
 *                            flight, and check every byte against pattern(SEED)
 *   fill NAME SEED           write pattern(SEED) over the whole device (large
 *                            requests, queue_depth in flight), then FLUSH
 *   write NAME SEED S...     write pattern(SEED) into sector S (each one, all
 *                            in flight), FLUSH, read them back and check
 *   inflight NAME SEED       queue_depth writes of mixed sizes at once, one
 *                            more (AGAIN), wait in yield for the handle, take
 *                            every completion, then the same as reads: check
 *   bounds NAME              bad requests and handles: their results
 *   readonly NAME            a WRITE, a READ and a FLUSH on a read-only device
 *   wait NAME                yield without requests sleeps to its deadline;
 *                            with a completion pending it returns at once
 *   fail NAME                read the last sector until a read fails (the
 *                            test truncates the file meanwhile, or QEMU
 *                            injects an error): its status
 *   netblock NIC NAME SEED   acquire a NIC and a block device, then verify NAME
 *
 * Its device manifest names every device the tests attach, and "other" (never
 * attached); any other name (the tests use "stray") is refused.
 */
#include <pyrage/manifest.h>

#include "../../pyrage/runtime/core/object.h"

#define B(name) {PYRAGE_DEVICE_BLOCK, name}
PYRAGE_MANIFEST(B("disk"), B("x"), B("odd"), B("gone"), B("dir"), B("empty"), B("other"),
                B("a"), B("b"), B("c"), B("e"), B("second"), B("d0"), B("d1"), B("d2"), B("d3"),
                B("d4"), B("d5"), B("d6"), B("d7"), B("d8"), B("d9"), B("d10"), B("d11"),
                B("d12"), B("d13"), B("d14"), B("d15"), {PYRAGE_DEVICE_NET, "service"},
                {PYRAGE_DEVICE_NET, "disk"}, {PYRAGE_DEVICE_NET, "n"});

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);
extern int64_t rt_yield_until(int64_t deadline);
extern int64_t rt_clock_monotonic(void);
extern int64_t rt_block_acquire(const pyrage_str *name);
extern int64_t rt_block_geometry(int64_t h, int64_t field);
extern int64_t rt_block_submit(int64_t h, int64_t op, int64_t sector, pyrage_bytes *buf,
                               int64_t offset, int64_t size, int64_t tag);
extern int64_t rt_block_poll(int64_t h);
extern int64_t rt_block_status(int64_t h);

enum { READ = 0, WRITE = 1, FLUSH = 2 };
enum { SECTOR_SIZE = 0, SECTORS = 1, READ_ONLY = 2, MAX_REQUEST = 3, QUEUE_DEPTH = 4 };
#define SECOND 1000000000ll
#define MAX_WAIT (60 * SECOND) /* TCG is slow, and CI machines are noisy */
#define MAX_DEPTH 256

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

static void kv(const char *key, int64_t v)
{
    out(key);
    out(" ");
    out_int(v);
    out("\n");
}

static bool is(const pyrage_str *s, const char *c)
{
    size_t n = rt_cstrlen(c);
    return (size_t)s->size == n && memcmp(s->data, c, n) == 0;
}

static int64_t arg_int(int64_t i)
{
    const pyrage_str *s = rt_argv(i);
    int64_t v = 0;
    for (int64_t k = 0; k < s->size; k++)
        v = v * 10 + (s->data[k] - '0');
    return v;
}

static void fail(const char *what, int64_t v)
{
    kv(what, v);
    pyrage_exit(3);
}

/* The byte at offset o of a device filled with pattern(seed): blocks.py's pattern(). */
static uint8_t pattern(uint64_t o, uint64_t seed)
{
    return (uint8_t)(((uint32_t)o * 0x9E3779B1u + (uint32_t)seed * 0x85EBCA6Bu) >> 24);
}

static pyrage_bytes *new_bytes(int64_t size)
{
    pyrage_bytes *b = rt_alloc((int64_t)sizeof(pyrage_bytes) + size, &rt_type_bytes);
    b->size = size;
    return b;
}

static int64_t acquire(int64_t i)
{
    const pyrage_str *name = rt_argv(i);
    int64_t h = rt_block_acquire(name);
    out("acquire ");
    pyrage_console_write(name->data, (size_t)name->size);
    out(" ");
    out_int(h);
    out("\n");
    return h;
}

static int64_t acquire_or_fail(int64_t i)
{
    int64_t h = acquire(i);
    if (h < 0)
        pyrage_exit(3);
    static const char *const fields[] = {"sector_size", "sectors", "read_only", "max_request",
                                         "queue_depth"};
    for (int f = 0; f < 5; f++)
        kv(fields[f], rt_block_geometry(h, f));
    return h;
}

/* Waits in yield for the handle's bit: the number of wakeups without it. */
static int64_t wait_for(int64_t h)
{
    int64_t deadline = rt_clock_monotonic() + MAX_WAIT, spurious = 0;
    while (!((rt_yield_until(deadline) >> h) & 1)) {
        if (rt_clock_monotonic() >= deadline)
            fail("timeout", h);
        spurious++;
    }
    return spurious;
}

/* The next completion, waiting for it: its tag; its status must be OK. */
static int64_t next_completion(int64_t h)
{
    int64_t tag;
    while ((tag = rt_block_poll(h)) == -1)
        wait_for(h);
    if (tag < 0)
        fail("poll_error", tag);
    if (rt_block_status(h) != 0)
        fail("failed_tag", tag);
    return tag;
}

/* Submits, waiting for room while the queue is full. */
static void submit(int64_t h, int64_t op, int64_t sector, pyrage_bytes *buf, int64_t size,
                   int64_t tag, int64_t *completed, int64_t *order)
{
    int64_t r;
    while ((r = rt_block_submit(h, op, sector, buf, 0, size, tag)) == -1)
        order[(*completed)++] = next_completion(h);
    if (r != 0)
        fail("submit_error", r);
}

static void fill_pattern(pyrage_bytes *buf, int64_t size, uint64_t offset, uint64_t seed)
{
    for (int64_t i = 0; i < size; i++)
        buf->data[i] = (char)pattern(offset + (uint64_t)i, seed);
}

static int64_t check_pattern(const pyrage_bytes *buf, int64_t size, uint64_t offset,
                             uint64_t seed)
{
    for (int64_t i = 0; i < size; i++)
        if ((uint8_t)buf->data[i] != pattern(offset + (uint64_t)i, seed))
            return (int64_t)(offset + (uint64_t)i);
    return -1;
}

/* Whole-device passes: verify (READ and check) or fill (WRITE, then FLUSH). */
static void whole(int64_t h, int64_t op, uint64_t seed)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE), sectors = rt_block_geometry(h, SECTORS);
    int64_t depth = rt_block_geometry(h, QUEUE_DEPTH), chunk = rt_block_geometry(h, MAX_REQUEST);
    if (op == READ && chunk > 16384)
        chunk = 16384; /* reads: many small requests; writes: few large ones */
    if (depth > MAX_DEPTH)
        depth = MAX_DEPTH;
    if (depth * chunk > (8 << 20)) /* buffers: 8 MiB at most (virtio guests have 64) */
        depth = (8 << 20) / chunk;
    pyrage_bytes *bufs[MAX_DEPTH];
    int64_t at[MAX_DEPTH], size[MAX_DEPTH], free_tags[MAX_DEPTH], nfree = 0, in_flight = 0;
    for (int64_t t = 0; t < depth; t++) {
        bufs[t] = new_bytes(chunk);
        free_tags[nfree++] = t;
    }
    int64_t next = 0, requests = 0;
    while (next < sectors || in_flight) {
        while (next < sectors && nfree) {
            int64_t t = free_tags[--nfree], n = chunk / ss;
            if (n > sectors - next)
                n = sectors - next;
            at[t] = next;
            size[t] = n * ss;
            if (op == WRITE)
                fill_pattern(bufs[t], size[t], (uint64_t)(next * ss), seed);
            int64_t r = rt_block_submit(h, op, next, bufs[t], 0, size[t], t);
            if (r == -1) { /* full: never, below queue_depth */
                free_tags[nfree++] = t;
                fail("again_below_depth", in_flight);
            }
            if (r != 0)
                fail("submit_error", r);
            next += n;
            in_flight++;
            requests++;
        }
        int64_t t = next_completion(h);
        if (t < 0 || t >= depth)
            fail("bad_tag", t);
        in_flight--;
        free_tags[nfree++] = t;
        if (op == READ) {
            int64_t bad = check_pattern(bufs[t], size[t], (uint64_t)(at[t] * ss), seed);
            if (bad >= 0)
                fail("mismatch_at", bad);
        }
    }
    if (op == WRITE) {
        if (rt_block_submit(h, FLUSH, 0, bufs[0], 0, 0, 999) != 0 || next_completion(h) != 999)
            fail("flush_failed", 0);
    }
    kv("requests", requests);
    kv(op == READ ? "verified" : "filled", sectors);
}

static void write_sectors(int64_t h, uint64_t seed, int64_t first_arg)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE), n = rt_argc() - first_arg;
    if (n > MAX_DEPTH)
        n = MAX_DEPTH;
    pyrage_bytes *bufs[MAX_DEPTH];
    int64_t done = 0, order[2 * MAX_DEPTH + 2];
    for (int64_t i = 0; i < n; i++) {
        int64_t s = arg_int(first_arg + i);
        bufs[i] = new_bytes(ss);
        fill_pattern(bufs[i], ss, (uint64_t)(s * ss), seed);
        submit(h, WRITE, s, bufs[i], ss, i, &done, order);
    }
    submit(h, FLUSH, 0, bufs[0], 0, n, &done, order);
    while (done < n + 1)
        order[done++] = next_completion(h);
    /* Read back into fresh buffers, all in flight again. */
    done = 0;
    for (int64_t i = 0; i < n; i++) {
        bufs[i] = new_bytes(ss);
        submit(h, READ, arg_int(first_arg + i), bufs[i], ss, i, &done, order);
    }
    while (done < n)
        order[done++] = next_completion(h);
    for (int64_t i = 0; i < n; i++) {
        int64_t s = arg_int(first_arg + i);
        if (check_pattern(bufs[i], ss, (uint64_t)(s * ss), seed) >= 0)
            fail("mismatch_sector", s);
    }
    kv("written", n);
}

/*
 * queue_depth requests at once, of mixed sizes (a large one every fourth, so the device has
 * reason to finish them out of order), each at its own place: every tag must come back
 * exactly once, whatever the order.
 */
static void inflight(int64_t h, uint64_t seed)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE), depth = rt_block_geometry(h, QUEUE_DEPTH);
    int64_t big = 65536, small = 4096, stride = big / ss;
    if (depth > MAX_DEPTH || depth * stride > rt_block_geometry(h, SECTORS))
        fail("device_too_small", depth);
    pyrage_bytes *bufs[MAX_DEPTH];
    int64_t seen[MAX_DEPTH], size[MAX_DEPTH];
    for (int pass = 0; pass < 2; pass++) {
        int64_t op = pass == 0 ? WRITE : READ;
        for (int64_t t = 0; t < depth; t++) {
            size[t] = t % 4 == 0 ? big : small;
            bufs[t] = new_bytes(size[t]);
            if (op == WRITE)
                fill_pattern(bufs[t], size[t], (uint64_t)(t * stride * ss), seed);
            int64_t r = rt_block_submit(h, op, t * stride, bufs[t], 0, size[t], t);
            if (r != 0)
                fail("submit_error", r);
            seen[t] = 0;
        }
        pyrage_bytes *extra = new_bytes(ss);
        kv(pass == 0 ? "write_past_depth" : "read_past_depth",
           rt_block_submit(h, READ, 0, extra, 0, ss, depth));
        int64_t spurious = wait_for(h), reordered = 0, last = -1;
        for (int64_t i = 0; i < depth; i++) {
            int64_t t = next_completion(h);
            if (t < 0 || t >= depth || seen[t]++)
                fail("bad_or_twice", t);
            reordered += t < last;
            last = t;
        }
        kv("poll_after_all", rt_block_poll(h));
        kv(pass == 0 ? "write_reordered" : "read_reordered", reordered);
        kv(pass == 0 ? "write_spurious" : "read_spurious", spurious);
    }
    for (int64_t t = 0; t < depth; t++)
        if (check_pattern(bufs[t], size[t], (uint64_t)(t * stride * ss), seed) >= 0)
            fail("mismatch_tag", t);
    kv("inflight", depth);
}

static void bounds(int64_t h)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE), sectors = rt_block_geometry(h, SECTORS);
    int64_t max = rt_block_geometry(h, MAX_REQUEST);
    pyrage_bytes *buf = new_bytes(max + 2 * ss);
    kv("last_sector", rt_block_submit(h, READ, sectors - 1, buf, 0, ss, 1));
    kv("last_sector_tag", next_completion(h));
    kv("past_the_end", rt_block_submit(h, READ, sectors, buf, 0, ss, 2));
    kv("across_the_end", rt_block_submit(h, READ, sectors - 1, buf, 0, 2 * ss, 2));
    kv("write_past_the_end", rt_block_submit(h, WRITE, sectors, buf, 0, ss, 2));
    kv("huge_sector", rt_block_submit(h, READ, INT64_MAX, buf, 0, ss, 2));
    kv("huge_sector_2", rt_block_submit(h, READ, INT64_MAX / ss, buf, 0, ss, 2));
    kv("negative_sector", rt_block_submit(h, READ, -1, buf, 0, ss, 2));
    kv("size_0", rt_block_submit(h, READ, 0, buf, 0, 0, 2));
    kv("size_100", rt_block_submit(h, READ, 0, buf, 0, 100, 2));
    kv("size_sector_plus_1", rt_block_submit(h, READ, 0, buf, 0, ss + 1, 2));
    kv("size_half_sector", rt_block_submit(h, WRITE, 0, buf, 0, ss / 2, 2));
    kv("size_max_request", rt_block_submit(h, READ, 0, buf, 0, max, 3));
    kv("size_max_request_tag", next_completion(h));
    kv("size_over_max_request", rt_block_submit(h, READ, 0, buf, 0, max + ss, 2));
    kv("negative_size", rt_block_submit(h, READ, 0, buf, 0, -ss, 2));
    kv("offset_past_buffer", rt_block_submit(h, READ, 0, buf, buf->size - ss / 2, ss, 2));
    kv("negative_offset", rt_block_submit(h, READ, 0, buf, -1, ss, 2));
    kv("offset_in_buffer", rt_block_submit(h, READ, 0, buf, 7, ss, 4));
    kv("offset_in_buffer_tag", next_completion(h));
    kv("op_3", rt_block_submit(h, 3, 0, buf, 0, ss, 2));
    kv("op_negative", rt_block_submit(h, -1, 0, buf, 0, ss, 2));
    kv("negative_tag", rt_block_submit(h, READ, 0, buf, 0, ss, -1));
    kv("handle_0", rt_block_submit(0, READ, 0, buf, 0, ss, 2));
    kv("handle_63", rt_block_submit(63, READ, 0, buf, 0, ss, 2));
    kv("handle_64", rt_block_submit(64, READ, 0, buf, 0, ss, 2));
    kv("handle_negative", rt_block_submit(-1, READ, 0, buf, 0, ss, 2));
    /* FLUSH: sector, offset and size mean nothing, whatever they are. */
    kv("flush_any_range", rt_block_submit(h, FLUSH, -5, buf, -1, 7, 5));
    kv("flush_tag", next_completion(h));
    kv("poll_empty", rt_block_poll(h));
    kv("poll_bad_handle", rt_block_poll(63));
    kv("status_bad_handle", rt_block_status(63));
    kv("geometry_field_5", rt_block_geometry(h, 5));
    kv("geometry_field_negative", rt_block_geometry(h, -1));
    kv("geometry_bad_handle", rt_block_geometry(63, 0));
    kv("geometry_handle_64", rt_block_geometry(64, 0));
}

static void readonly(int64_t h)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE);
    pyrage_bytes *buf = new_bytes(ss);
    kv("write", rt_block_submit(h, WRITE, 0, buf, 0, ss, 1));
    kv("read", rt_block_submit(h, READ, 0, buf, 0, ss, 2));
    kv("read_tag", next_completion(h));
    kv("flush", rt_block_submit(h, FLUSH, 0, buf, 0, 0, 3));
    kv("flush_tag", next_completion(h));
}

static void wait_test(int64_t h)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE);
    pyrage_bytes *buf = new_bytes(ss);
    /* Nothing in flight: yield sleeps to its deadline, and the handle is not ready. */
    int64_t t0 = rt_clock_monotonic();
    int64_t ready = rt_yield_until(t0 + SECOND / 5);
    kv("idle_ready", (ready >> h) & 1);
    kv("idle_slept_ms", (rt_clock_monotonic() - t0) / 1000000);
    /* A request: yield returns with the handle once it has completed, long before its
     * deadline, and again at once while the completion is not taken. */
    if (rt_block_submit(h, READ, 0, buf, 0, ss, 7) != 0)
        fail("submit_error", 0);
    t0 = rt_clock_monotonic();
    kv("spurious", wait_for(h));
    int64_t t1 = rt_clock_monotonic();
    ready = rt_yield_until(t1 + 10 * SECOND);
    kv("pending_ready", (ready >> h) & 1);
    kv("pending_yield_ms", (rt_clock_monotonic() - t1) / 1000000);
    kv("wait_ms_under_10s", (t1 - t0) < 10 * SECOND);
    kv("tag", next_completion(h));
    ready = rt_yield_until(rt_clock_monotonic() + SECOND / 10);
    kv("taken_ready", (ready >> h) & 1);
}

static void fail_test(int64_t h)
{
    int64_t ss = rt_block_geometry(h, SECTOR_SIZE), sectors = rt_block_geometry(h, SECTORS);
    pyrage_bytes *buf = new_bytes(ss);
    out("acquired\n");
    int64_t deadline = rt_clock_monotonic() + MAX_WAIT;
    for (int64_t tries = 1; rt_clock_monotonic() < deadline; tries++) {
        if (rt_block_submit(h, READ, sectors - 1, buf, 0, ss, tries) != 0)
            fail("submit_error", tries);
        int64_t tag;
        while ((tag = rt_block_poll(h)) == -1)
            wait_for(h);
        if (tag != tries)
            fail("bad_tag", tag);
        if (rt_block_status(h) != 0) {
            kv("failed_status", rt_block_status(h));
            return;
        }
        rt_yield_until(rt_clock_monotonic() + SECOND / 50);
    }
    fail("never_failed", 0);
}

extern int64_t rt_net_acquire(const pyrage_str *name);

static void netblock(void)
{
    int64_t nic = rt_net_acquire(rt_argv(2));
    kv("nic", nic);
    int64_t h = acquire_or_fail(3);
    kv("distinct", nic != h && nic > 0);
    whole(h, READ, (uint64_t)arg_int(4));
}

/* What the compiler emits for a program: no object pointers in globals here. */
void **const pyrage_global_roots[] = {0};

void pyrage_main(void)
{
    const pyrage_str *mode = rt_argc() > 1 ? rt_argv(1) : rt_str_from("args", 4);
    if (is(mode, "args")) {
        for (int64_t i = 0; i < rt_argc(); i++) {
            const pyrage_str *a = rt_argv(i);
            out("arg ");
            pyrage_console_write(a->data, (size_t)a->size);
            out("\n");
        }
    } else if (is(mode, "acquire")) {
        for (int64_t i = 2; i < rt_argc(); i++) {
            int64_t h = acquire(i);
            if (h >= 0) {
                kv("sectors", rt_block_geometry(h, SECTORS));
                kv("read_only", rt_block_geometry(h, READ_ONLY));
            }
        }
    } else if (is(mode, "verify")) {
        whole(acquire_or_fail(2), READ, (uint64_t)arg_int(3));
    } else if (is(mode, "fill")) {
        whole(acquire_or_fail(2), WRITE, (uint64_t)arg_int(3));
    } else if (is(mode, "write")) {
        write_sectors(acquire_or_fail(2), (uint64_t)arg_int(3), 4);
    } else if (is(mode, "inflight")) {
        inflight(acquire_or_fail(2), (uint64_t)arg_int(3));
    } else if (is(mode, "bounds")) {
        bounds(acquire_or_fail(2));
    } else if (is(mode, "readonly")) {
        readonly(acquire_or_fail(2));
    } else if (is(mode, "wait")) {
        wait_test(acquire_or_fail(2));
    } else if (is(mode, "fail")) {
        fail_test(acquire_or_fail(2));
    } else if (is(mode, "netblock")) {
        netblock();
    } else {
        out("unknown mode\n");
        pyrage_exit(2);
    }
}
