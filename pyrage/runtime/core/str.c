/*
 * str and bytes: immutable, length-prefixed, UTF-8 for str. Every function
 * here returns a new object or an int; none mutates its arguments.
 */
#include "object.h"

const pyrage_type rt_type_str = {"str", PYRAGE_KIND_STR, sizeof(pyrage_str), 0, 0, 0, 0, 0, 0, 0, 0, 0};
const pyrage_type rt_type_bytes = {"bytes", PYRAGE_KIND_BYTES, sizeof(pyrage_bytes), 0, 0, 0, 0,
                                   0, 0, 0, 0, 0};
const pyrage_type rt_type_box_int = {"int", PYRAGE_KIND_BOX, sizeof(pyrage_box), 0, 0, 0, 0, 0, 0, 0, 0, 0};
const pyrage_type rt_type_box_bool = {"bool", PYRAGE_KIND_BOX, sizeof(pyrage_box), 0,
                                      &rt_type_box_int, 0, 0, 0, 0, 0, 0, 0};
const pyrage_type rt_type_box_float = {"float", PYRAGE_KIND_BOX, sizeof(pyrage_box), 0, 0, 0, 0,
                                       0, 0, 0, 0, 0};

int64_t rt_utf8_length(const char *data, int64_t size)
{
    int64_t n = 0;
    for (int64_t i = 0; i < size; i++)
        n += ((unsigned char)data[i] & 0xC0) != 0x80; /* count every byte but continuations */
    return n;
}

pyrage_str *rt_str_new(int64_t size)
{
    pyrage_str *s = rt_alloc((int64_t)sizeof(pyrage_str) + size + 1, &rt_type_str);
    s->size = size;
    return s;
}

pyrage_str *rt_str_from(const char *data, int64_t size)
{
    pyrage_str *s = rt_str_new(size);
    memcpy(s->data, data, (size_t)size);
    s->length = rt_utf8_length(data, size);
    return s;
}

pyrage_str *rt_str_concat(const pyrage_str *a, const pyrage_str *b)
{
    pyrage_str *s = rt_str_new(a->size + b->size);
    memcpy(s->data, a->data, (size_t)a->size);
    memcpy(s->data + a->size, b->data, (size_t)b->size);
    s->length = a->length + b->length;
    return s;
}

/* ''.join of n parts known at compile time (f-strings, str.format). */
/* ''.join(parts): each a str, or a literal piece (a tagged pyrage_str_piece pointer). */
pyrage_str *rt_str_build(int64_t n, pyrage_str *const *parts)
{
    int64_t size = 0, length = 0;
    for (int64_t i = 0; i < n; i++) {
        uintptr_t p = (uintptr_t)parts[i];
        if (p & PYRAGE_PIECE_TAG) {
            const pyrage_str_piece *piece = (const pyrage_str_piece *)(p - PYRAGE_PIECE_TAG);
            size += piece->size;
            length += piece->length;
        } else {
            size += parts[i]->size;
            length += parts[i]->length;
        }
    }
    pyrage_str *s = rt_str_new(size);
    char *out = s->data;
    for (int64_t i = 0; i < n; i++) {
        uintptr_t p = (uintptr_t)parts[i];
        const char *data;
        int64_t part_size;
        if (p & PYRAGE_PIECE_TAG) {
            const pyrage_str_piece *piece = (const pyrage_str_piece *)(p - PYRAGE_PIECE_TAG);
            data = piece->data;
            part_size = piece->size;
        } else {
            data = parts[i]->data;
            part_size = parts[i]->size;
        }
        memcpy(out, data, (size_t)part_size);
        out += part_size;
    }
    s->length = length;
    return s;
}

bool rt_str_eq(const pyrage_str *a, const pyrage_str *b)
{
    return a == b || (a->size == b->size && memcmp(a->data, b->data, (size_t)a->size) == 0);
}

