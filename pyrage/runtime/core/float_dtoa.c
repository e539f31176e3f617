/*
 * float -> decimal: the digits (as CPython's dtoa.c computes them) and their layout (as
 * CPython's PyOS_double_to_string lays them out), for repr(x) and format(x, spec).
 *
 * The digits come from exact big-integer arithmetic (Steele & White / dragon4, in the form
 * of Gay's dtoa): v = R/S exactly, scaled by 10**k so that 1 <= R/S < 10, then one digit per
 * step. Mode 0 (repr) stops at the shortest prefix inside the rounding interval of v, with
 * dtoa's tie rules; modes 2 and 3 (format with a precision, round) round half to even on the
 * exact value. About 1-3 us per call: no tables, so repr costs a few KB of code only.
 */
#include "float.h"

#define MANT_MASK ((UINT64_C(1) << 52) - 1)
#define SIGN_BIT (UINT64_C(1) << 63)

/* Adds one unit in the last of the n digits, carrying: "1299" -> "13", "99" -> "1" (k++). */
static int32_t roundoff(char *buf, int32_t n, int32_t *k)
{
    while (n > 0 && buf[n - 1] == '9')
        n--;
    if (n == 0) {
        buf[0] = '1';
        (*k)++;
        return 1;
    }
    buf[n - 1]++;
    return n;
}

static int32_t strip_zeros(const char *buf, int32_t n)
{
    while (n > 1 && buf[n - 1] == '0')
        n--;
    return n;
}

/* b = 5**p5 * 2**p2 * m */
static void make(rt_big *b, uint64_t m, int32_t p5, int32_t p2)
{
    rt_big_set(b, m);
    rt_big_mulpow5(b, p5);
    rt_big_shl(b, p2);
}

