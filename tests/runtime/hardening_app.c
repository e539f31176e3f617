/*
 * A guest that attacks its own memory protections, for
 * tests/runtime/test_hardening.py, on unix and virtio (docs/security.md).
 * Each mode must stop with its own message and exit status
 * (runtime/include/pyrage/fault.h); none may come back. Before an attack on
 * an address it prints "target=0x..." on the error console so that the test
 * can check the report names that address. argv[1] picks:
 *   exit        exit 0 (the image itself works)
 *   writecode   write to the code (pyrage_main's first byte)
 *   writerodata write to a const array
 *   execheap    call a `ret` written into a heap object (a str)
 *   execdata    call a `ret` in a static, writable array (.data)
 *   execstack   call a `ret` in a local array
 *   null        read a field at offset 8 of a NULL pointer
 *   overflow    unbounded recursion with 512-byte frames
 *   smash       write 64 bytes into a 16-byte local array, then return
 *   writesecret write to the collector's secret (rt_heap_secret)
 *   heaphdr     overrun a 16-byte object by one word, into the next one's header,
 *               then collect (status 119, as the four below)
 *   pagehdr     overwrite a span descriptor's slot size (a page header), then collect
 *   pagelist    point a span's list link at a forged one, then make the collector
 *               unlink it
 *   pagemap     make a page's page_map entry name a page above it, then collect
 *   guard       print the stack protector's guard and the collector's secret:
 *               "guard=0x...", "secret=0x..."
 *   pagetables  (virtio) walk the page tables from CR3 and print, for chosen
 *               addresses, "NAME 0xADDR PERMS SIZE CACHE" or "NAME 0xADDR unmapped"
 */
#include "../../pyrage/runtime/core/gc.h"

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);
void pyrage_main(void);

void **const pyrage_global_roots[] = {0};
extern const uint64_t __stack_chk_guard; /* the targets' ssp.c: its first 8 bytes on unix */

/* On the error console, before the report (on virtio both consoles are the serial port). */
static void target(const volatile void *p)
{
    rt_err_str("target=");
    rt_err_hex((uintptr_t)p);
    rt_err_str("\n");
}

static bool is(const pyrage_str *s, const char *c)
{
    size_t n = rt_cstrlen(c);
    return (size_t)s->size == n && memcmp(s->data, c, n) == 0;
}

#define RET 0xC3

static const uint8_t rodata[64] = {1, 2, 3};
static uint8_t data_code[16] = {RET};
static volatile uint64_t depth_limit = ~0ull; /* never reached: the stack runs out first */

static void call(uint8_t *code)
{
    target(code);
    ((void (*)(void))(uintptr_t)code)();
}

__attribute__((noinline)) static uint64_t recurse(uint64_t n)
{
    volatile uint8_t frame[512];
    frame[0] = (uint8_t)n;
    frame[511] = (uint8_t)n;
    if (n < depth_limit)
        return recurse(n + 1) + frame[n & 511];
    return 0;
}

/* -fstack-protector-strong puts the guard between buf and the return address. */
__attribute__((noinline)) static void smash(size_t n)
{
    char buf[16];
    volatile char *p = buf;
    for (size_t i = 0; i < n; i++)
        p[i] = 'A';
}

/* An instance whose word 1 is a pointer: marking reads its header. 16 bytes, so two
 * allocated in a row from a fresh span are neighbours. */
typedef struct pair {
    const pyrage_type *type;
    struct pair *next;
} pair;
static const pyrage_type pair_type = {.name = "pair", .kind = PYRAGE_KIND_INSTANCE,
                                      .size = sizeof(pair), .ptrmap = 0x2};

static pair *new_pair(void)
{
    return rt_alloc(sizeof(pair), &pair_type);
}

/* The descriptor of the span holding p, and the page it describes. */
static gc_span *span_of(const void *p)
{
    return &gc.spans[gc.page_map[((uintptr_t)p - gc.data) >> GC_PAGE_SHIFT]];
}

static const void *page_of(const void *p)
{
    return (const void *)(gc.data + (((uintptr_t)p - gc.data) & ~(GC_PAGE - 1)));
}

/* Each attack keeps its objects reachable (volatile locals: the stack is a root), so that
 * marking visits them. */
static void heap_attack(const pyrage_str *mode)
{
    pair *volatile a = new_pair(), *volatile b = new_pair();
    if (is(mode, "heaphdr")) {
        uint64_t *words = (uint64_t *)a;
        target(words + 2);     /* one word past a: b's header, if b follows a */
        words[2] = 0x4141414141414141ull;
        rt_gc_collect();
    } else if (is(mode, "pagehdr")) {
        target(page_of(a));
        span_of(a)->size = 4096;
        rt_gc_collect();
    } else if (is(mode, "pagelist")) {
        static gc_link forged = {&forged, &forged};
        rt_gc_collect();       /* a's span is now on a list of spans to sweep */
        target(page_of(a));
        span_of(a)->link.next = &forged;
        rt_gc_collect();       /* which first sweeps that list, unlinking each span */
    } else { /* pagemap */
        uint64_t p = ((uintptr_t)a - gc.data) >> GC_PAGE_SHIFT;
        target(page_of(a));
        gc.page_map[p] = (uint32_t)(p + 1);
        rt_gc_collect();
    }
    (void)b;
}

