/*
 * Coroutines: the runtime side of compiled `async def` (compiler/codegen/coroutines.py).
 *
 * Calling an async function allocates a pyrage_coro and runs nothing (as in CPython). `await c`
 * in compiled code resumes c directly; if c finishes, the awaiter goes on at once; if c
 * suspends, the awaiter records itself in c->awaiter and suspends too, so the whole chain
 * returns to whoever resumed it. Only stdlib/coro.py's suspend() suspends on its own: it
 * records the coroutine that ran it as its task's leaf (in the root's `awaiter` field: nothing
 * awaits a root).
 *
 * rt_coro_step resumes a task (its root coroutine) where it stopped: at the leaf. When a
 * coroutine finishes, its awaiter is resumed by the loop here rather than by the coroutine
 * itself, so the C stack never grows with the number of resumptions (a trampoline).
 */
#include "object.h"

const pyrage_type rt_type_coroutine = {"coroutine", PYRAGE_KIND_CONSERVATIVE,
                                       sizeof(pyrage_coro), 0, 0, 0, 0, 0, 0, 0, 0, 0};

/* Emitted into every program that has coroutines: llvm.coro.resume(frame) (LLVM's resume
 * functions use their own calling convention, so C cannot call frame[0] itself). Weak so
 * that programs without coroutines, and the runtime's C test apps, still link. */
extern void pyrage_coro_resume(void *frame) __attribute__((weak));

/* The task being stepped: suspend() records its leaf here. */
static pyrage_coro *current_root;

/*
 * Recycling. `await f(x)` creates a coroutine that nothing else can reach: once it is done and
 * its result read, compiled code hands it back (rt_coro_free) and the next coroutine of the
 * same size reuses it, still hot in the cache. That halves the cost of an await that
 * suspends. The cache is emptied at every collection (gc_collect), so the collector never
 * sees an object that is both free here and reused by the allocator.
 */
#define CACHE_CLASSES 17 /* objects of 16, 32 ... 256 bytes */
#define CACHE_DEPTH 64

static struct {
    pyrage_coro *head[CACHE_CLASSES]; /* linked through `awaiter` */
    unsigned count[CACHE_CLASSES];
} cache;

void rt_coro_cache_flush(void)
{
    for (unsigned i = 0; i < CACHE_CLASSES; i++) {
        cache.head[i] = 0;
        cache.count[i] = 0;
    }
}

/* A coroutine's frame of `size` bytes, after its header. CONSERVATIVE: the collector scans
 * every word of it, since LLVM decides the frame's layout. */
void *rt_coro_alloc(int64_t size)
{
    uint64_t bytes = ((uint64_t)sizeof(pyrage_coro) + (uint64_t)size + 15) & ~(uint64_t)15;
    unsigned i = (unsigned)(bytes >> 4);
    if (i < CACHE_CLASSES && cache.head[i]) {
        pyrage_coro *c = cache.head[i];
        cache.head[i] = c->awaiter;
        cache.count[i]--;
        uint64_t *w = (uint64_t *)c; /* zeroed as rt_alloc would (a few words: no memset) */
        for (uint64_t k = 1; k < bytes / 8; k++)
            w[k] = 0;
        c->bytes = (uint32_t)bytes;
        return c->frame;
    }
    pyrage_coro *c = rt_alloc((int64_t)bytes, &rt_type_coroutine);
    c->bytes = (uint32_t)bytes;
    return c->frame;
}

/* The awaiter of a coroutine only it could reach is done with it (it is DONE, its result
 * read). */
void rt_coro_free(pyrage_coro *c)
{
    unsigned i = c->bytes >> 4;
    if (i >= CACHE_CLASSES || cache.count[i] >= CACHE_DEPTH)
        return;
    c->awaiter = cache.head[i];
    cache.head[i] = c;
    cache.count[i]++;
}

/* Called by sched.suspend()'s compiled form just before it suspends. */
void rt_coro_park(pyrage_coro *leaf)
{
    if (current_root)
        current_root->awaiter = leaf;
}

/* `await c` in compiled code, before it resumes c: only a new coroutine may be awaited. The
 * RuntimeError gets its frame from the compiled awaiter, as an exception from c would. */
bool rt_coro_start(pyrage_coro *c)
{
    if (c->state == PYRAGE_CORO_CREATED) {
        c->state = PYRAGE_CORO_STARTED;
        return true;
    }
    rt_raise_frameless(&rt_type_RuntimeError, c->state == PYRAGE_CORO_DONE
                                                  ? "cannot reuse already awaited coroutine"
                                                  : "coroutine is being awaited already");
    return false;
}

PYRAGE_LOC(reuse_loc, "<runtime>", 0, 0);

/* Resumes the task whose root coroutine is `root` until it suspends again or the root
 * finishes; returns whether it finished. If it finished by raising, the exception is
 * pending (rt_exc) when this returns. */
bool rt_coro_step(pyrage_coro *root, const pyrage_loc *loc)
{
    if (root->state == PYRAGE_CORO_DONE) {
        rt_raise_c(loc ? loc : &reuse_loc, &rt_type_RuntimeError,
                   "cannot reuse already awaited coroutine");
        return true;
    }
    pyrage_coro *saved = current_root;
    current_root = root;
    pyrage_coro *c = root->awaiter ? root->awaiter : root; /* its leaf */
    root->awaiter = 0;
    for (;;) {
        c->state = PYRAGE_CORO_STARTED;
        pyrage_coro_resume(c->frame);
        if (c->state != PYRAGE_CORO_DONE || c == root)
            break; /* it suspended (root->awaiter says where), or the task is over */
        pyrage_coro *awaiter = c->awaiter;
        if (!awaiter)
            break; /* cannot happen for a coroutine below the root; be safe */
        c = awaiter; /* it finished: its awaiter reads the result (or the exception) */
    }
    current_root = saved;
    return root->state == PYRAGE_CORO_DONE;
}

/* coro.throw(exc): resumes the task with exc raised where it is suspended. A coroutine that
 * never started finishes at once with exc, running nothing, as in CPython. */
bool rt_coro_throw(pyrage_coro *root, pyrage_object *exc, const pyrage_loc *loc)
{
    if (root->state == PYRAGE_CORO_CREATED) {
        root->state = PYRAGE_CORO_DONE;
        rt_exc = exc;
        return true;
    }
    if (root->state == PYRAGE_CORO_DONE)
        return rt_coro_step(root, loc); /* raises RuntimeError */
    rt_exc = exc;
    return rt_coro_step(root, loc);
}

/* coro.close() of a coroutine that never started: it will not run. (A started one is
 * cancelled by the scheduler with rt_coro_throw, which runs its finally blocks.) */
void rt_coro_close(pyrage_coro *c)
{
    if (c->state == PYRAGE_CORO_CREATED)
        c->state = PYRAGE_CORO_DONE;
}