int32_t rt_float_digits(double x, int mode, int32_t ndigits, char *buf, int32_t *decpt)
{
    uint64_t bits = rt_float_bits(x) & ~SIGN_BIT;
    int32_t bexp = (int32_t)(bits >> 52);
    uint64_t f = bits & MANT_MASK;
    int32_t e = -1074;
    if (bexp) {
        f |= UINT64_C(1) << 52;
        e = bexp - 1075;
    }
    if (f == 0) {
        buf[0] = '0';
        *decpt = 1;
        return 1;
    }
    bool even = (f & 1) == 0;
    /* The gap below a power of two is half the gap above (not so at the smallest normal). */
    bool spec = mode == 0 && (bits & MANT_MASK) == 0 && bexp >= 2;

    /* k ~ floor(log10(v)) from floor(log2(v)); fixed below if it is one off. */
    int32_t b2 = 63 - __builtin_clzll(f) + e;
    int32_t k = (int32_t)(((int64_t)b2 * 1292913986) >> 32);

    /* v = R/S, half-gaps below/above Mm/S and Mp/S, everything times 4 to stay integral. */
    int32_t r2 = 2 + (e > 0 ? e : 0), s2 = 2 + (e < 0 ? -e : 0);
    int32_t mp2 = 1 + (e > 0 ? e : 0), mm2 = mp2 - spec;
    int32_t r5 = 0, s5 = 0;
    if (k >= 0) {
        s5 = k;
        s2 += k;
    } else {
        r5 = -k;
        r2 -= k;
        mp2 -= k;
        mm2 -= k;
    }
    int32_t common = r2 < s2 ? r2 : s2;
    if (mode == 0 && mm2 < common)
        common = mm2;
    r2 -= common;
    s2 -= common;
    mp2 -= common;
    mm2 -= common;

    rt_big R, S, Mp, Mm, T;
    make(&R, f, r5, r2);
    make(&S, 1, s5, s2);
    if (mode == 0) {
        make(&Mp, 1, r5, mp2);
        make(&Mm, 1, r5, mm2);
    }
    /* Fix k so that 1 <= R/S < 10. */
    for (;;) {
        if (rt_big_cmp(&R, &S) < 0) {
            k--;
            rt_big_muladd(&R, 10, 0);
            if (mode == 0) {
                rt_big_muladd(&Mp, 10, 0);
                rt_big_muladd(&Mm, 10, 0);
            }
            continue;
        }
        rt_big_copy(&T, &S);
        rt_big_muladd(&T, 10, 0);
        if (rt_big_cmp(&R, &T) >= 0) {
            k++;
            rt_big_copy(&S, &T);
            continue;
        }
        break;
    }
    /* Normalise S (top bit of its top limb set) for rt_big_quorem. */
    int32_t sh = (32 - rt_big_bitlen(&S) % 32) % 32;
    rt_big_shl(&S, sh);
    rt_big_shl(&R, sh);
    if (mode == 0) {
        rt_big_shl(&Mp, sh);
        rt_big_shl(&Mm, sh);
    }

    int32_t n = 0;
    int dig;
    if (mode == 0) {
        /* dtoa's "leftright" loop: stop as soon as the digits so far, rounded down or up,
         * read back as v; the boundaries of the interval count when f is even. */
        for (;;) {
            dig = (int)rt_big_quorem(&R, &S, 0);
            int j = rt_big_cmp(&R, &Mm);          /* rounding down reads back as v? */
            int j1 = rt_big_cmp_sum(&R, &Mp, &S); /* rounding up? */
            if (j1 == 0 && even) {
                if (dig == 9)
                    goto round_9_up;
                if (j > 0)
                    dig++;
                buf[n++] = (char)('0' + dig);
                break;
            }
            if (j < 0 || (j == 0 && even)) {
                if (R.n != 0 && j1 > 0) {
                    /* both directions read back: the nearer one, ties to an even digit */
                    rt_big_shl(&R, 1);
                    j1 = rt_big_cmp(&R, &S);
                    if (j1 > 0 || (j1 == 0 && (dig & 1))) {
                        if (dig == 9)
                            goto round_9_up;
                        dig++;
                    }
                }
                buf[n++] = (char)('0' + dig);
                break;
            }
            if (j1 > 0) {
                if (dig == 9)
                    goto round_9_up;
                buf[n++] = (char)('0' + dig + 1);
                break;
            }
            buf[n++] = (char)('0' + dig);
            rt_big_muladd(&R, 10, 0);
            rt_big_muladd(&Mp, 10, 0);
            rt_big_muladd(&Mm, 10, 0);
        }
        *decpt = k + 1;
        return strip_zeros(buf, n);
    round_9_up:
        buf[n++] = '9';
        n = roundoff(buf, n, &k);
        *decpt = k + 1;
        return n;
    }

    int64_t ilim = mode == 2 ? (ndigits < 1 ? 1 : ndigits) : (int64_t)ndigits + k + 1;
    if (ilim <= 0) {
        /* Mode 3 asks for no digit of v: 0, or 1 at the last place when v is above half
         * of it. */
        if (ilim == 0) {
            rt_big_copy(&T, &S);
            rt_big_muladd(&T, 5, 0);
            if (rt_big_cmp(&R, &T) > 0) {
                buf[0] = '1';
                *decpt = k + 2;
                return 1;
            }
        }
        *decpt = -ndigits;
        return 0;
    }
    for (int64_t i = 1;; i++) {
        dig = (int)rt_big_quorem(&R, &S, 0);
        buf[n++] = (char)('0' + dig);
        if (R.n == 0) { /* exact */
            *decpt = k + 1;
            return strip_zeros(buf, n);
        }
        if (i >= ilim || n >= RT_FLOAT_DIGITS_MAX - 1)
            break;
        rt_big_muladd(&R, 10, 0);
    }
    rt_big_shl(&R, 1);
    int c = rt_big_cmp(&R, &S);
    if (c > 0 || (c == 0 && (dig & 1)))
        n = roundoff(buf, n, &k);
    else
        n = strip_zeros(buf, n);
    *decpt = k + 1;
    return n;
}

/* ---- PyOS_double_to_string / format_float_short ---- */

