/*
 * The collector's pages: the region's layout (see gc.h), and runs of 8 KiB
 * pages handed out as spans and taken back when a sweep finds them empty.
 *
 * Free runs are coalesced with their neighbours and kept in bins by length
 * (exact for 1..63 pages, best fit above), so memory freed by one size class
 * or by a large object is reused by any other. Pages come from the frontier
 * (memory never touched before) only when no free run fits, even after
 * sweeping: the footprint is bounded by the peak of live data plus the
 * collection trigger, not by the total allocated.
 *
 * Every descriptor written here is resealed (gc.h), and every one read is
 * checked first: the free runs' lists and neighbours are the page walk.
 */
#include "gc.h"

__attribute__((noinline)) void gc_seal(gc_span *s)
{
    s->seal = gc_seal_of(s);
}

__attribute__((noinline)) void gc_check_span(const gc_span *s)
{
    if (__builtin_expect(s->seal != gc_seal_of(s), 0))
        rt_heap_corrupt("page header", gc_span_page(s));
}

void gc_corrupt_page_map(uint64_t p)
{
    rt_heap_corrupt("page map", gc.data + p * GC_PAGE);
}

/* Every list element is a span's link (its first field). */
void gc_corrupt_link(const gc_link *e)
{
    rt_heap_corrupt("page list", gc_span_page((const gc_span *)e));
}

static uintptr_t align_up(uintptr_t v, uintptr_t a)
{
    return (v + a - 1) & ~(a - 1);
}

void gc_pages_init(uintptr_t start, size_t size)
{
    uintptr_t end = start + size, base = align_up(start, 64);
    uintptr_t stack_bytes = GC_MARK_STACK_ENTRIES * sizeof(gc_mark_entry);
    uintptr_t per_page = GC_PAGE + sizeof(uint32_t) + sizeof(gc_span);
    uintptr_t overhead = stack_bytes + 2 * GC_PAGE + 128;
    uint64_t n = end > base + overhead ? (end - base - overhead) / per_page : 0;
    gc.page_map = (uint32_t *)base;
    gc.spans = (gc_span *)align_up(base + n * sizeof(uint32_t), 64);
    gc.mark_stack = (gc_mark_entry *)align_up((uintptr_t)(gc.spans + n), 64);
    gc.data = align_up((uintptr_t)gc.mark_stack + stack_bytes, GC_PAGE);
    while (n && gc.data + n * GC_PAGE > end) /* rounding: give back a page or two */
        n--;
    if (n > 0xFFFFFFFFu)
        n = 0xFFFFFFFFu; /* page_map holds 32-bit page numbers: 32 TiB is plenty */
    gc.limit_pages = n;
    gc.frontier = gc.frontier_bytes = 0;
    for (int i = 0; i < 64; i++)
        gc_list_init(&gc.bins[i]);
    gc_list_init(&gc.big);
    gc.bin_mask = 0;
}

/* Makes [h, h+n) one FREE run and files it by length. */
static void insert_free(uint64_t h, uint64_t n)
{
    gc_span *s = &gc.spans[h];
    s->state = GC_FREE;
    s->npages = (uint32_t)n;
    s->base = gc.data + h * GC_PAGE;
    gc.page_map[h] = (uint32_t)h;
    gc.page_map[h + n - 1] = (uint32_t)h; /* the boundary tag the left-coalesce reads */
    gc_seal(s);
    if (n < 64) {
        gc_list_push(&gc.bins[n], &s->link);
        gc.bin_mask |= 1ull << n;
    } else {
        gc_list_push(&gc.big, &s->link);
    }
}

static void remove_free(gc_span *s)
{
    gc_list_remove(&s->link);
    if (s->npages < 64 && gc_list_empty(&gc.bins[s->npages]))
        gc.bin_mask &= ~(1ull << s->npages);
}

/* A span of exactly n pages at page h: every page of it maps to h. The caller sets its state
 * and the rest, then seals it. */
static gc_span *make_span(uint64_t h, uint64_t n, bool fresh)
{
    gc_span *s = &gc.spans[h];
    for (uint64_t p = h; p < h + n; p++)
        gc.page_map[p] = (uint32_t)h;
    s->base = gc.data + h * GC_PAGE;
    s->npages = (uint32_t)n;
    s->fresh = fresh;
    s->epoch = gc.epoch;
    gc_list_init(&s->link);
    gc.used_pages += n;
    return s;
}

