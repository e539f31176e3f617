/*
 * A C stand-in for a compiled program that exercises the collector
 * (runtime/core/gc_*.c). tests/runtime/test_gc.py links it with the unix or
 * virtio runtime; argv[1] picks the mode, and results are printed as key=value
 * lines. A check that fails is a fatal error (exit status 134).
 *
 *   stack          objects reachable only from the stack survive churn
 *   global         ... only from a pyrage_global_roots entry; a global that is not
 *                  listed does not keep its object
 *   interior       ... only through interior pointers (small and large objects)
 *   deep           100k-long chains (instances, ref arrays, conservative objects)
 *   cycles         unreachable cycles are reclaimed
 *   arrays         ref arrays keep their elements, value arrays do not; a 200k-slot
 *                  ref array is scanned in chunks
 *   conservative   CONSERVATIVE objects keep whatever their words point into
 *   churn MB       steady state: MB megabytes allocated against a bounded live set
 *   bench N MB     throughput of N small allocations, and pauses at an MB-sized live set
 */
#include "../../pyrage/runtime/core/gc.h"

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);

static void out(const char *s) { pyrage_console_write(s, rt_cstrlen(s)); }

static void out_int(const char *key, int64_t v)
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
    out(key);
    out("=");
    pyrage_console_write(buf + i, sizeof buf - (size_t)i);
    out("\n");
}

#define CHECK(cond, what)                                                                      \
    do {                                                                                       \
        if (!(cond))                                                                           \
            rt_fatal("check failed: " what);                                                   \
    } while (0)

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

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* An instance: {type, next, other, value}; words 1 and 2 are pointers. */
typedef struct node {
    const pyrage_type *type;
    struct node *next;
    struct node *other;
    int64_t value;
} node;
static const pyrage_type node_type = {.name = "node", .kind = PYRAGE_KIND_INSTANCE,
                                      .size = sizeof(node), .ptrmap = 0x6};
/* An instance whose pointer field is not in its ptrmap: it must not keep anything. */
static const pyrage_type opaque_type = {.name = "opaque", .kind = PYRAGE_KIND_INSTANCE,
                                        .size = sizeof(node), .ptrmap = 0};
static const pyrage_type cons_type = {.name = "frame", .kind = PYRAGE_KIND_CONSERVATIVE};

static node *new_node(node *next, int64_t value)
{
    node *n = rt_alloc(sizeof(node), &node_type);
    n->next = next;
    n->value = value;
    return n;
}

static node *list(int64_t n, int64_t seed)
{
    node *head = 0;
    for (int64_t i = 0; i < n; i++)
        head = new_node(head, seed + i);
    return head;
}

static void check_list(const node *head, int64_t n, int64_t seed)
{
    int64_t i = n;
    for (; head; head = head->next) {
        i--;
        CHECK(head->type == &node_type && head->value == seed + i, "list node intact");
        CHECK(rt_gc_is_live(head), "list node live");
    }
    CHECK(i == 0, "list length");
}

/* Garbage, of mixed sizes, to make the collector run and reuse memory. */
static __attribute__((noinline)) void churn_garbage(int64_t bytes)
{
    for (int64_t done = 0; done < bytes;) {
        uint64_t r = rnd();
        int64_t size = r % 8 == 0 ? (int64_t)(r >> 8) % 20000 + 16 : (int64_t)(r >> 8) % 200 + 16;
        pyrage_array *a = rt_array_new(size / 8, r & 1);
        a->slots[0] = r;
        done += size;
    }
}

/* Overwrites the dead stack below us, so that stale words left by earlier calls do not
 * retain what a test expects to be reclaimed (the stack is scanned conservatively). */
static __attribute__((noinline)) void clear_stack(void)
{
    volatile char buf[32768];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = 0;
}

static void collect(void)
{
    clear_stack();
    rt_gc_collect();
}

static struct rt_gc_stats stats(void)
{
    struct rt_gc_stats s;
    rt_gc_stats(&s);
    return s;
}

