/*
 * decimal -> float: float(s) with CPython's syntax and messages, correctly rounded.
 *
 * Short inputs (<= 15 digits, |exponent| <= 22) take Clinger's fast path: both operands are
 * exact doubles, so one IEEE operation rounds once. Every other input is converted exactly
 * with big integers: the top 64 bits of DIGITS * 10**exp (a product, or a quotient by 5**-exp)
 * plus a sticky bit are rounded half to even. Beyond 800 significant digits the rest only
 * matters as "nonzero or not" (no halfway point between doubles has more than 767), so the
 * digits are cut there with a sticky 1 appended.
 */
#include "float.h"
#include "unicode.h"

#pragma STDC FP_CONTRACT OFF

#define MAX_SIG 800
#define MAX_ABS_EXP 1100000000 /* CPython's dtoa clamps larger exponents to this */

double rt_float_round_q(uint64_t q, bool sticky, int64_t binexp)
{
    if (q == 0)
        return 0.0;
    int32_t lq = 64 - __builtin_clzll(q);
    int64_t top = lq - 1 + binexp; /* value in [2**top, 2**(top+1)) */
    if (top > 1023)
        return rt_float_from_bits(UINT64_C(0x7FF0000000000000));
    int64_t e0 = top - 52; /* exponent of the last kept bit */
    if (e0 < -1074)
        e0 = -1074;
    int64_t shift = e0 - binexp; /* low bits of q to drop */
    uint64_t m;
    if (shift <= 0) {
        m = q << -shift; /* exact (sticky is never set with so few bits) */
    } else if (shift > 64) {
        m = 0; /* below half of the smallest subnormal */
    } else {
        uint64_t rem, half = UINT64_C(1) << (shift - 1);
        if (shift == 64) {
            m = 0;
            rem = q;
        } else {
            m = q >> shift;
            rem = q & ((UINT64_C(1) << shift) - 1);
        }
        if (rem > half || (rem == half && (sticky || (m & 1))))
            m++;
    }
    /* m carries the hidden bit: adding it to the exponent field also handles a carry into
     * the next binade, a subnormal becoming normal, and overflow to inf. */
    uint64_t bits = ((uint64_t)(e0 + 1074) << 52) + m;
    if (bits >= UINT64_C(0x7FF0000000000000))
        bits = UINT64_C(0x7FF0000000000000);
    return rt_float_from_bits(bits);
}

static const double exact_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static double with_sign(double x, bool negative)
{
    return negative ? rt_float_from_bits(rt_float_bits(x) | (UINT64_C(1) << 63)) : x;
}

double rt_float_from_decimal(const char *digits, int64_t n, int64_t exp, bool negative)
{
    while (n > 0 && digits[0] == '0') {
        digits++;
        n--;
    }
    while (n > 0 && digits[n - 1] == '0') {
        n--;
        exp++;
    }
    if (n == 0)
        return with_sign(0.0, negative);
    int64_t dexp = n + exp; /* value in [10**(dexp-1), 10**dexp) */
    if (dexp > 310)
        return with_sign(rt_float_from_bits(UINT64_C(0x7FF0000000000000)), negative);
    if (dexp < -324)
        return with_sign(0.0, negative);
    if (n <= 15 && exp >= -22 && exp <= 22) {
        uint64_t w = 0;
        for (int64_t i = 0; i < n; i++)
            w = w * 10 + (uint64_t)(digits[i] - '0');
        double d = (double)w; /* exact: w < 10**15 */
        d = exp >= 0 ? d * exact_pow10[exp] : d / exact_pow10[-exp];
        return with_sign(d, negative);
    }
    /* Truncated input keeps a sticky digit (the caller passes at most MAX_SIG + 1). */
    rt_big D, B;
    rt_big_set(&D, 0);
    for (int64_t i = 0; i < n;) {
        uint32_t chunk = 0, scale = 1;
        for (int j = 0; j < 9 && i < n; j++, i++) {
            chunk = chunk * 10 + (uint32_t)(digits[i] - '0');
            scale *= 10;
        }
        rt_big_muladd(&D, scale, chunk);
    }
    bool sticky;
    int32_t shift;
    uint64_t q;
    int64_t binexp;
    if (exp >= 0) {
        rt_big_mulpow5(&D, (int32_t)exp);
        q = rt_big_top64(&D, &sticky, &shift);
        binexp = shift + exp;
    } else {
        int32_t f = (int32_t)-exp;
        rt_big_set(&B, 1);
        rt_big_mulpow5(&B, f);
        /* q = floor(D * 2**s / B) in [2**62, 2**64) */
        int32_t s = 63 - rt_big_bitlen(&D) + rt_big_bitlen(&B);
        if (s >= 0)
            rt_big_shl(&D, s);
        else
            rt_big_shl(&B, -s);
        int32_t norm = (32 - rt_big_bitlen(&B) % 32) % 32;
        rt_big_shl(&B, norm);
        rt_big_shl(&D, norm);
        q = (uint64_t)rt_big_quorem(&D, &B, 1) << 32;
        q |= rt_big_quorem(&D, &B, 0);
        sticky = D.n != 0;
        binexp = -(int64_t)s - f;
    }
    return with_sign(rt_float_round_q(q, sticky, binexp), negative);
}