/* The smallest free run of at least n pages, split to n; NULL if none. */
static gc_span *take_run(uint64_t n)
{
    gc_span *run = 0;
    uint64_t mask = n < 64 ? gc.bin_mask & (~0ull << n) : 0;
    if (mask) {
        run = (gc_span *)gc.bins[__builtin_ctzll(mask)].next;
        gc_check_span(run);
    } else {
        for (gc_link *e = gc.big.next; e != &gc.big; e = e->next) {
            gc_span *s = (gc_span *)e;
            gc_check_span(s);
            if (s->npages >= n && (!run || s->npages < run->npages))
                run = s;
        }
        if (!run)
            return 0;
    }
    remove_free(run);
    uint64_t h = (uint64_t)(run - gc.spans), m = run->npages;
    if (m > n)
        insert_free(h + n, m - n);
    return make_span(h, n, false);
}

/* n pages from untouched memory, merged with a free run that ends at the frontier. */
static gc_span *grow(uint64_t n)
{
    uint64_t h = gc.frontier, have = 0;
    if (h > 0) {
        gc_span *last = gc_span_at(h - 1);
        if (last->state == GC_FREE && last->npages < n) {
            have = last->npages;
            h -= have;
        }
    }
    if (h + n > gc.limit_pages)
        return 0;
    if (have)
        remove_free(&gc.spans[h]);
    gc.frontier = h + n;
    gc.frontier_bytes = gc.frontier * GC_PAGE;
    return make_span(h, n, have == 0);
}

gc_span *gc_pages_alloc(uint64_t npages)
{
    gc_span *s = take_run(npages);
    /* Before touching new memory, sweep (work owed before the next collection anyway)
     * in the hope of freeing a run: large spans first, and a bounded number in all, so
     * that one allocation never pays for sweeping the whole heap. */
    for (int budget = 256; !s && budget > 0 && gc.unswept_pages; budget--) {
        uint64_t before = gc.used_pages;
        if (!gc_sweep_one())
            break;
        if (gc.used_pages != before)
            s = take_run(npages);
    }
    return s ? s : grow(npages);
}

void gc_pages_free(gc_span *s)
{
    uint64_t h = (uint64_t)(s - gc.spans), n = s->npages;
    gc.used_pages -= n;
    s->state = GC_FREE;
    gc_list_remove(&s->link);
    if (h > 0) {
        gc_span *left = gc_span_at(h - 1);
        if (left->state == GC_FREE) {
            gc_seal(s); /* FREE: the run's inner pages may go on naming s (else insert_free) */
            remove_free(left);
            h -= left->npages;
            n += left->npages;
        }
    }
    if (h + n < gc.frontier) {
        gc_span *right = &gc.spans[h + n];
        gc_check_span(right);
        if (right->state == GC_FREE) {
            remove_free(right);
            n += right->npages;
        }
    }
    insert_free(h, n);
}

/*
 * The page walk that starts each collection. Every run's descriptor is
 * checked, and page_map with it: each page of a span names the span, a free
 * run's first and last pages name the run, and its inner pages a descriptor at
 * or below them, which is checked too (marking may consult it, and must find
 * it FREE or not covering the page). Marking then trusts them all: nothing but
 * the collector runs until it ends. One pass over the metadata, O(pages), so a
 * small part of marking what the pages hold.
 */
void gc_pages_check(void)
{
    uint64_t checked = UINT64_MAX; /* the last old descriptor a free page named, checked */
    for (uint64_t h = 0; h < gc.frontier;) {
        gc_span *s = &gc.spans[h];
        gc_check_span(s);
        uint64_t n = s->npages, last = h + n - 1;
        if (n == 0 || n > gc.frontier - h) /* only a forged seal gets here */
            rt_heap_corrupt("page header", gc_span_page(s));
        if (gc.page_map[h] != h)
            gc_corrupt_page_map(h);
        if (gc.page_map[last] != h)
            gc_corrupt_page_map(last);
        if (s->state != GC_FREE) {
            for (uint64_t p = h + 1; p < last; p++)
                if (gc.page_map[p] != h)
                    gc_corrupt_page_map(p);
        } else {
            for (uint64_t p = h + 1; p < last; p++) {
                uint64_t q = gc.page_map[p];
                if (q > p)
                    gc_corrupt_page_map(p);
                if (q != h && q != checked) {
                    gc_check_span(&gc.spans[q]);
                    checked = q;
                }
            }
        }
        h += n;
    }
}

static uint64_t round_page(uint64_t v)
{
    return (v + 4095) & ~(uint64_t)4095;
}

uint64_t gc_footprint(void)
{
    return gc.frontier_bytes + round_page(gc.frontier * sizeof(uint32_t)) +
           round_page(gc.frontier * sizeof(gc_span)) +
           round_page(gc.mark_stack_high * sizeof(gc_mark_entry));
}
