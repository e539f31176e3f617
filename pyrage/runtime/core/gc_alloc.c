/*
 * Allocation. Objects up to 32 KiB go to one of 40 size classes (16-byte steps
 * to 128, then four per doubling, so rounding wastes at most 25%); each class
 * allocates from spans of equal slots, found through the span's allocation
 * bitmap (the previous collection's mark bits, see gc_sweep.c). Larger objects
 * get a span of their own, from the page allocator.
 *
 * The fast path takes the first free bit of the current span of the class and
 * zeroes the slot; everything else (a new span, sweeping, collecting) is in
 * the slow path. Memory is zeroed when it is handed out, not when it is freed,
 * so a sweep never touches the objects themselves.
 */
#include "gc.h"

const uint32_t gc_class_size[GC_NCLASSES] = {
    16,    32,    48,    64,    80,    96,    112,   128,   160,   192,
    224,   256,   320,   384,   448,   512,   640,   768,   896,   1024,
    1280,  1536,  1792,  2048,  2560,  3072,  3584,  4096,  5120,  6144,
    7168,  8192,  10240, 12288, 14336, 16384, 20480, 24576, 28672, 32768,
};
static uint8_t class_pages[GC_NCLASSES];
static uint16_t class_slots[GC_NCLASSES];
static uint8_t class_by_16[1024 / 16 + 1];          /* sizes up to 1 KiB, in 16-byte steps */
static uint8_t class_by_128[GC_MAX_SMALL / 128 + 1]; /* up to 32 KiB, in 128-byte steps */

/* Span lengths: the fewest pages whose tail waste is at most 1/8, with at most 512 slots.
 * With these, slot = (offset * (2^32 / size + 1)) >> 32 equals offset / size for every
 * offset inside a span (checked exhaustively when the table was chosen). */
static void init_classes(void)
{
    for (unsigned c = 0; c < GC_NCLASSES; c++) {
        uint32_t size = gc_class_size[c], n = 1;
        for (;; n++) {
            uint64_t bytes = n * GC_PAGE, slots = bytes / size;
            if (slots >= 1 && slots <= GC_MAX_SLOTS && (bytes - slots * size) * 8 <= bytes)
                break;
        }
        class_pages[c] = (uint8_t)n;
        class_slots[c] = (uint16_t)(n * GC_PAGE / size);
    }
    unsigned c = 0;
    for (unsigned i = 0; i <= 1024 / 16; i++) {
        while (gc_class_size[c] < i * 16)
            c++;
        class_by_16[i] = (uint8_t)c;
    }
    for (unsigned i = 0; i <= GC_MAX_SMALL / 128; i++) {
        while (gc_class_size[c] < i * 128)
            c++;
        class_by_128[i] = (uint8_t)c;
    }
}

static inline unsigned class_of(uint64_t size)
{
    return size <= 1024 ? class_by_16[(size + 15) >> 4] : class_by_128[(size + 127) >> 7];
}

void rt_heap_init(uintptr_t start, size_t size, void *stack_base)
{
    memset(&gc, 0, sizeof gc);
    gc_pages_init(start, size);
    init_classes();
    for (unsigned c = 0; c < GC_NLISTS; c++) {
        gc_list_init(&gc.partial[c]);
        gc_list_init(&gc.full[c]);
        gc_list_init(&gc.unswept[c]);
    }
    gc_list_init(&gc.large);
    gc_list_init(&gc.unswept_large);
    gc.stack_base = (uintptr_t)stack_base;
    gc.trigger = GC_MIN_TRIGGER;
    rt_gc_add_root((void **)&rt_exc); /* the core's own object-holding globals */
}

static inline uint64_t *take_slot(gc_span *s)
{
    for (unsigned w = s->cursor; w < s->nwords; w++) {
        uint64_t free = ~s->alloc[w];
        if (free) {
            unsigned b = (unsigned)__builtin_ctzll(free);
            s->alloc[w] |= 1ull << b;
            s->cursor = (uint8_t)w;
            return (uint64_t *)(s->base + (w * 64 + b) * s->size);
        }
    }
    s->cursor = s->nwords;
    return 0;
}

/* A swept span for list c with a free slot: a partially used one, one swept now, or new. */
static gc_span *next_span(unsigned c)
{
    unsigned sc = c % GC_NCLASSES;
    while (gc_list_empty(&gc.partial[c]) && !gc_list_empty(&gc.unswept[c]))
        gc_sweep_span((gc_span *)gc.unswept[c].next);
    if (!gc_list_empty(&gc.partial[c])) {
        gc_span *s = (gc_span *)gc.partial[c].next;
        gc_check_span(s);
        return s;
    }
    gc_span *s = gc_pages_alloc(class_pages[sc]);
    if (!s)
        return 0;
    s->state = GC_SMALL;
    s->sizeclass = (uint8_t)c;
    s->noscan = c >= GC_NCLASSES;
    s->size = gc_class_size[sc];
    s->magic = (uint32_t)(0xFFFFFFFFu / gc_class_size[sc] + 1);
    s->nobjs = class_slots[sc];
    s->nwords = (uint8_t)((s->nobjs + 63) / 64);
    s->cursor = 0;
    for (unsigned w = 0; w < GC_BITMAP_WORDS; w++)
        s->alloc[w] = s->mark[w] = 0;
    if (s->nobjs & 63) /* slots past the end are never free */
        s->alloc[s->nwords - 1] = ~0ull << (s->nobjs & 63);
    gc_seal(s);
    gc_list_push(&gc.partial[c], &s->link);
    return s;
}