static void print_stats(void)
{
    struct rt_gc_stats s = stats();
    out_int("collections", (int64_t)s.collections);
    out_int("bytes_allocated", (int64_t)s.bytes_allocated);
    out_int("live_bytes", (int64_t)s.live_bytes);
    out_int("footprint", (int64_t)s.footprint);
    out_int("max_pause_ns", (int64_t)s.max_pause_ns);
    out_int("total_pause_ns", (int64_t)s.total_pause_ns);
    out_int("mark_overflows", (int64_t)s.mark_overflows);
}

#ifdef GC_APP_UNIX
static long syscall3(long n, long a, long b, long c)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return ret;
}

/* Peak resident set in KiB: VmHWM of /proc/self/status. (getrusage's ru_maxrss will not
 * do: Linux carries the pre-exec peak of the parent, here pytest, over an execve.) */
static int64_t peak_rss_kib(void)
{
    static char buf[4096];
    long fd = syscall3(2, (long)"/proc/self/status", 0, 0), n = 0, r;
    if (fd < 0)
        return -1;
    while (n < (long)sizeof buf - 1 && (r = syscall3(0, fd, (long)(buf + n), (long)sizeof buf - 1 - n)) > 0)
        n += r;
    syscall3(3, fd, 0, 0);
    buf[n] = 0;
    for (char *p = buf; p + 6 <= buf + n; p++) {
        if (memcmp(p, "VmHWM:", 6) == 0) {
            int64_t v = 0;
            for (p += 6; *p == ' ' || *p == '\t'; p++)
                ;
            for (; *p >= '0' && *p <= '9'; p++)
                v = v * 10 + (*p - '0');
            return v;
        }
    }
    return -1;
}
#else
static int64_t peak_rss_kib(void) { return -1; }
#endif

/* ---- the modes --------------------------------------------------------------------------- */

static void test_stack(void)
{
    node *volatile head = list(1000, 7);
    pyrage_str *volatile s = rt_str_from("kept alive by the stack", 23);
    for (int round = 0; round < 5; round++) {
        churn_garbage(8 << 20);
        collect();
        check_list(head, 1000, 7);
        CHECK(is(s, "kept alive by the stack") && rt_gc_is_live(s), "str on the stack");
    }
    out("stack ok\n");
}

static void *g_root;     /* listed in pyrage_global_roots */
static void *g_unlisted; /* not listed: the data section is not scanned */
void **const pyrage_global_roots[] = {&g_root, 0};

static __attribute__((noinline)) void fill_globals(void)
{
    g_root = list(1000, 100);
    g_unlisted = list(10, 5000);
}

static void test_global(void)
{
    fill_globals();
    collect();
    for (int round = 0; round < 5; round++) {
        churn_garbage(8 << 20);
        collect();
        check_list(g_root, 1000, 100);
    }
    out_int("unlisted_live", rt_gc_is_live(g_unlisted));
    out("global ok\n");
}

static __attribute__((noinline)) char *make_small_interior(void)
{
    node *n = list(3, 40);
    return (char *)n + 20; /* inside the first node, not at its start */
}

static __attribute__((noinline)) char *make_large_interior(void)
{
    pyrage_array *a = rt_array_new(100000, false); /* 800 KB: a large object */
    for (int64_t i = 0; i < a->length; i++)
        a->slots[i] = (uint64_t)(i * 3);
    return (char *)&a->slots[77777];
}

static void test_interior(void)
{
    char *volatile small = make_small_interior();
    char *volatile large = make_large_interior();
    for (int round = 0; round < 5; round++) {
        churn_garbage(8 << 20);
        collect();
        check_list((node *)(small - 20), 3, 40);
        pyrage_array *a = (pyrage_array *)(large - 16 - 77777 * 8);
        CHECK(a->ob.type == &rt_type_array_values && a->length == 100000, "large header");
        for (int64_t i = 0; i < a->length; i += 997)
            CHECK(a->slots[i] == (uint64_t)(i * 3), "large contents");
        CHECK(rt_gc_is_live(a), "large live");
    }
    out("interior ok\n");
}

#define DEEP 100000

