/*
 * pyrage.stdlib.array.Array's operations that are not inline in compiled
 * code: creation with a checked length, fill, and block moves.
 * (The types and rt_array_new live with the collector, which must know them.)
 */
#include "object.h"

/* Where an out-of-bounds access that is raising IndexError reads and writes: it keeps the
 * failing path from touching memory outside the array. */
uint64_t rt_dummy_slot;

void rt_raise_array_index(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_IndexError, "array index out of range");
}

pyrage_array *rt_array_new_checked(int64_t length, bool refs, const pyrage_loc *loc)
{
    if (length < 0) {
        rt_raise_c(loc, &rt_type_ValueError, "negative array length");
        return 0;
    }
    return rt_array_new(length, refs);
}

void rt_array_fill_i64(pyrage_array *a, int64_t value)
{
    for (int64_t i = 0; i < a->length; i++)
        a->slots[i] = (uint64_t)value;
}

void rt_array_fill_f64(pyrage_array *a, double value)
{
    uint64_t bits;
    memcpy(&bits, &value, sizeof bits);
    for (int64_t i = 0; i < a->length; i++)
        a->slots[i] = bits;
}

void rt_array_fill_ptr(pyrage_array *a, void *value)
{
    for (int64_t i = 0; i < a->length; i++)
        a->slots[i] = (uint64_t)(uintptr_t)value;
}

static bool in_range(const pyrage_array *a, int64_t start, int64_t count)
{
    return count >= 0 && start >= 0 && start <= a->length && count <= a->length - start;
}

/* a[dst:dst+count] = a[src:src+count], the ranges may overlap. */
void rt_array_move(pyrage_array *a, int64_t dst, int64_t src, int64_t count,
                   const pyrage_loc *loc)
{
    if (!in_range(a, src, count) || !in_range(a, dst, count)) {
        rt_raise_c(loc, &rt_type_IndexError, "array index out of range");
        return;
    }
    memmove(&a->slots[dst], &a->slots[src], (size_t)count * 8);
}

/* target[0:count] = a[0:count] */
void rt_array_copy_to(const pyrage_array *a, pyrage_array *target, int64_t count,
                      const pyrage_loc *loc)
{
    if (!in_range(a, 0, count) || !in_range(target, 0, count)) {
        rt_raise_c(loc, &rt_type_IndexError, "array index out of range");
        return;
    }
    memcpy(target->slots, a->slots, (size_t)count * 8);
}