static __attribute__((noinline)) uint64_t *alloc_small_slow(unsigned c)
{
    gc_span *s = gc.cur[c];
    if (s) { /* exhausted */
        gc_list_remove(&s->link);
        gc_list_push(&gc.full[c], &s->link);
        gc.cur[c] = 0;
    }
    if (gc.allocated_since_gc >= gc.trigger)
        gc_collect();
    s = next_span(c);
    if (!s) {
        gc_collect();
        if (!(s = next_span(c)))
            rt_fatal("out of memory");
    }
    unsigned used = 0;
    for (unsigned w = 0; w < s->nwords; w++)
        used += (unsigned)__builtin_popcountll(s->alloc[w]);
    uint64_t bytes = (uint64_t)(s->nwords * 64u - used) * s->size;
    gc.allocated_since_gc += bytes; /* counted per span: the fast path counts nothing */
    gc_sweep_proportional(bytes);
    gc.cur[c] = s;
    return take_slot(s);
}

static inline void zero_small(uint64_t *p, uint64_t size)
{
    if (size > 256) {
        memset(p, 0, size);
        return;
    }
    typedef uint64_t v2 __attribute__((vector_size(16)));
    v2 *q = (v2 *)p, *end = (v2 *)((char *)p + size);
    do {
        *q++ = (v2){0, 0};
        __asm__("" : "+r"(q)); /* WARNING: keeps clang from turning the loop into memset() */
    } while (q < end);
}

static void *alloc_large(uint64_t size, const pyrage_type *type)
{
    uint64_t bytes = (size + 15) & ~(uint64_t)15, npages = (bytes + GC_PAGE - 1) >> GC_PAGE_SHIFT;
    if (npages > gc.limit_pages)
        rt_fatal("out of memory");
    if (gc.allocated_since_gc >= gc.trigger)
        gc_collect();
    gc_sweep_proportional(npages * GC_PAGE);
    gc_span *s = gc_pages_alloc(npages);
    if (!s) {
        gc_collect();
        if (!(s = gc_pages_alloc(npages)))
            rt_fatal("out of memory");
    }
    gc.allocated_since_gc += npages * GC_PAGE;
    s->state = GC_LARGE;
    s->noscan = !gc_has_pointers(type);
    s->size = bytes;
    gc_seal(s);
    s->mark[0] = 0;
    gc_list_push(&gc.large, &s->link);
    uint64_t *obj = (uint64_t *)s->base;
#ifdef PYRAGE_TARGET_UNIX
    if (!s->fresh) /* untouched pages of an anonymous mapping read as zero: leave them so */
#endif
        memset(obj, 0, bytes);
    obj[0] = (uint64_t)type;
    return obj;
}

void *rt_alloc(int64_t size, const pyrage_type *type)
{
    if (size < 0)
        rt_fatal("out of memory (negative allocation size)");
    gc.stats.bytes_allocated += (uint64_t)size;
    gc.stats.objects_allocated++;
    if ((uint64_t)size > GC_MAX_SMALL)
        return alloc_large((uint64_t)size, type);
    unsigned c = class_of((uint64_t)size);
    uint64_t slot = gc_class_size[c];
    if (!gc_has_pointers(type)) /* str, bytes, value arrays...: segregated, never scanned */
        c += GC_NCLASSES;
    gc_span *s = gc.cur[c];
    uint64_t *obj = s ? take_slot(s) : 0;
    if (!obj)
        obj = alloc_small_slow(c);
    zero_small(obj, slot);
    obj[0] = (uint64_t)type;
    return obj;
}

const pyrage_type rt_type_array_refs = {"array", PYRAGE_KIND_ARRAY, sizeof(pyrage_array), 0, 0,
                                        PYRAGE_TYPE_REFS, 0, 0, 0, 0, 0, 0};
const pyrage_type rt_type_array_values = {"array", PYRAGE_KIND_ARRAY, sizeof(pyrage_array), 0, 0,
                                          0, 0, 0, 0, 0, 0, 0};

pyrage_array *rt_array_new(int64_t length, bool refs)
{
    if (length < 0 || length > (INT64_MAX - (int64_t)sizeof(pyrage_array)) / 8)
        rt_fatal("out of memory (array length out of range)");
    pyrage_array *a = rt_alloc((int64_t)sizeof(pyrage_array) + length * 8,
                               refs ? &rt_type_array_refs : &rt_type_array_values);
    a->length = length;
    return a;
}