static void test_deep(void)
{
    node *volatile chain = list(DEEP, 0);
    pyrage_array *volatile arrays = 0; /* [next, value] ref arrays */
    for (int64_t i = 0; i < DEEP; i++) {
        pyrage_array *a = rt_array_new(2, true);
        a->slots[0] = (uint64_t)arrays;
        a->slots[1] = (uint64_t)rt_str_from("x", 1);
        arrays = a;
    }
    uint64_t *volatile frames = 0; /* conservative: the link sits in word 3 of 4 */
    for (int64_t i = 0; i < DEEP; i++) {
        uint64_t *f = rt_alloc(32, &cons_type);
        f[1] = (uint64_t)i;
        f[3] = (uint64_t)frames;
        frames = f;
    }
    collect();
    churn_garbage(16 << 20);
    collect();
    check_list(chain, DEEP, 0);
    int64_t n = 0;
    for (pyrage_array *a = arrays; a; a = (pyrage_array *)a->slots[0], n++)
        CHECK(is((pyrage_str *)a->slots[1], "x"), "array chain element");
    CHECK(n == DEEP, "array chain length");
    n = DEEP;
    for (uint64_t *f = frames; f; f = (uint64_t *)f[3])
        CHECK(f[1] == (uint64_t)--n, "conservative chain");
    CHECK(n == 0, "conservative chain length");
    print_stats();
    out("deep ok\n");
}

/* Rings, pairs and self-loops, through instances, ref arrays and conservative objects;
 * their addresses go into a value array, which must not keep them. */
static __attribute__((noinline)) void make_cycles(pyrage_array *addrs)
{
    for (int64_t i = 0; i < addrs->length; i++) {
        void *first;
        switch (i % 4) {
        case 0: { /* a ring of 10 */
            node *head = new_node(0, i), *n = head;
            for (int k = 0; k < 9; k++)
                n = new_node(n, k);
            head->next = n;
            first = head;
            break;
        }
        case 1: { /* a self-loop */
            node *n = new_node(0, i);
            n->next = n->other = n;
            first = n;
            break;
        }
        case 2: { /* array <-> node */
            pyrage_array *a = rt_array_new(30, true);
            node *n = new_node(0, i);
            n->other = (node *)a;
            a->slots[29] = (uint64_t)n;
            first = a;
            break;
        }
        default: { /* conservative frame <-> node, through an interior pointer */
            uint64_t *f = rt_alloc(64, &cons_type);
            node *n = new_node(0, i);
            n->other = (node *)(f + 5);
            f[7] = (uint64_t)n;
            first = f;
        }
        }
        addrs->slots[i] = (uint64_t)first;
    }
}

static void test_cycles(void)
{
    pyrage_array *volatile addrs = rt_array_new(20000, false);
    collect();
    uint64_t before = stats().live_bytes;
    make_cycles(addrs);
    int64_t live = 0;
    for (int64_t i = 0; i < addrs->length; i++)
        live += rt_gc_is_live((void *)addrs->slots[i]);
    out_int("live_before", live);
    collect();
    uint64_t after = stats().live_bytes;
    live = 0;
    for (int64_t i = 0; i < addrs->length; i++)
        live += rt_gc_is_live((void *)addrs->slots[i]);
    out_int("live_after", live);
    out_int("live_bytes_before", (int64_t)before);
    out_int("live_bytes_after", (int64_t)after);
    out("cycles ok\n");
}

static void test_arrays(void)
{
    pyrage_array *volatile refs = rt_array_new(200000, true); /* 1.6 MB: large, chunked */
    pyrage_array *volatile values = rt_array_new(1000, false);
    for (int64_t i = 0; i < refs->length; i++)
        refs->slots[i] = (uint64_t)new_node(0, i);
    for (int64_t i = 0; i < values->length; i++)
        values->slots[i] = (uint64_t)new_node(0, -i);
    collect();
    churn_garbage(8 << 20);
    collect();
    for (int64_t i = 0; i < refs->length; i++) {
        node *n = (node *)refs->slots[i];
        CHECK(n->type == &node_type && n->value == i && rt_gc_is_live(n), "ref array element");
    }
    int64_t live = 0;
    for (int64_t i = 0; i < values->length; i++)
        live += rt_gc_is_live((void *)values->slots[i]);
    out_int("value_targets_live", live);
    /* An instance field outside the ptrmap is not a reference either. */
    node *volatile o = rt_alloc(sizeof(node), &opaque_type);
    o->next = new_node(0, 1);
    void *target = o->next;
    values->slots[0] = (uint64_t)target;
    target = 0;
    collect();
    out_int("opaque_target_live", rt_gc_is_live((void *)values->slots[0]));
    print_stats();
    out("arrays ok\n");
}

