/*
 * Marking: from the roots, every reachable object gets its mark bit.
 *
 * Roots are the machine stack and the callee-saved registers (conservatively:
 * any word that points anywhere into an allocated object keeps it, because
 * LLVM at O2 may keep only a derived pointer), pyrage_global_roots (the
 * compiler's list of object-holding globals) and the core's own registry.
 * Objects are traced precisely by their type's kind, except CONSERVATIVE ones.
 * Every candidate goes through gc_find(), so a stale or random word can only
 * retain memory, never corrupt it. The descriptors and page_map that gc_find
 * consults were checked by the page walk that starts each collection
 * (gc_pages_check; nothing else runs until marking ends), and scan() checks
 * the header of each object it reads: a corrupted one stops the program
 * before marking follows it.
 *
 * The mark stack is explicit (no recursion: a 100k-long list is no deeper than
 * a short one), and big arrays are scanned GC_ARRAY_CHUNK slots per entry. If
 * it overflows, the objects that did not fit stay marked but unscanned, and
 * the heap is rescanned for marked objects until no overflow happens.
 */
#include "gc.h"

/* WARNING: weak so that C test apps without globals link; the compiler always emits it. */
extern void **const pyrage_global_roots[] __attribute__((weak));

#define GC_CORE_ROOTS 16
static void **core_roots[GC_CORE_ROOTS];
static int ncore_roots;

static gc_mark_entry *top, *limit;
static bool overflowed;

void rt_gc_add_root(void **slot)
{
    for (int i = 0; i < ncore_roots; i++)
        if (core_roots[i] == slot)
            return;
    if (ncore_roots == GC_CORE_ROOTS)
        rt_fatal("too many core GC roots");
    core_roots[ncore_roots++] = slot;
}

/* The in-use span holding address v, or NULL (outside the heap, or in a free run). Unchecked:
 * for marking, after gc_pages_check (a check per lookup would cost a third of the pause). */
static inline gc_span *span_of(uint64_t v)
{
    uint64_t off = v - gc.data;
    if (off >= gc.frontier_bytes) /* static objects, ints, NULL: one compare */
        return 0;
    uint64_t p = off >> GC_PAGE_SHIFT, h = gc.page_map[p];
    gc_span *s = &gc.spans[h];
    /* A free run's inner pages may still name an old span: check it covers p. */
    if (s->state == GC_FREE || p - h >= s->npages)
        return 0;
    return s;
}

/* The image's read-only memory, code and constants: every type is const, so it is there. */
#if defined(PYRAGE_TARGET_UNIX)
extern const char __executable_start[], etext[]; /* lld's: the ELF header to the end of .text */
#define READ_ONLY_START __executable_start
#define READ_ONLY_END etext
#elif defined(PYRAGE_TARGET_VIRTIO)
extern const char _image_start[], _rodata_end[]; /* virtio/link.ld: .text, then .rodata */
#define READ_ONLY_START _image_start
#define READ_ONLY_END _rodata_end
#else
#error "which target? runtime.py defines PYRAGE_TARGET_<TARGET>"
#endif

/* Whether t can be an object's type: aligned, all of it in read-only memory, of a kind that
 * exists. Anything else in a header is a corruption (an overrun of the object before it, a
 * stray write) that marking must not follow. */
static inline bool type_ok(const pyrage_type *t)
{
    uintptr_t a = (uintptr_t)t, start = (uintptr_t)READ_ONLY_START;
    return a - start <= (uintptr_t)READ_ONLY_END - start - sizeof *t && (a & 7) == 0 &&
           t->kind <= PYRAGE_KIND_CONSERVATIVE;
}

static inline unsigned slot_of(const gc_span *s, uint64_t v)
{
    return (unsigned)(((v - s->base) * s->magic) >> 32);
}

gc_span *gc_find(uint64_t v, uint64_t **obj, unsigned *slot)
{
    gc_span *s = span_of(v);
    if (!s)
        return 0;
    if (s->state == GC_LARGE) {
        *obj = (uint64_t *)s->base;
        *slot = 0;
        return s;
    }
    unsigned i = slot_of(s, v);
    if (i >= s->nobjs || !(s->alloc[i >> 6] & (1ull << (i & 63))))
        return 0; /* the tail of the span, or a free slot */
    *obj = (uint64_t *)(s->base + i * s->size);
    *slot = i;
    return s;
}

bool rt_gc_is_live(const void *p)
{
    uint64_t off = (uint64_t)(uintptr_t)p - gc.data;
    if (off < gc.frontier_bytes) /* between collections: checked, as every other use */
        gc_span_at(off >> GC_PAGE_SHIFT);
    gc_span *s = span_of((uint64_t)(uintptr_t)p);
    if (!s)
        return false;
    unsigned i = s->state == GC_LARGE ? 0 : slot_of(s, (uint64_t)(uintptr_t)p);
    if (i >= s->nobjs && s->state == GC_SMALL)
        return false;
    if (s->epoch != gc.epoch) /* not swept yet: the last collection's marks say */
        return (s->mark[i >> 6] >> (i & 63)) & 1;
    return s->state == GC_LARGE || ((s->alloc[i >> 6] >> (i & 63)) & 1);
}

