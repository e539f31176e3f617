/*
 * The collector's internals, shared by the gc_*.c files: a tracing, non-moving
 * mark-sweep collector with conservative stack roots and precise heap tracing.
 *
 *   gc_pages.c  the region: metadata layout, pages, free runs, span lookup
 *   gc_alloc.c  size classes, rt_alloc, large objects, rt_array_new
 *   gc_mark.c   roots (stack, registers, globals, the core's registry) and tracing
 *   gc_sweep.c  lazy sweeping, the collection itself, the trigger, statistics
 *
 * The region [start, start+size) is laid out as
 *
 *   | page_map (uint32 per page) | spans (gc_span per page) | mark stack | data pages ... |
 *
 * and every part is touched only as it is used: metadata grows with the pages
 * ever handed out (the "frontier"), so a 4 GiB MAP_NORESERVE reservation costs
 * RSS in proportion to the data, and virtio's unzeroed RAM is initialised
 * before it is read.
 *
 * A span is a run of pages: SMALL (equal slots of one size class), LARGE (one
 * object) or FREE. Its descriptor lives at spans[first page]; page_map[p] names
 * the first page of the span holding p (for FREE runs only the first and last
 * pages are kept exact, which coalescing needs). An address is an object iff
 * its page's span is in use, and the slot under it is allocated.
 *
 * Heap integrity (docs/security.md): a runtime bug that overwrites the
 * collector's own data is reported (rt_heap_corrupt, status 119), not followed:
 *  - every span descriptor carries a seal, a keyed hash (rt_heap_secret, drawn
 *    at boot) of its address and of the fields the collector trusts to find
 *    objects and walk pages. Every write of those fields reseals. Every
 *    collection starts with a walk over all pages (gc_pages_check) that checks
 *    every descriptor and page_map entry marking may consult; between
 *    collections a descriptor is checked when it is used (gc_check_span,
 *    gc_span_at): swept, taken from a list, met as a neighbour. The seal fills
 *    padding: no byte is added.
 *  - page_map entries must name the span that holds their page (a free run's
 *    inner pages: a sealed descriptor at or below them);
 *  - list unlinking checks its neighbours point back (a forged link cannot
 *    turn an unlink into a write);
 *  - an object's header, when marking reads it (objects with pointers: str,
 *    bytes and value arrays are never read), must point at a type in the
 *    image's read-only memory, of a known kind (gc_mark.c).
 */
#ifndef PYRAGE_GC_H
#define PYRAGE_GC_H

#include "object.h"

/* Collect when the bytes allocated since the last collection exceed
 * max(GC_MIN_TRIGGER, live bytes after it): the heap stays within about twice
 * the live data (plus fragmentation). Compile-time only: there is no
 * environment to read. */
#ifndef GC_MIN_TRIGGER
#define GC_MIN_TRIGGER ((uint64_t)4 << 20)
#endif

/* Entries of the mark stack (16 bytes each, touched only as deep as marking
 * goes). Overflow is handled (see gc_mark.c); tests shrink it to exercise that. */
#ifndef GC_MARK_STACK_ENTRIES
#define GC_MARK_STACK_ENTRIES 32768
#endif

#define GC_PAGE_SHIFT 13
#define GC_PAGE ((uintptr_t)1 << GC_PAGE_SHIFT)
#define GC_MAX_SMALL 32768u  /* larger objects get their own span */
#define GC_NCLASSES 40
#define GC_NLISTS (2 * GC_NCLASSES) /* per class: objects with pointers, then without */
#define GC_MAX_SLOTS 512     /* per small span: 16-byte slots in one page */
#define GC_BITMAP_WORDS (GC_MAX_SLOTS / 64)
#define GC_ARRAY_CHUNK 128   /* slots scanned per mark-stack entry of a big array */

enum { GC_FREE = 0, GC_SMALL = 1, GC_LARGE = 2 };

typedef struct gc_link {
    struct gc_link *next, *prev;
} gc_link;