/* <0, 0, >0 like memcmp: UTF-8 byte order is code point order, as CPython compares. */
int64_t rt_str_compare(const pyrage_str *a, const pyrage_str *b)
{
    int64_t n = a->size < b->size ? a->size : b->size;
    int c = memcmp(a->data, b->data, (size_t)n);
    if (c)
        return c;
    return (a->size > b->size) - (a->size < b->size);
}

bool rt_str_startswith(const pyrage_str *s, const pyrage_str *prefix)
{
    return prefix->size <= s->size && memcmp(s->data, prefix->data, (size_t)prefix->size) == 0;
}

bool rt_str_endswith(const pyrage_str *s, const pyrage_str *suffix)
{
    return suffix->size <= s->size &&
           memcmp(s->data + s->size - suffix->size, suffix->data, (size_t)suffix->size) == 0;
}

/* Byte offset of code point index `index` (0 <= index <= length). */
static int64_t offset_of(const pyrage_str *s, int64_t index)
{
    if (s->length == s->size)
        return index; /* ASCII */
    int64_t i = 0;
    for (int64_t seen = 0; i < s->size; i++) {
        if (((unsigned char)s->data[i] & 0xC0) != 0x80) {
            if (seen == index)
                return i;
            seen++;
        }
    }
    return s->size;
}

/* str.find(sub): code point index of the first match, or -1. */
int64_t rt_str_find(const pyrage_str *s, const pyrage_str *sub)
{
    for (int64_t i = 0; i + sub->size <= s->size; i++) {
        if (memcmp(s->data + i, sub->data, (size_t)sub->size) == 0)
            return s->length == s->size ? i : rt_utf8_length(s->data, i);
    }
    return -1;
}

bool rt_str_contains(const pyrage_str *s, const pyrage_str *sub)
{
    return rt_str_find(s, sub) >= 0;
}

/* s[start:stop] with Python's clamping of out-of-range and negative bounds (step 1). */
pyrage_str *rt_str_slice(const pyrage_str *s, int64_t start, int64_t stop)
{
    int64_t n = s->length;
    if (start < 0)
        start = start + n < 0 ? 0 : start + n;
    if (stop < 0)
        stop = stop + n < 0 ? 0 : stop + n;
    if (start > n)
        start = n;
    if (stop > n)
        stop = n;
    if (stop <= start)
        return rt_str_from("", 0);
    int64_t a = offset_of(s, start), b = offset_of(s, stop);
    pyrage_str *r = rt_str_new(b - a);
    memcpy(r->data, s->data + a, (size_t)(b - a));
    r->length = stop - start; /* code points: known, no need to count them */
    return r;
}

pyrage_bytes *rt_str_encode(const pyrage_str *s)
{
    pyrage_bytes *b = rt_alloc((int64_t)sizeof(pyrage_bytes) + s->size, &rt_type_bytes);
    b->size = s->size;
    memcpy(b->data, s->data, (size_t)s->size);
    return b;
}

bool rt_bytes_eq(const pyrage_bytes *a, const pyrage_bytes *b)
{
    return a == b || (a->size == b->size && memcmp(a->data, b->data, (size_t)a->size) == 0);
}

pyrage_bytes *rt_bytes_concat(const pyrage_bytes *a, const pyrage_bytes *b)
{
    pyrage_bytes *r = rt_alloc((int64_t)sizeof(pyrage_bytes) + a->size + b->size, &rt_type_bytes);
    r->size = a->size + b->size;
    memcpy(r->data, a->data, (size_t)a->size);
    memcpy(r->data + a->size, b->data, (size_t)b->size);
    return r;
}

/* s[i]: one code point, negative indices from the end; IndexError outside. */
pyrage_str *rt_str_getitem(const pyrage_str *s, int64_t i, const pyrage_loc *loc)
{
    if (i < 0)
        i += s->length;
    if (i < 0 || i >= s->length) {
        rt_raise_c(loc, &rt_type_IndexError, "string index out of range");
        return 0;
    }
    int64_t a = offset_of(s, i), b = offset_of(s, i + 1);
    return rt_str_from(s->data + a, b - a);
}