void rt_float_text_init(rt_float_text *t, double x, char code, int64_t precision, int flags)
{
    uint64_t bits = rt_float_bits(x);
    t->flags = flags;
    t->neg = (bits & SIGN_BIT) != 0;
    t->special = 0;
    t->use_exp = false;
    t->exp = 0;
    if ((bits & ~SIGN_BIT) >= UINT64_C(0x7FF0000000000000)) {
        t->special = (bits & MANT_MASK) ? 'n' : 'i';
        if (t->special == 'n')
            t->neg = false; /* the sign of a nan is not shown */
        return;
    }
    int mode = 0;
    int64_t ndigits = 0;
    switch (code) {
    case 'e': mode = 2; precision++; ndigits = precision; break;
    case 'f': mode = 3; ndigits = precision; break;
    case 'g': mode = 2; if (precision == 0) precision = 1; ndigits = precision; break;
    default: break; /* 'r' */
    }
    if (ndigits > 0x7FFFFFFF)
        ndigits = 0x7FFFFFFF;
    int32_t decpt;
    t->ndig = rt_float_digits(x, mode, (int32_t)ndigits, t->digits, &decpt);
    if ((flags & RT_DTSF_NO_NEG_0) && t->neg &&
        (t->ndig == 0 || (t->ndig == 1 && t->digits[0] == '0')))
        t->neg = false;
    int64_t dp = decpt, vend = t->ndig;
    bool add_dot_0 = (flags & RT_DTSF_ADD_DOT_0) != 0;
    switch (code) {
    case 'e':
        t->use_exp = true;
        vend = precision;
        break;
    case 'f':
        vend = dp + precision;
        break;
    case 'g':
        if (dp <= -4 || dp > (add_dot_0 ? precision - 1 : precision))
            t->use_exp = true;
        if (flags & RT_DTSF_ALT)
            vend = precision;
        break;
    default:
        if (dp <= -4 || dp > 16)
            t->use_exp = true;
        break;
    }
    if (t->use_exp) {
        t->exp = dp - 1;
        dp = 1;
    }
    t->vstart = dp <= 0 ? dp - 1 : 0;
    if (!t->use_exp && add_dot_0)
        vend = vend > dp ? vend : dp + 1;
    else
        vend = vend > dp ? vend : dp;
    t->decpt = dp;
    t->vend = vend;
}

/* Writes the text to out (when not NULL) and returns its length. */
int64_t rt_float_text_write(const rt_float_text *t, char *out, bool upper)
{
    int64_t n = 0;
    char last = 0;
#define PUT(c) do { last = (c); if (out) out[n] = last; n++; } while (0)
#define ZEROS(count) do { for (int64_t z_ = (count); z_ > 0; z_--) PUT('0'); } while (0)
    if (t->neg)
        PUT('-');
    else if (t->flags & RT_DTSF_SIGN)
        PUT('+');
    if (t->special) {
        const char *s = t->special == 'i' ? (upper ? "INF" : "inf") : (upper ? "NAN" : "nan");
        for (; *s; s++)
            PUT(*s);
        return n;
    }
    int64_t dp = t->decpt, nd = t->ndig;
    if (dp <= 0) {
        ZEROS(dp - t->vstart);
        PUT('.');
        ZEROS(-dp);
    } else {
        ZEROS(-t->vstart);
    }
    if (0 < dp && dp <= nd) {
        for (int64_t i = 0; i < dp; i++)
            PUT(t->digits[i]);
        PUT('.');
        for (int64_t i = dp; i < nd; i++)
            PUT(t->digits[i]);
    } else {
        for (int64_t i = 0; i < nd; i++)
            PUT(t->digits[i]);
    }
    if (nd < dp) {
        ZEROS(dp - nd);
        PUT('.');
        ZEROS(t->vend - dp);
    } else {
        ZEROS(t->vend - nd);
    }
    if (last == '.' && !(t->flags & RT_DTSF_ALT))
        n--;
    if (t->use_exp) {
        PUT(upper ? 'E' : 'e');
        int64_t ex = t->exp;
        PUT(ex < 0 ? '-' : '+');
        if (ex < 0)
            ex = -ex;
        char tmp[24];
        int len = 0;
        do {
            tmp[len++] = (char)('0' + ex % 10);
            ex /= 10;
        } while (ex);
        if (len < 2)
            tmp[len++] = '0';
        while (len)
            PUT(tmp[--len]);
    }
#undef PUT
#undef ZEROS
    return n;
}

pyrage_str *rt_float_repr(double x)
{
    rt_float_text t;
    rt_float_text_init(&t, x, 'r', 0, RT_DTSF_ADD_DOT_0);
    char out[32]; /* "-1.2345678901234567e-308" at most */
    int64_t n = rt_float_text_write(&t, out, false);
    return rt_str_from(out, n);
}