static void test_conservative(void)
{
    /* Small and large frames; words point to starts, interiors and ends of objects. */
    uint64_t *volatile small = rt_alloc(200, &cons_type);
    uint64_t *volatile big = rt_alloc(100000, &cons_type);
    small[3] = (uint64_t)list(100, 1);
    small[11] = (uint64_t)rt_str_from("interior", 8) + 30;
    big[1] = (uint64_t)list(100, 2);
    big[12499] = (uint64_t)list(100, 3) + 24; /* the last word of a 100000-byte object */
    for (int64_t i = 100; i < 12000; i += 100)
        big[i] = (uint64_t)new_node(0, i);
    pyrage_array *volatile gone = rt_array_new(1, false); /* a target nothing points to */
    gone->slots[0] = (uint64_t)new_node(0, 99);
    for (int round = 0; round < 3; round++) {
        churn_garbage(8 << 20);
        collect();
        check_list((node *)small[3], 100, 1);
        CHECK(is((pyrage_str *)(small[11] - 30), "interior"), "interior str");
        check_list((node *)big[1], 100, 2);
        check_list((node *)(big[12499] - 24), 100, 3);
        for (int64_t i = 100; i < 12000; i += 100)
            CHECK(((node *)big[i])->value == i && rt_gc_is_live((void *)big[i]), "big frame word");
    }
    out_int("unreferenced_live", rt_gc_is_live((void *)gone->slots[0]));
    out("conservative ok\n");
}

/* Each object's contents are a function of its seed, so a premature free is caught. */
static void *churn_object(uint64_t r, pyrage_array *table)
{
    unsigned kind = (unsigned)(r % 200);
    if (kind < 100) { /* a few nodes, often a ring (through `other`) */
        node *n = list((int64_t)(r >> 8) % 4 + 1, (int64_t)(r & 0xFFFF)), *last = n;
        while (last->next)
            last = last->next;
        if (r & 0x100)
            last->other = n;
        return n;
    }
    if (kind < 160) {
        int64_t size = (int64_t)(r >> 8) % 500 + 1;
        pyrage_str *s = rt_str_new(size);
        memset(s->data, (int)(size & 0x7F), (size_t)size);
        return s;
    }
    if (kind < 190) { /* refs to small objects of the table (they outlive their slot) */
        pyrage_array *a = rt_array_new((int64_t)(r >> 8) % 60 + 4, true);
        for (int64_t i = 0; i < a->length; i++) {
            const pyrage_object *o = (const pyrage_object *)
                table->slots[(r >> 16 ^ (uint64_t)i * 31) % (uint64_t)table->length];
            if (o && (o->type == &node_type || o->type == &rt_type_str))
                a->slots[i] = (uint64_t)o;
        }
        return a;
    }
    /* values: 8..64 KiB, or in one case of 10, up to 1 MiB */
    int64_t len = kind == 199 ? (int64_t)(r >> 8) % 131072 + 8192 : (int64_t)(r >> 8) % 7168 + 1024;
    pyrage_array *a = rt_array_new(len, false);
    a->slots[0] = (uint64_t)len;
    a->slots[len - 1] = (uint64_t)len * 3;
    return a;
}

static void check_churn_object(const pyrage_object *o)
{
    if (!o)
        return;
    CHECK(rt_gc_is_live(o), "churn object live");
    if (o->type == &node_type) {
        for (const node *n = (const node *)o; n; n = n->next)
            CHECK(n->type == &node_type, "churn node");
    } else if (o->type == &rt_type_str) {
        const pyrage_str *s = (const pyrage_str *)o;
        for (int64_t i = 0; i < s->size; i++)
            CHECK(s->data[i] == (char)(s->size & 0x7F), "churn str");
    } else if (o->type == &rt_type_array_values) {
        const pyrage_array *a = (const pyrage_array *)o;
        CHECK(a->slots[0] == (uint64_t)a->length && a->slots[a->length - 1] == a->slots[0] * 3,
              "churn values");
    } else {
        CHECK(o->type == &rt_type_array_refs, "churn type");
    }
}