#ifdef HARDENING_VIRTIO
extern char _stack_bottom[], _stack_top[]; /* runtime/virtio/link.ld */

#define PTE_P 0x1ull
#define PTE_RW 0x2ull
#define PTE_PCD 0x10ull
#define PTE_PS 0x80ull
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull

/* What the CPU would allow at a: writable and executable only if every level allows it.
 * On the error console, which on virtio is the serial port too. */
static void describe(const char *name, uint64_t a)
{
    uint64_t cr3;
    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    const uint64_t *table = (const uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
    bool writable = true, executable = true;
    rt_err_str(name);
    rt_err_str(" ");
    rt_err_hex(a);
    for (int level = 4; level >= 1; level--) {
        uint64_t e = table[(a >> (12 + 9 * (level - 1))) & 511];
        if (!(e & PTE_P)) {
            rt_err_str(" unmapped\n");
            return;
        }
        writable = writable && (e & PTE_RW);
        executable = executable && !(e & PTE_NX);
        if (level == 1 || (level <= 3 && (e & PTE_PS))) {
            rt_err_str(writable ? " rw" : " r-");
            rt_err_str(executable ? "x" : "-");
            rt_err_str(level == 1 ? " 4K" : level == 2 ? " 2M" : " 1G");
            rt_err_str(e & PTE_PCD ? " uc\n" : " wb\n");
            return;
        }
        table = (const uint64_t *)(uintptr_t)(e & PTE_ADDR);
    }
}

static void page_tables(void)
{
    static uint64_t bss_word;
    volatile uint64_t local = 0;
    pyrage_str *heap = rt_str_from("heap", 4);
    describe("page0", 0);
    describe("low", 0x100000);
    describe("guard", (uintptr_t)_stack_bottom - 8);
    describe("stack", (uintptr_t)&local);
    describe("code", (uintptr_t)pyrage_main);
    describe("rodata", (uintptr_t)rodata);
    describe("data", (uintptr_t)data_code);
    describe("bss", (uintptr_t)&bss_word);
    describe("heap", (uintptr_t)heap->data);
    describe("lapic", 0xFEE00000);
    describe("mmio", 0xFEB00000);     /* no virtio device: nothing maps it */
    describe("beyond", 0x80000000);   /* 2 GiB: past the RAM of a 64 MiB guest */
}
#endif

static void attack(const pyrage_str *mode)
{
    if (is(mode, "writecode")) {
        volatile uint8_t *code = (volatile uint8_t *)(uintptr_t)pyrage_main;
        target(code);
        *code = RET;
    } else if (is(mode, "writerodata")) {
        volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)rodata;
        target(p);
        *p = 0;
    } else if (is(mode, "execheap")) {
        pyrage_str *s = rt_str_from("\xc3\xc3\xc3\xc3", 4);
        call((uint8_t *)s->data);
    } else if (is(mode, "execdata")) {
        call(data_code);
    } else if (is(mode, "execstack")) {
        uint8_t code[16] = {RET};
        call(code);
    } else if (is(mode, "null")) {
        volatile uint64_t *volatile nowhere = 0;
        target((const volatile void *)8);
        (void)nowhere[1];
    } else if (is(mode, "writesecret")) {
        volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)&rt_heap_secret;
        target(p);
        *p = 0;
    } else if (is(mode, "heaphdr") || is(mode, "pagehdr") || is(mode, "pagelist") ||
               is(mode, "pagemap")) {
        heap_attack(mode);
    } else if (is(mode, "overflow")) {
        recurse(0);
    } else if (is(mode, "smash")) {
        smash(64);
#ifdef HARDENING_VIRTIO
    } else if (is(mode, "pagetables")) {
        page_tables();
        return;
#endif
    } else {
        rt_fatal("unknown mode");
    }
    rt_fatal("the attack was not stopped");
}

void pyrage_main(void)
{
    const pyrage_str *mode = rt_argc() > 1 ? rt_argv(1) : rt_str_from("exit", 4);
    if (is(mode, "guard")) {
        rt_err_str("guard=");
        rt_err_hex(__stack_chk_guard);
        rt_err_str("\nsecret=");
        rt_err_hex(rt_heap_secret);
        rt_err_str("\n");
    } else if (!is(mode, "exit")) {
        attack(mode);
    }
}
