/*
 * Unsigned big integers for exact float <-> decimal conversion: 32-bit limbs, fixed
 * capacity (RT_BIG_LIMBS), on the stack. Only what the conversions need: multiply by a
 * small number or a power of 5, shift, compare, subtract, and a short division.
 *
 * Sizes: printing needs < 1200 bits (10**324 * 2**55), parsing < 2800 bits (800 digits
 * over 5**1125); the capacity is 3200 bits. Overflowing it is a bug: rt_fatal.
 */
#include "float.h"

static void trim(rt_big *a)
{
    while (a->n > 0 && a->d[a->n - 1] == 0)
        a->n--;
}

static void check(int32_t n)
{
    if (n > RT_BIG_LIMBS)
        rt_fatal("float conversion: big integer overflow");
}

void rt_big_set(rt_big *a, uint64_t v)
{
    a->d[0] = (uint32_t)v;
    a->d[1] = (uint32_t)(v >> 32);
    a->n = 2;
    trim(a);
}

void rt_big_copy(rt_big *dst, const rt_big *src)
{
    dst->n = src->n;
    for (int32_t i = 0; i < src->n; i++)
        dst->d[i] = src->d[i];
}

void rt_big_muladd(rt_big *a, uint32_t m, uint32_t add)
{
    uint64_t carry = add;
    for (int32_t i = 0; i < a->n; i++) {
        uint64_t p = (uint64_t)a->d[i] * m + carry;
        a->d[i] = (uint32_t)p;
        carry = p >> 32;
    }
    if (carry) {
        check(a->n + 1);
        a->d[a->n++] = (uint32_t)carry;
    }
}

/* a *= 5**e (e >= 0), 13 powers at a time: 5**13 < 2**32. */
void rt_big_mulpow5(rt_big *a, int32_t e)
{
    static const uint32_t pow5[14] = {1, 5, 25, 125, 625, 3125, 15625, 78125, 390625,
                                      1953125, 9765625, 48828125, 244140625, 1220703125};
    for (; e >= 13; e -= 13)
        rt_big_muladd(a, pow5[13], 0);
    if (e > 0)
        rt_big_muladd(a, pow5[e], 0);
}

void rt_big_shl(rt_big *a, int32_t bits)
{
    if (a->n == 0 || bits <= 0)
        return;
    int32_t limbs = bits / 32, s = bits % 32;
    check(a->n + limbs + 1);
    a->d[a->n + limbs] = 0;
    for (int32_t i = a->n - 1; i >= 0; i--) {
        uint32_t v = a->d[i];
        if (s) {
            a->d[i + limbs + 1] |= v >> (32 - s);
            a->d[i + limbs] = v << s;
        } else {
            a->d[i + limbs] = v;
        }
    }
    for (int32_t i = 0; i < limbs; i++)
        a->d[i] = 0;
    a->n += limbs + 1;
    trim(a);
}

int32_t rt_big_bitlen(const rt_big *a)
{
    if (a->n == 0)
        return 0;
    return 32 * (a->n - 1) + 32 - __builtin_clz(a->d[a->n - 1]);
}

int rt_big_cmp(const rt_big *a, const rt_big *b)
{
    if (a->n != b->n)
        return a->n < b->n ? -1 : 1;
    for (int32_t i = a->n - 1; i >= 0; i--) {
        if (a->d[i] != b->d[i])
            return a->d[i] < b->d[i] ? -1 : 1;
    }
    return 0;
}

/* Compares a + b with c without forming the sum. */
int rt_big_cmp_sum(const rt_big *a, const rt_big *b, const rt_big *c)
{
    int32_t n = a->n > b->n ? a->n : b->n;
    if (c->n > n + 1)
        return -1;
    if (n > c->n)
        return 1;
    /* Form the sum limb by limb from the bottom, then compare from the top. */
    uint32_t sum[RT_BIG_LIMBS + 1];
    uint64_t carry = 0;
    for (int32_t i = 0; i < n; i++) {
        uint64_t s = carry + (i < a->n ? a->d[i] : 0) + (i < b->n ? b->d[i] : 0);
        sum[i] = (uint32_t)s;
        carry = s >> 32;
    }
    sum[n] = (uint32_t)carry;
    int32_t m = n + 1;
    while (m > 0 && sum[m - 1] == 0)
        m--;
    if (m != c->n)
        return m < c->n ? -1 : 1;
    for (int32_t i = m - 1; i >= 0; i--) {
        if (sum[i] != c->d[i])
            return sum[i] < c->d[i] ? -1 : 1;
    }
    return 0;
}

/* a -= b << (32 * off), which must not go negative. */
static void sub_at(rt_big *a, const rt_big *b, int32_t off)
{
    int64_t borrow = 0;
    int32_t i = 0;
    for (; i < b->n; i++) {
        int64_t d = (int64_t)a->d[i + off] - b->d[i] - borrow;
        borrow = d < 0;
        a->d[i + off] = (uint32_t)d;
    }
    for (i += off; borrow && i < a->n; i++) {
        int64_t d = (int64_t)a->d[i] - borrow;
        borrow = d < 0;
        a->d[i] = (uint32_t)d;
    }
    trim(a);
}

void rt_big_sub(rt_big *a, const rt_big *b)
{
    sub_at(a, b, 0);
}

static uint32_t limb(const rt_big *a, int32_t i)
{
    return i >= 0 && i < a->n ? a->d[i] : 0;
}

/* q = floor(r / (s << 32*off)), r -= q * (s << 32*off), returning q. The quotient must be
 * < 2**32 and s normalised (the top bit of its top limb set), so that Knuth's estimate from
 * the top limbs is at most 2 too large. */
uint32_t rt_big_quorem(rt_big *r, const rt_big *s, int32_t off)
{
    int32_t n = s->n;
    uint64_t top = ((uint64_t)limb(r, n + off) << 32) | limb(r, n + off - 1);
    uint64_t q = top / s->d[n - 1];
    if (q > 0xFFFFFFFFu)
        q = 0xFFFFFFFFu;
    if (q == 0)
        return 0;
    rt_big t;
    t.n = s->n + off;
    for (int32_t i = 0; i < off; i++)
        t.d[i] = 0;
    for (int32_t i = 0; i < s->n; i++)
        t.d[i + off] = s->d[i];
    rt_big_muladd(&t, (uint32_t)q, 0);
    while (rt_big_cmp(&t, r) > 0) {
        sub_at(&t, s, off);
        q--;
    }
    sub_at(r, &t, 0);
    return (uint32_t)q;
}

/* The top 64 bits of a (a != 0): a = (top + f) * 2**exp with 0 <= f < 1, *sticky = f != 0. */
uint64_t rt_big_top64(const rt_big *a, bool *sticky, int32_t *exp)
{
    int32_t len = rt_big_bitlen(a);
    int32_t shift = len - 64; /* bits below the top 64 */
    uint64_t top = 0;
    bool rest = false;
    for (int32_t bit = len - 1; bit >= 0 && bit >= shift; bit--)
        top = (top << 1) | ((a->d[bit / 32] >> (bit % 32)) & 1);
    if (shift < 0) {
        top <<= -shift;
    } else {
        int32_t whole = shift / 32;
        for (int32_t i = 0; i < whole && !rest; i++)
            rest = a->d[i] != 0;
        if (!rest && shift % 32)
            rest = (a->d[whole] & ((1u << (shift % 32)) - 1)) != 0;
    }
    *sticky = rest;
    *exp = shift;
    return top;
}