static inline void push(uint64_t *obj, uint64_t from)
{
    if (top == limit) {
        overflowed = true; /* obj stays marked; rescan_marked() finds it */
        gc.stats.mark_overflows++;
        return;
    }
    top->obj = obj;
    top->from = from;
    top++;
}

void gc_mark_word(uint64_t v)
{
    uint64_t *obj;
    unsigned i;
    gc_span *s = gc_find(v, &obj, &i);
    if (!s)
        return;
    uint64_t bit = 1ull << (i & 63);
    if (s->mark[i >> 6] & bit)
        return;
    s->mark[i >> 6] |= bit;
    gc.live += s->size;
    if (!s->noscan) /* noscan objects are never read: not even their header */
        push(obj, 0);
}

/* Scans obj from word/slot `from`; a long array pushes its remainder first. */
static void scan(uint64_t *obj, uint64_t from)
{
    const pyrage_type *t = (const pyrage_type *)obj[0];
    uint64_t lo, hi;
    if (__builtin_expect(!type_ok(t), 0))
        rt_heap_corrupt("object header", (uintptr_t)obj);
    if (t->kind == PYRAGE_KIND_INSTANCE) {
        for (uint64_t m = t->ptrmap & ~1ull; m; m &= m - 1)
            gc_mark_word(obj[__builtin_ctzll(m)]);
        return;
    }
    uint64_t words = span_of((uint64_t)(uintptr_t)obj)->size / 8; /* the allocation's */
    if (t->kind == PYRAGE_KIND_ARRAY) {
        lo = 2;
        hi = 2 + (uint64_t)((pyrage_array *)obj)->length;
        if (hi > words) /* never past the allocation, whatever the length says */
            hi = words;
    } else { /* CONSERVATIVE: every word but the header */
        lo = 1;
        hi = words;
    }
    lo += from;
    if (lo >= hi)
        return;
    if (hi - lo > GC_ARRAY_CHUNK) {
        push(obj, from + GC_ARRAY_CHUNK);
        hi = lo + GC_ARRAY_CHUNK;
    }
    for (uint64_t w = lo; w < hi; w++)
        gc_mark_word(obj[w]);
}

/* Pops into a small FIFO that prefetches each object a few scans before it is read:
 * marking is bound by cache misses on the objects. */
#ifndef GC_PREFETCH
#define GC_PREFETCH 8
#endif
static void drain(void)
{
    /* WARNING: fields are copied one by one: a 16-byte load of an entry that push() has
     * just stored as two 8-byte words defeats store forwarding, which costs more than the
     * prefetch gains. */
    uint64_t *objs[GC_PREFETCH], froms[GC_PREFETCH];
    unsigned head = 0, n = 0;
    for (;;) {
        if ((uint64_t)(top - gc.mark_stack) > gc.mark_stack_high)
            gc.mark_stack_high = (uint64_t)(top - gc.mark_stack);
        while (n < GC_PREFETCH && top > gc.mark_stack) {
            top--;
            unsigned i = (head + n++) % GC_PREFETCH;
            objs[i] = top->obj;
            froms[i] = top->from;
            __builtin_prefetch(objs[i]);
        }
        if (!n)
            return;
        uint64_t *obj = objs[head], from = froms[head];
        head = (head + 1) % GC_PREFETCH;
        n--;
        scan(obj, from);
    }
}

static void mark_root(uint64_t v)
{
    gc_mark_word(v);
    drain();
}

/* After an overflow: scan every marked object again (children already marked are skipped).
 * Each round marks something new, so this ends; with a sane stack it never runs. */
static void rescan_marked(void)
{
    while (overflowed) {
        overflowed = false;
        for (uint64_t h = 0; h < gc.frontier; h += gc.spans[h].npages) {
            gc_span *s = &gc.spans[h];
            if (s->state == GC_FREE || s->noscan)
                continue;
            unsigned nwords = s->state == GC_SMALL ? s->nwords : 1;
            for (unsigned w = 0; w < nwords; w++) {
                for (uint64_t m = s->mark[w]; m; m &= m - 1) {
                    uint64_t *obj = (uint64_t *)(s->base + (w * 64 + __builtin_ctzll(m)) * s->size);
                    push(obj, 0);
                    drain();
                }
            }
        }
    }
}

void gc_mark_roots_and_trace(uintptr_t sp)
{
    top = gc.mark_stack;
    limit = gc.mark_stack + GC_MARK_STACK_ENTRIES;
    overflowed = false;
    for (int i = 0; i < ncore_roots; i++)
        mark_root((uint64_t)(uintptr_t)*core_roots[i]);
    void **const *globals = pyrage_global_roots;
    __asm__("" : "+r"(globals)); /* WARNING: a weak symbol's address may be NULL */
    for (; globals && *globals; globals++)
        mark_root((uint64_t)(uintptr_t)**globals);
    /* The stack, from the collector's frame (registers spilled into it) to the program's base. */
    for (uintptr_t p = sp & ~(uintptr_t)7; p < gc.stack_base; p += 8)
        mark_root(*(const uint64_t *)p);
    rescan_marked();
}
