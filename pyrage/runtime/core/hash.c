/*
 * hash() for the builtin types. int and tuple hashes are CPython's exactly (set iteration order
 * depends on them); str/bytes use FNV-1a, since CPython's are randomized per process anyway,
 * except for the empty ones, whose hash is 0 in CPython whatever the seed.
 *
 * WARNING: compiler/codegen/emit.py computes the str/bytes hash of literals at compile time
 * with the same function (literals are read-only: they cannot cache it at run time). Change
 * both together.
 */
#include "object.h"

#define HASH_MODULUS (((uint64_t)1 << 61) - 1)

/* CPython's hash(int): the value modulo 2**61 - 1, with the sign, and -1 becomes -2. */
int64_t rt_hash_int(int64_t v)
{
    uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;
    int64_t x = (int64_t)(magnitude % HASH_MODULUS);
    if (v < 0)
        x = -x;
    return x == -1 ? -2 : x;
}

static int64_t fnv1a(const char *data, int64_t size)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (int64_t i = 0; i < size; i++) {
        h ^= (unsigned char)data[i];
        h *= 0x100000001b3u;
    }
    h ^= h >> 29; /* spread the high bits down: tables index by the low bits */
    int64_t x = (int64_t)h;
    if (x == -1)
        x = -2; /* -1 means "error" to CPython's protocol; keep the same reserved values */
    if (x == 0)
        x = 1; /* 0 marks "not computed yet" in the object */
    return x;
}

int64_t rt_str_hash(pyrage_str *s)
{
    if (s->size == 0)
        return 0; /* as CPython's: {1, ""} iterates "" first */
    if (!s->hash)
        s->hash = (uint64_t)fnv1a(s->data, s->size);
    return (int64_t)s->hash;
}

int64_t rt_bytes_hash(pyrage_bytes *b)
{
    if (b->size == 0)
        return 0;
    if (!b->hash)
        b->hash = (uint64_t)fnv1a(b->data, b->size);
    return (int64_t)b->hash;
}

/* An object without __hash__: its identity, as CPython's _Py_HashPointer does. */
int64_t rt_hash_pointer(const void *p)
{
    uintptr_t y = (uintptr_t)p;
    y = (y >> 4) | (y << 60);
    int64_t x = (int64_t)y;
    return x == -1 ? -2 : x;
}

/* CPython 3.11's tuplehash (xxHash-style), one step per item, then the length. */
#define XXPRIME_1 ((uint64_t)11400714785074694791ULL)
#define XXPRIME_2 ((uint64_t)14029467366897019727ULL)
#define XXPRIME_5 ((uint64_t)2870177450012600261ULL)

int64_t rt_hash_tuple_step(int64_t acc, int64_t lane)
{
    uint64_t a = (uint64_t)acc + (uint64_t)lane * XXPRIME_2;
    a = (a << 31) | (a >> 33);
    return (int64_t)(a * XXPRIME_1);
}

int64_t rt_hash_tuple_finish(int64_t acc, int64_t length)
{
    uint64_t a = (uint64_t)acc + ((uint64_t)length ^ (XXPRIME_5 ^ 3527539UL));
    return a == (uint64_t)-1 ? 1546275796 : (int64_t)a;
}

int64_t rt_hash_tuple_start(void)
{
    return (int64_t)XXPRIME_5;
}
