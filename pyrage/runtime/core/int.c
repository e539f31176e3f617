/*
 * int <-> str: str(i), int(s) with CPython's accepted syntax and messages.
 */
#include "object.h"
#include "unicode.h"

/* Writes the digits of |v| in `base` ending at end[-1]; returns the first byte. */
char *rt_digits(char *end, uint64_t u, int base, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        *--end = digits[u % (uint64_t)base];
        u /= (uint64_t)base;
    } while (u);
    return end;
}

pyrage_str *rt_int_to_str(int64_t v)
{
    char buf[24];
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    char *p = rt_digits(buf + sizeof buf, u, 10, false);
    if (v < 0)
        *--p = '-';
    return rt_str_from(p, buf + sizeof buf - p);
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void rt_raise_value_error_repr(const pyrage_loc *loc, const char *prefix, const pyrage_str *s);

/* The text int() parses, as CPython's _PyUnicode_TransformDecimalAndSpaceToASCII makes it: a
 * non-ASCII whitespace character becomes ' ', a non-ASCII decimal digit its ASCII digit, any
 * other non-ASCII character '?' (which no number contains). An ASCII str is its own. */
static const char *ascii_digits(const pyrage_str *s, int64_t *size)
{
    *size = s->length;
    if (s->length == s->size)
        return s->data;
    char *out = rt_str_new(s->length)->data;
    const unsigned char *p = (const unsigned char *)s->data, *end = p + s->size;
    for (int64_t n = 0; p < end; n++) {
        uint32_t cp = *p++;
        if (cp >= 0x80) {
            int more = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : 1;
            cp &= 0x3Fu >> more;
            for (; more; more--)
                cp = cp << 6 | (*p++ & 0x3Fu);
            int digit = rt_unicode_decimal(cp);
            cp = rt_unicode_space(cp) ? ' ' : digit >= 0 ? '0' + (uint32_t)digit : '?';
        }
        out[n] = (char)cp;
    }
    return out;
}

/* int(s): optional whitespace and sign, decimal digits with single '_' between them. */
int64_t rt_str_to_int(const pyrage_str *s, const pyrage_loc *loc)
{
    int64_t size;
    const char *p = ascii_digits(s, &size), *end = p + size;
    while (p < end && is_space(*p))
        p++;
    while (end > p && is_space(end[-1]))
        end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    if (p == end || *p == '_')
        goto invalid;
    uint64_t limit = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1;
    uint64_t u = 0;
    for (; p < end; p++) {
        if (*p == '_' && p + 1 < end && p[1] != '_')
            continue;
        if (*p < '0' || *p > '9')
            goto invalid;
        uint64_t d = (uint64_t)(*p - '0');
        if (u > (limit - d) / 10) {
            extern void rt_trap_overflow(const pyrage_loc *) __attribute__((noreturn));
            rt_trap_overflow(loc);
        }
        u = u * 10 + d;
    }
    return neg ? (int64_t)(0 - u) : (int64_t)u;
invalid:
    rt_raise_value_error_repr(loc, "invalid literal for int() with base 10: ", s);
    return 0;
}

__attribute__((noreturn)) void rt_trap_overflow(const pyrage_loc *loc);

/* base ** exp for exp >= 0 (mypy types a negative exponent as float, which pyrage rejects). */
int64_t rt_int_pow(int64_t base, int64_t exp, const pyrage_loc *loc)
{
    if (exp < 0) {
        rt_raise_c(loc, &rt_type_ValueError, "negative exponent (pyrage computes int ** int only)");
        return 0;
    }
    int64_t result = 1;
    while (exp) {
        if (exp & 1 && __builtin_mul_overflow(result, base, &result))
            rt_trap_overflow(loc);
        exp >>= 1;
        if (exp && __builtin_mul_overflow(base, base, &base))
            rt_trap_overflow(loc);
    }
    return result;
}

/* a + b clamped to the int range: a range() counter stepping past the end. */
int64_t rt_int_add_saturating(int64_t a, int64_t b)
{
    int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

/* Python's exact comparison of an int and a float: -1, 0 or 1, and 2 when f is NaN. */
int64_t rt_cmp_int_float(int64_t i, double f)
{
    if (f != f)
        return 2;
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    /* f is within the int range: compare its integer part exactly, then the fraction. */
    int64_t whole = (int64_t)f; /* truncates toward zero */
    if (i != whole)
        return i < whole ? -1 : 1;
    double frac = f - (double)whole;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
}

/* round(v, ndigits) for an int: exact, half to even (ndigits >= 0 changes nothing). */
int64_t rt_int_round(int64_t v, int64_t ndigits, const pyrage_loc *loc)
{
    if (ndigits >= 0)
        return v;
    if (ndigits < -18)
        return 0;
    int64_t p = 1;
    for (int64_t k = 0; k < -ndigits; k++)
        p *= 10;
    int64_t q = v / p, r = v % p;
    if (r < 0) {
        r += p;
        q -= 1;
    }
    if (2 * r > p || (2 * r == p && (q & 1)))
        q += 1;
    int64_t result;
    if (__builtin_mul_overflow(q, p, &result))
        rt_trap_overflow(loc);
    return result;
}

/* (a * b) % m for a, b < m <= 2**63, without 128-bit division (no compiler-rt here). */
static uint64_t mulmod(uint64_t a, uint64_t b, uint64_t m)
{
    uint64_t result = 0;
    a %= m;
    while (b) {
        if (b & 1) {
            result += a; /* both < m <= 2**63: the sum fits */
            if (result >= m)
                result -= m;
        }
        a += a;
        if (a >= m)
            a -= m;
        b >>= 1;
    }
    return result;
}

/* pow(base, exp, mod) for ints: exact modular exponentiation, Python's signs. */
int64_t rt_int_powmod(int64_t base, int64_t exp, int64_t mod, const pyrage_loc *loc)
{
    if (mod == 0) {
        rt_raise_c(loc, &rt_type_ValueError, "pow() 3rd argument cannot be 0");
        return 0;
    }
    uint64_t m = mod < 0 ? -(uint64_t)mod : (uint64_t)mod;
    uint64_t b = base < 0 ? (m - (-(uint64_t)base) % m) % m : (uint64_t)base % m;
    if (exp < 0) { /* pow(b, -e, m) is pow(inverse of b, e, m): extended Euclid */
        int64_t r0 = (int64_t)m, r1 = (int64_t)b, t0 = 0, t1 = 1;
        if (m > (uint64_t)INT64_MAX) {
            r0 = 0; /* |mod| == 2**63: only an odd base is invertible; handled below */
        }
        while (r1 != 0 && r0 != 0) {
            int64_t q = r0 / r1, r2 = r0 - q * r1, t2 = t0 - q * t1;
            r0 = r1; r1 = r2; t0 = t1; t1 = t2;
        }
        if (r0 != 1 || m > (uint64_t)INT64_MAX) {
            rt_raise_c(loc, &rt_type_ValueError, "base is not invertible for the given modulus");
            return 0;
        }
        b = t0 < 0 ? (uint64_t)(t0 + (int64_t)m) : (uint64_t)t0;
    }
    uint64_t e = exp < 0 ? -(uint64_t)exp : (uint64_t)exp; /* -2**63 included */
    uint64_t result = 1 % m;
    while (e) {
        if (e & 1)
            result = mulmod(result, b, m);
        b = mulmod(b, b, m);
        e >>= 1;
    }
    int64_t r = (int64_t)result;
    if (mod < 0 && r != 0)
        r += mod; /* the result takes the modulus's sign */
    return r;
}

static bool space_at(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* int(s, base): base 0 (the prefix decides) or 2..36; prefixes 0x/0o/0b where they fit the
 * base; single underscores between digits; CPython's messages. */
int64_t rt_str_to_int_base(const pyrage_str *s, int64_t base, const pyrage_loc *loc)
{
    if (base != 0 && (base < 2 || base > 36)) {
        rt_raise_c(loc, &rt_type_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return 0;
    }
    int64_t size;
    const char *p = ascii_digits(s, &size), *end = p + size;
    while (p < end && space_at(*p))
        p++;
    while (end > p && space_at(end[-1]))
        end--;
    bool neg = false;
    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    int64_t effective = base;
    if (end - p >= 2 && p[0] == '0') {
        char k = (char)(p[1] | 0x20);
        int64_t prefixed = k == 'x' ? 16 : k == 'o' ? 8 : k == 'b' ? 2 : 0;
        if (prefixed && (base == 0 || base == prefixed)) {
            effective = prefixed;
            p += 2;
            if (p < end && *p == '_')
                p++; /* 0x_ff is allowed */
        }
    }
    if (effective == 0)
        effective = 10;
    if (base == 0 && effective == 10 && end - p > 1 && p[0] == '0') {
        for (const char *q = p; q < end; q++) /* base 0: 010 is an error, 000 is fine */
            if (*q != '0' && *q != '_')
                goto invalid;
    }
    if (p == end || *p == '_')
        goto invalid;
    {
        uint64_t limit = neg ? (uint64_t)1 << 63 : ((uint64_t)1 << 63) - 1, u = 0;
        for (; p < end; p++) {
            if (*p == '_' && p + 1 < end && p[1] != '_')
                continue;
            int64_t d = *p >= '0' && *p <= '9' ? *p - '0'
                      : (*p | 0x20) >= 'a' && (*p | 0x20) <= 'z' ? (*p | 0x20) - 'a' + 10 : 99;
            if (d >= effective)
                goto invalid;
            if (u > (limit - (uint64_t)d) / (uint64_t)effective)
                rt_trap_overflow(loc);
            u = u * (uint64_t)effective + (uint64_t)d;
        }
        return neg ? (int64_t)(0 - u) : (int64_t)u;
    }
invalid:;
    char prefix[64] = "invalid literal for int() with base ";
    size_t n = rt_cstrlen(prefix);
    if (base >= 10)
        prefix[n++] = (char)('0' + base / 10);
    prefix[n++] = (char)('0' + base % 10);
    prefix[n++] = ':';
    prefix[n++] = ' ';
    prefix[n] = 0;
    rt_raise_value_error_repr(loc, prefix, s);
    return 0;
}