/* ---- float(str) ---- */

static bool ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static uint32_t decode(const unsigned char *p, const unsigned char *end, int *len)
{
    unsigned char c = p[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (p + n > end)
        n = (int)(end - p);
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (int i = 1; i < n; i++)
        cp = cp << 6 | (p[i] & 0x3Fu);
    *len = n;
    return cp;
}

static bool match_ci(const char *p, const char *end, const char *word)
{
    for (; *word; word++, p++) {
        if (p == end || (*p | 32) != *word)
            return false;
    }
    return true;
}

void rt_raise_value_error_repr(const pyrage_loc *loc, const char *prefix, const pyrage_str *s);

/* The number in [p, end) (whitespace already stripped), or false. */
static bool parse_number(const char *p, const char *end, double *out)
{
    const char *start = p;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    char sig[MAX_SIG + 1];
    int64_t kept = 0, ndigits = 0, adj = 0;
    bool seen_nonzero = false, tail = false;
    for (; p < end && is_digit(*p); p++) {
        ndigits++;
        if (!seen_nonzero && *p == '0')
            continue;
        seen_nonzero = true;
        if (kept < MAX_SIG) {
            sig[kept++] = *p;
        } else {
            tail |= *p != '0';
            adj++;
        }
    }
    if (p < end && *p == '.') {
        p++;
        for (; p < end && is_digit(*p); p++) {
            ndigits++;
            if (!seen_nonzero && *p == '0') {
                adj--;
                continue;
            }
            seen_nonzero = true;
            if (kept < MAX_SIG) {
                sig[kept++] = *p;
                adj--;
            } else {
                tail |= *p != '0';
            }
        }
    }
    if (ndigits == 0) {
        /* inf, infinity, nan (any case) */
        p = start;
        if (p < end && (*p == '+' || *p == '-'))
            p++;
        double v;
        if (match_ci(p, end, "inf")) {
            p += 3;
            if (match_ci(p, end, "inity"))
                p += 5;
            v = rt_float_from_bits(UINT64_C(0x7FF0000000000000));
        } else if (match_ci(p, end, "nan")) {
            p += 3;
            v = rt_float_from_bits(UINT64_C(0x7FF8000000000000));
        } else {
            return false;
        }
        *out = with_sign(v, neg);
        return p == end;
    }
    int64_t exp = 0;
    if (p < end && (*p == 'e' || *p == 'E')) {
        const char *q = p + 1;
        bool eneg = false;
        if (q < end && (*q == '+' || *q == '-'))
            eneg = *q++ == '-';
        if (q < end && is_digit(*q)) {
            for (; q < end && is_digit(*q); q++) {
                exp = exp * 10 + (*q - '0');
                if (exp > MAX_ABS_EXP)
                    exp = MAX_ABS_EXP;
            }
            if (eneg)
                exp = -exp;
            p = q;
        }
    }
    if (p != end)
        return false;
    if (tail) {
        sig[kept++] = '1';
        adj--;
    }
    *out = rt_float_from_decimal(sig, kept, exp + adj, neg);
    return true;
}

double rt_str_to_float(const pyrage_str *s, const pyrage_loc *loc)
{
    const char *data = s->data;
    int64_t size = s->size;
    bool ascii = true, underscore = false;
    for (int64_t i = 0; i < size; i++) {
        ascii &= (unsigned char)data[i] < 0x80;
        underscore |= data[i] == '_';
    }
    char small[128];
    char *buf = (char *)data;
    if (!ascii || underscore) {
        buf = size <= (int64_t)sizeof small ? small : rt_str_new(size)->data;
        int64_t n = 0;
        if (!ascii) {
            /* Unicode spaces become ' ' and Unicode digits ASCII ones; anything else above
             * ASCII cannot be part of a number. */
            const unsigned char *p = (const unsigned char *)data, *end = p + size;
            while (p < end) {
                int len;
                uint32_t cp = decode(p, end, &len);
                p += len;
                int digit;
                if (cp < 127)
                    buf[n++] = (char)cp;
                else if (rt_unicode_space(cp))
                    buf[n++] = ' ';
                else if ((digit = rt_unicode_decimal(cp)) >= 0)
                    buf[n++] = (char)('0' + digit);
                else
                    goto invalid;
            }
        } else {
            memcpy(buf, data, (size_t)size);
            n = size;
        }
        if (underscore) {
            /* An '_' must sit between two digits; then it is dropped. */
            int64_t m = 0;
            char prev = 0;
            for (int64_t i = 0; i < n; i++) {
                char c = buf[i];
                if (c == '_') {
                    if (!is_digit(prev))
                        goto invalid;
                } else {
                    if (prev == '_' && !is_digit(c))
                        goto invalid;
                    buf[m++] = c;
                }
                prev = c;
            }
            if (prev == '_')
                goto invalid;
            n = m;
        }
        size = n;
    }
    const char *p = buf, *end = buf + size;
    while (p < end && ascii_space(*p))
        p++;
    while (end > p && ascii_space(end[-1]))
        end--;
    double v;
    if (p < end && parse_number(p, end, &v))
        return v;
invalid:
    rt_raise_value_error_repr(loc, "could not convert string to float: ", s);
    return 0.0;
}
