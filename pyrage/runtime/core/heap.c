/*
 * The pyrage heap: allocation from the region the platform hands over at boot.
 *
 * v0 is a bump allocator: objects are never reclaimed, which is enough for
 * programs that allocate a bounded amount. Reclamation (a tracing collector
 * that handles cycles) replaces this file; rt_alloc's contract stays: zeroed,
 * 16-byte aligned memory whose first word is the object's type.
 */
#include "object.h"

static uintptr_t heap_next;
static uintptr_t heap_end;

void rt_heap_init(uintptr_t start, size_t size, void *stack_base)
{
    (void)stack_base; /* a bump allocator has no roots to scan */
    heap_next = (start + 15) & ~(uintptr_t)15;
    heap_end = start + size;
}

void *rt_alloc(int64_t size, const pyrage_type *type)
{
    if (size < (int64_t)sizeof(pyrage_object))
        size = sizeof(pyrage_object);
    uintptr_t need = ((uintptr_t)size + 15) & ~(uintptr_t)15;
    if (need > heap_end - heap_next)
        rt_fatal("out of memory");
    pyrage_object *ob = (pyrage_object *)heap_next;
    heap_next += need;
    memset(ob, 0, need); /* platform memory may be recycled (unix mmap is zero, virtio RAM may not be) */
    ob->type = type;
    return ob;
}

const pyrage_type rt_type_array_refs = {"array", PYRAGE_KIND_ARRAY, sizeof(pyrage_array), 0, 0,
                                        PYRAGE_TYPE_REFS, 0, 0, 0};
const pyrage_type rt_type_array_values = {"array", PYRAGE_KIND_ARRAY, sizeof(pyrage_array), 0, 0,
                                          0, 0, 0, 0};

pyrage_array *rt_array_new(int64_t length, bool refs)
{
    pyrage_array *a = rt_alloc((int64_t)sizeof(pyrage_array) + length * 8,
                               refs ? &rt_type_array_refs : &rt_type_array_values);
    a->length = length;
    return a;
}