typedef struct gc_span {
    gc_link link;      /* first: a list's gc_link* is its gc_span* */
    /* Sealed (gc_seal_of): from base to fresh. */
    uintptr_t base;    /* address of the first page */
    uint64_t size;     /* SMALL: slot size; LARGE: the object's size, rounded to 16 */
    uint32_t npages;
    uint32_t magic;    /* SMALL: slot index = (offset * magic) >> 32 (exact, see gc_alloc.c) */
    uint16_t nobjs;    /* SMALL: slots in the span */
    uint8_t state;     /* GC_FREE, GC_SMALL or GC_LARGE */
    uint8_t sizeclass; /* SMALL: its lists' index: the class, + GC_NCLASSES if noscan */
    uint8_t nwords;    /* SMALL: bitmap words in use, (nobjs + 63) / 64 */
    uint8_t noscan;    /* its objects hold no pointers: marking never reads them */
    uint8_t fresh;     /* LARGE: pages came straight from the frontier (unix: already zero) */
    /* Not sealed: they change as objects are allocated and swept. */
    uint8_t cursor;    /* SMALL: first bitmap word that may have a free slot */
    uint32_t epoch;    /* == gc.epoch: swept since the last collection (or created after it) */
    uint32_t seal;     /* gc_seal_of(this), in what was padding */
    uint64_t alloc[GC_BITMAP_WORDS]; /* SMALL: bit i set = slot i allocated (padding bits set) */
    uint64_t mark[GC_BITMAP_WORDS];  /* SMALL: mark bits; LARGE: bit 0 */
} gc_span;
_Static_assert(sizeof(gc_span) == 184, "the seal takes what was padding: no byte is added");

typedef struct gc_mark_entry {
    uint64_t *obj;
    uint64_t from; /* first word (INSTANCE) or slot (ARRAY) still to scan */
} gc_mark_entry;

/* Statistics, for benchmarks and tests. */
struct rt_gc_stats {
    uint64_t collections;
    uint64_t bytes_allocated;   /* total, as asked of rt_alloc */
    uint64_t objects_allocated; /* total */
    uint64_t live_bytes;        /* marked by the last collection (slot sizes) */
    uint64_t footprint;         /* bytes of the region ever touched: data pages + metadata */
    uint64_t max_pause_ns;      /* the longest collection, from entry to return */
    uint64_t total_pause_ns;
    uint64_t mark_overflows;    /* times the mark stack was full (then the heap is rescanned) */
};

/* The collector's state: one instance (gc_sweep.c), explicitly initialised. */
struct gc_heap {
    uintptr_t data;        /* first data page */
    uint64_t limit_pages;  /* data pages that fit in the region */
    uint64_t frontier;     /* pages ever handed out: [data, data + frontier * GC_PAGE) */
    uint64_t frontier_bytes;
    uint32_t *page_map;
    gc_span *spans;
    gc_mark_entry *mark_stack;
    uint64_t mark_stack_high; /* deepest use, for the footprint */
    uintptr_t stack_base;

    gc_span *cur[GC_NLISTS];        /* the span small allocations come from, or NULL */
    gc_link partial[GC_NLISTS];     /* swept, with free slots */
    gc_link full[GC_NLISTS];        /* swept, no free slot */
    gc_link unswept[GC_NLISTS];     /* in use, not yet swept since the last collection */
    gc_link large, unswept_large;
    gc_link bins[64];               /* FREE runs of 1..63 pages (bin i: i pages) */
    gc_link big;                    /* FREE runs of 64 pages or more */
    uint64_t bin_mask;              /* bit i set iff bins[i] is not empty */

    uint64_t used_pages;            /* pages in SMALL and LARGE spans */
    uint64_t unswept_pages;
    uint64_t sweep_debt;            /* pages owed to the sweep, x 65536 */
    uint64_t sweep_rate;            /* pages to sweep per page allocated, x 65536 */
    uint32_t epoch;                 /* collections so far (wraps) */
    uint64_t allocated_since_gc;    /* bytes handed to allocation since the last collection */
    uint64_t trigger;
    uint64_t live;                  /* bytes marked so far (during a collection) */
    int sweep_class;                /* where the background sweep looks next */
    struct rt_gc_stats stats;
};
extern struct gc_heap gc;

extern const uint32_t gc_class_size[GC_NCLASSES];

/*
 * A descriptor's seal: a keyed hash of its own address and of its sealed
 * fields (gc_span). A multiply between fields, so that no change to one field
 * can be undone in another without knowing the secret, and a final mix, so
 * that a change to the last field's high bits does not change the seal
 * predictably: a forged or altered descriptor passes with probability about
 * 2^-32. Not a MAC: it stops a writer who cannot read the secret (which is on a
 * read-only page), not one who can read anything.
 */
static inline uint32_t gc_seal_of(const gc_span *s)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t x = (rt_heap_secret ^ (uintptr_t)s) * k;
    x = (x ^ s->base) * k;
    x = (x ^ s->size) * k;
    x = (x ^ ((uint64_t)s->npages << 32 | s->magic)) * k;
    x = (x ^ ((uint64_t)s->nobjs | (uint64_t)s->state << 16 | (uint64_t)s->sizeclass << 24 |
              (uint64_t)s->nwords << 32 | (uint64_t)s->noscan << 40 |
              (uint64_t)s->fresh << 48)) * k;
    x = (x ^ x >> 32) * k;
    return (uint32_t)(x >> 32);
}