/* sep.join(items[0:count]) for the stdlib's list of str (pyrage/stdlib/_list.py). */
pyrage_str *rt_str_join(const pyrage_str *sep, const pyrage_array *items, int64_t count)
{
    int64_t size = 0, length = 0;
    for (int64_t i = 0; i < count; i++) {
        const pyrage_str *s = (const pyrage_str *)(uintptr_t)items->slots[i];
        size += s->size;
        length += s->length;
    }
    if (count > 1) {
        size += sep->size * (count - 1);
        length += sep->length * (count - 1);
    }
    pyrage_str *r = rt_str_new(size);
    char *p = r->data;
    for (int64_t i = 0; i < count; i++) {
        const pyrage_str *s = (const pyrage_str *)(uintptr_t)items->slots[i];
        if (i) {
            memcpy(p, sep->data, (size_t)sep->size);
            p += sep->size;
        }
        memcpy(p, s->data, (size_t)s->size);
        p += s->size;
    }
    r->length = length;
    return r;
}

/* b[i] for bytes: an int 0..255; IndexError outside. */
int64_t rt_bytes_getitem(const pyrage_bytes *b, int64_t i, const pyrage_loc *loc)
{
    if (i < 0)
        i += b->size;
    if (i < 0 || i >= b->size) {
        rt_raise_c(loc, &rt_type_IndexError, "index out of range");
        return 0;
    }
    return (unsigned char)b->data[i];
}

/* An `int | None` slice bound, as compiled code passes it: NULL, or a boxed int. */
static bool slice_bound(const pyrage_box *bound, int64_t *out)
{
    if (!bound)
        return false;
    *out = (int64_t)bound->value;
    return true;
}

/* s[start:stop:step] with CPython's PySlice_AdjustIndices semantics. */
pyrage_str *rt_str_slice_step(const pyrage_str *s, const pyrage_box *start_box,
                              const pyrage_box *stop_box, const pyrage_box *step_box,
                              const pyrage_loc *loc)
{
    int64_t step = 1, start, stop, n = s->length;
    slice_bound(step_box, &step);
    if (step == 0) {
        rt_raise_c(loc, &rt_type_ValueError, "slice step cannot be zero");
        return 0;
    }
    bool has_start = slice_bound(start_box, &start), has_stop = slice_bound(stop_box, &stop);
    if (!has_start)
        start = step < 0 ? n - 1 : 0;
    else if (start < 0) {
        start += n;
        if (start < 0)
            start = step < 0 ? -1 : 0;
    } else if (start >= n)
        start = step < 0 ? n - 1 : n;
    if (!has_stop)
        stop = step < 0 ? -1 : n;
    else if (stop < 0) {
        stop += n;
        if (stop < 0)
            stop = step < 0 ? -1 : 0;
    } else if (stop >= n)
        stop = step < 0 ? n - 1 : n;
    int64_t count = 0;
    if (step > 0 && start < stop)
        count = (stop - start - 1) / step + 1;
    else if (step < 0 && stop < start)
        count = (start - stop - 1) / (-step) + 1;
    /* Gather the code points one by one (the ASCII case indexes bytes directly). */
    int64_t size = 0;
    for (int64_t k = 0, i = start; k < count; k++, i += step) {
        int64_t a = offset_of(s, i), b = offset_of(s, i + 1);
        size += b - a;
    }
    pyrage_str *r = rt_str_new(size);
    char *p = r->data;
    for (int64_t k = 0, i = start; k < count; k++, i += step) {
        int64_t a = offset_of(s, i), b = offset_of(s, i + 1);
        memcpy(p, s->data + a, (size_t)(b - a));
        p += b - a;
    }
    r->length = count;
    return r;
}
