/*
 * int <-> str: str(i), int(s) with CPython's accepted syntax and messages.
 */
#include "object.h"

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

/* int(s): optional whitespace and sign, decimal digits with single '_' between them. */
int64_t rt_str_to_int(const pyrage_str *s, const pyrage_loc *loc)
{
    const char *p = s->data, *end = s->data + s->size;
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