void gc_seal(gc_span *s); /* after every write of a sealed field */

/* The address of the first page s describes (from where s is, not from its fields). */
static inline uint64_t gc_span_page(const gc_span *s)
{
    return gc.data + (uint64_t)(s - gc.spans) * GC_PAGE;
}

void gc_corrupt_page_map(uint64_t p) __attribute__((noreturn, cold));

/* Stops the program if s's seal does not match its fields. Not inline: it is not on a hot
 * path (marking does not call it), and inlined it would grow the image by 2 KB. */
void gc_check_span(const gc_span *s);

/* The descriptor page_map names for data page p (< gc.frontier), checked: the span holding
 * p, or for an inner page of a free run, whatever descriptor the page last had (see above). */
static inline gc_span *gc_span_at(uint64_t p)
{
    uint64_t h = gc.page_map[p];
    if (__builtin_expect(h > p, 0)) /* a span starts at or below each of its pages */
        gc_corrupt_page_map(p);
    gc_span *s = &gc.spans[h];
    gc_check_span(s);
    return s;
}

/* gc_pages.c */
void gc_pages_init(uintptr_t start, size_t size);
gc_span *gc_pages_alloc(uint64_t npages);  /* NULL when the region is exhausted */
void gc_pages_free(gc_span *s);
void gc_pages_check(void); /* every descriptor and page_map entry, or a fatal report */
uint64_t gc_footprint(void);

/* gc_mark.c */
void gc_mark_roots_and_trace(uintptr_t sp);
void gc_mark_word(uint64_t v);
gc_span *gc_find(uint64_t v, uint64_t **obj, unsigned *slot);

/* gc_sweep.c */
void gc_collect(void);
void gc_sweep_span(gc_span *s);
uint64_t gc_sweep_one(void); /* pages swept, 0 when nothing is left */
void gc_sweep_proportional(uint64_t bytes);

/* Whether objects of type t hold pointers the collector must follow. */
static inline bool gc_has_pointers(const pyrage_type *t)
{
    switch (t ? t->kind : PYRAGE_KIND_STR) {
    case PYRAGE_KIND_INSTANCE:
        return (t->ptrmap & ~1ull) != 0; /* bit 0 is the header */
    case PYRAGE_KIND_ARRAY:
        return (t->flags & PYRAGE_TYPE_REFS) != 0;
    case PYRAGE_KIND_CONSERVATIVE:
        return true;
    default:
        return false;
    }
}

/* Intrusive circular lists with a sentinel head. */
static inline void gc_list_init(gc_link *l)
{
    l->next = l->prev = l;
}

static inline bool gc_list_empty(const gc_link *l)
{
    return l->next == l;
}

void gc_corrupt_link(const gc_link *e) __attribute__((noreturn, cold));

/* Safe unlinking: neighbours that do not point back at e are a forged or broken link,
 * which would make the two stores below write wherever it says. */
static inline void gc_list_remove(gc_link *e)
{
    if (__builtin_expect(e->prev->next != e || e->next->prev != e, 0))
        gc_corrupt_link(e);
    e->prev->next = e->next;
    e->next->prev = e->prev;
    e->next = e->prev = e;
}

static inline void gc_list_push(gc_link *l, gc_link *e)
{
    e->next = l->next;
    e->prev = l;
    l->next->prev = e;
    l->next = e;
}

/* Moves every element of `from` to the front of `to`. */
static inline void gc_list_splice(gc_link *to, gc_link *from)
{
    if (gc_list_empty(from))
        return;
    from->prev->next = to->next;
    to->next->prev = from->prev;
    to->next = from->next;
    from->next->prev = to;
    gc_list_init(from);
}

/* ---- public API beyond object.h -------------------------------------------------------- */

/* Registers a global of the core that holds an object pointer (or NULL) as a root. */
void rt_gc_add_root(void **slot);
/* A full collection now (tests, benchmarks, a future gc.collect()). */
void rt_gc_collect(void);
void rt_gc_stats(struct rt_gc_stats *out);
/* True if p points into an object that survived the last collection or was allocated
 * since; false for free memory and anything outside the heap. For tests. */
bool rt_gc_is_live(const void *p);

#endif /* PYRAGE_GC_H */