static void test_churn(int64_t megabytes)
{
    pyrage_array *volatile table = rt_array_new(4096, true);
    uint64_t total = (uint64_t)megabytes << 20, peak_footprint = 0;
    pyrage_time_t start = pyrage_clock_monotonic();
    for (uint64_t i = 0; stats().bytes_allocated < total; i++) {
        uint64_t r = rnd();
        table->slots[r % 4096] = (uint64_t)churn_object(r >> 12, table);
        if (i % 65536 == 0) {
            for (int64_t k = 0; k < table->length; k++)
                check_churn_object((const pyrage_object *)table->slots[k]);
            uint64_t f = stats().footprint;
            peak_footprint = f > peak_footprint ? f : peak_footprint;
        }
    }
    pyrage_time_t ns = pyrage_clock_monotonic() - start;
    for (int64_t k = 0; k < table->length; k++)
        check_churn_object((const pyrage_object *)table->slots[k]);
    print_stats();
    out_int("elapsed_ms", (int64_t)(ns / 1000000));
    out_int("peak_rss_kib", peak_rss_kib());
    out("churn ok\n");
}

static __attribute__((noinline)) node *build_live(int64_t bytes)
{
    /* A tree-ish graph: a list whose nodes also point 1000 nodes back. */
    node *head = 0, *back = 0;
    for (int64_t i = 0; i < bytes / (int64_t)sizeof(node); i++) {
        head = new_node(head, i);
        head->other = back;
        if (i % 1000 == 0)
            back = head;
    }
    return head;
}

static void test_bench(int64_t n, int64_t live_mb)
{
    /* Throughput: small objects (32-byte nodes), almost all garbage at once. */
    node *volatile keep = 0;
    pyrage_time_t t0 = pyrage_clock_monotonic();
    for (int64_t i = 0; i < n; i++) {
        node *x = new_node(0, i);
        if ((i & 1023) == 0)
            keep = x;
    }
    pyrage_time_t t1 = pyrage_clock_monotonic();
    out_int("small_objects", n);
    out_int("small_ns", (int64_t)(t1 - t0));
    /* Mixed sizes 16..256 bytes. */
    uint64_t bytes0 = stats().bytes_allocated;
    t0 = pyrage_clock_monotonic();
    for (int64_t i = 0; i < n; i++) {
        pyrage_str *s = rt_str_new((int64_t)(i * 7 % 225));
        if ((i & 1023) == 0)
            keep = (node *)s;
    }
    t1 = pyrage_clock_monotonic();
    out_int("mixed_bytes", (int64_t)(stats().bytes_allocated - bytes0));
    out_int("mixed_ns", (int64_t)(t1 - t0));
    (void)keep;
    /* Pauses with a live set of live_mb MB of 32-byte nodes. */
    node *volatile live = build_live(live_mb << 20);
    collect();
    struct rt_gc_stats before = stats();
    for (int i = 0; i < 3; i++)
        collect();
    struct rt_gc_stats after = stats();
    out_int("live_bytes", (int64_t)after.live_bytes);
    out_int("pause_ns", (int64_t)((after.total_pause_ns - before.total_pause_ns) / 3));
    out_int("max_pause_ns", (int64_t)after.max_pause_ns);
    out_int("footprint", (int64_t)after.footprint);
    CHECK(live->value == (live_mb << 20) / (int64_t)sizeof(node) - 1, "live set intact");
    out("bench ok\n");
}

void pyrage_main(void)
{
    const pyrage_str *mode = rt_argc() > 1 ? rt_argv(1) : rt_str_from("stack", 5);
    if (is(mode, "stack"))
        test_stack();
    else if (is(mode, "global"))
        test_global();
    else if (is(mode, "interior"))
        test_interior();
    else if (is(mode, "deep"))
        test_deep();
    else if (is(mode, "cycles"))
        test_cycles();
    else if (is(mode, "arrays"))
        test_arrays();
    else if (is(mode, "conservative"))
        test_conservative();
    else if (is(mode, "churn"))
        test_churn(arg_int(2, 1024));
    else if (is(mode, "bench"))
        test_bench(arg_int(2, 20000000), arg_int(3, 64));
    else
        rt_fatal("unknown mode");
}
