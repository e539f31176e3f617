/*
 * The collection, and sweeping.
 *
 * A collection stops the program only to mark (gc_collect). It then hands
 * every span to an "unswept" list and returns: sweeping happens later, one span
 * at a time, when an allocation needs a span of that class, when the page
 * allocator needs memory, and in proportion to allocation (twice the rate that
 * finishes the sweep before the next collection is due). What the pause still
 * sweeps, so that marking starts from clean bits, is normally nothing.
 *
 * Sweeping a small span never touches its objects: the mark bits become the
 * allocation bits (Go's trick), a span with nothing marked goes back to the
 * page allocator, and so does an unmarked large object.
 *
 * The next collection is due when max(GC_MIN_TRIGGER, live bytes) more bytes
 * have been handed out: work per byte allocated stays constant, and the heap
 * stays within about twice the live data.
 */
#include "gc.h"

struct gc_heap gc;

void gc_sweep_span(gc_span *s)
{
    gc_check_span(s);
    gc_list_remove(&s->link);
    gc.unswept_pages -= s->npages;
    s->epoch = gc.epoch;
    if (s->state == GC_LARGE) {
        if (s->mark[0] & 1) {
            s->mark[0] = 0;
            gc_list_push(&gc.large, &s->link);
        } else {
            gc_pages_free(s);
        }
        return;
    }
    unsigned live = 0;
    for (unsigned w = 0; w < s->nwords; w++)
        live += (unsigned)__builtin_popcountll(s->mark[w]);
    if (live == 0) {
        gc_pages_free(s);
        return;
    }
    for (unsigned w = 0; w < s->nwords; w++) {
        s->alloc[w] = s->mark[w];
        s->mark[w] = 0;
    }
    if (s->nobjs & 63)
        s->alloc[s->nwords - 1] |= ~0ull << (s->nobjs & 63);
    s->cursor = 0;
    gc_list_push(live < s->nobjs ? &gc.partial[s->sizeclass] : &gc.full[s->sizeclass], &s->link);
}

uint64_t gc_sweep_one(void)
{
    gc_span *s = 0;
    if (!gc_list_empty(&gc.unswept_large)) {
        s = (gc_span *)gc.unswept_large.next;
    } else {
        for (int n = 0; n < GC_NLISTS && !s; n++) {
            if (!gc_list_empty(&gc.unswept[gc.sweep_class]))
                s = (gc_span *)gc.unswept[gc.sweep_class].next;
            else
                gc.sweep_class = (gc.sweep_class + 1) % GC_NLISTS;
        }
    }
    if (!s)
        return 0;
    uint64_t pages = s->npages;
    gc_sweep_span(s);
    return pages;
}

void gc_sweep_proportional(uint64_t bytes)
{
    if (!gc.unswept_pages) {
        gc.sweep_debt = 0;
        return;
    }
    gc.sweep_debt += ((bytes + GC_PAGE - 1) >> GC_PAGE_SHIFT) * gc.sweep_rate;
    while (gc.sweep_debt >= 65536) {
        uint64_t pages = gc_sweep_one();
        if (!pages) {
            gc.sweep_debt = 0;
            break;
        }
        gc.sweep_debt = pages * 65536 >= gc.sweep_debt ? 0 : gc.sweep_debt - pages * 65536;
    }
}

/*
 * WARNING: noinline, and the registers are spilled here, so that every
 * callee-saved register of the program is either in regs[] or saved on the
 * stack between this frame and stack_base: the range that marking scans.
 */
__attribute__((noinline)) void gc_collect(void)
{
    uint64_t regs[6];
    __asm__ volatile("movq %%rbx, 0(%0)\n\tmovq %%rbp, 8(%0)\n\tmovq %%r12, 16(%0)\n\t"
                     "movq %%r13, 24(%0)\n\tmovq %%r14, 32(%0)\n\tmovq %%r15, 40(%0)"
                     : : "r"(regs) : "memory");
    uintptr_t sp;
    __asm__ volatile("movq %%rsp, %0" : "=r"(sp));
    pyrage_time_t start = pyrage_clock_monotonic();

    while (gc_sweep_one()) /* the previous cycle's leftovers: marking needs clean bits */
        ;
    rt_coro_cache_flush(); /* the recycled coroutines it held become garbage like any other */
    for (unsigned c = 0; c < GC_NLISTS; c++)
        gc.cur[c] = 0;
    gc.live = 0;
    gc_pages_check(); /* marking trusts the descriptors from here on */
    gc_mark_roots_and_trace(sp);

    /* Every span in use is now unswept; the mark bits tell the sweeper what lives. */
    for (unsigned c = 0; c < GC_NLISTS; c++) {
        gc_list_splice(&gc.unswept[c], &gc.partial[c]);
        gc_list_splice(&gc.unswept[c], &gc.full[c]);
    }
    gc_list_splice(&gc.unswept_large, &gc.large);
    gc.epoch++;
    gc.unswept_pages = gc.used_pages;
    gc.trigger = gc.live > GC_MIN_TRIGGER ? gc.live : GC_MIN_TRIGGER;
    gc.sweep_rate = (2 * gc.unswept_pages << 16) / ((gc.trigger >> GC_PAGE_SHIFT) + 1) + 1;
    gc.sweep_debt = 0;
    gc.allocated_since_gc = 0;

    pyrage_time_t pause = pyrage_clock_monotonic() - start;
    gc.stats.collections++;
    gc.stats.live_bytes = gc.live;
    gc.stats.total_pause_ns += pause;
    if (pause > gc.stats.max_pause_ns)
        gc.stats.max_pause_ns = pause;
    __asm__ volatile("" : : "r"(regs) : "memory"); /* regs[] stays live through marking */
}

void rt_gc_collect(void)
{
    gc_collect();
}

void rt_gc_stats(struct rt_gc_stats *out)
{
    *out = gc.stats;
    out->footprint = gc_footprint();
}
