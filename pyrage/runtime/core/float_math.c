/*
 * float arithmetic with Python's semantics (CPython 3.11 Objects/floatobject.c and
 * Modules/mathmodule.c): division and modulo with their ZeroDivisionErrors, int(x), round,
 * hash, and the math functions that need no libm beyond what is here (fmod is exact integer
 * arithmetic, sqrt is the sqrtsd instruction).
 */
#include "float.h"

#pragma STDC FP_CONTRACT OFF

#define SIGN_BIT (UINT64_C(1) << 63)
#define EXP_MASK UINT64_C(0x7FF0000000000000)
#define MANT_MASK ((UINT64_C(1) << 52) - 1)

static bool is_nan(double x) { return (rt_float_bits(x) & ~SIGN_BIT) > EXP_MASK; }
static bool is_inf(double x) { return (rt_float_bits(x) & ~SIGN_BIT) == EXP_MASK; }
static bool is_finite(double x) { return (rt_float_bits(x) & EXP_MASK) != EXP_MASK; }

static double copysign_(double x, double y)
{
    return rt_float_from_bits((rt_float_bits(x) & ~SIGN_BIT) | (rt_float_bits(y) & SIGN_BIT));
}

double rt_float_trunc(double x)
{
    uint64_t u = rt_float_bits(x);
    int e = (int)((u >> 52) & 0x7FF) - 1023;
    if (e >= 52)
        return x; /* already integral, or inf/nan */
    if (e < 0)
        return rt_float_from_bits(u & SIGN_BIT);
    return rt_float_from_bits(u & ~(MANT_MASK >> e));
}

double rt_float_floor(double x)
{
    double t = rt_float_trunc(x);
    return t != x && x < 0 ? t - 1.0 : t;
}

double rt_float_ceil(double x)
{
    double t = rt_float_trunc(x);
    if (t != x && x > 0)
        return t + 1.0;
    return t == 0 && x < 0 ? -0.0 : t; /* ceil(-0.5) is -0.0 */
}

/* C's fmod: x - trunc(x/y)*y, which is always exact, by shift-and-subtract on the
 * mantissas. */
static double fmod_(double x, double y)
{
    uint64_t ux = rt_float_bits(x), uy = rt_float_bits(y);
    uint64_t sx = ux & SIGN_BIT;
    ux &= ~SIGN_BIT;
    uy &= ~SIGN_BIT;
    if (ux >= EXP_MASK || uy > EXP_MASK || uy == 0)
        return (x * y) / (x * y); /* nan: x inf or nan, y nan or 0 */
    if (uy == EXP_MASK || ux < uy)
        return x; /* |x| < |y| (y may be inf) */
    if (ux == uy)
        return rt_float_from_bits(sx);
    int ex = (int)(ux >> 52), ey = (int)(uy >> 52);
    uint64_t mx, my;
    /* mantissas with the hidden bit, subnormals normalised to the same form */
    if (ex == 0) {
        mx = ux;
        ex = 1;
        while (!(mx >> 52)) {
            mx <<= 1;
            ex--;
        }
    } else {
        mx = (ux & MANT_MASK) | (UINT64_C(1) << 52);
    }
    if (ey == 0) {
        my = uy;
        ey = 1;
        while (!(my >> 52)) {
            my <<= 1;
            ey--;
        }
    } else {
        my = (uy & MANT_MASK) | (UINT64_C(1) << 52);
    }
    for (; ex > ey; ex--) {
        if (mx >= my) {
            mx -= my;
            if (mx == 0)
                return rt_float_from_bits(sx);
        }
        mx <<= 1;
    }
    if (mx >= my) {
        mx -= my;
        if (mx == 0)
            return rt_float_from_bits(sx);
    }
    while (!(mx >> 52)) {
        mx <<= 1;
        ex--;
    }
    uint64_t bits;
    if (ex > 0)
        bits = ((uint64_t)ex << 52) | (mx & MANT_MASK);
    else
        bits = mx >> (1 - ex); /* subnormal: exact, the remainder is a multiple of y's ulp */
    return rt_float_from_bits(bits | sx);
}

double rt_float_div(double a, double b, const pyrage_loc *loc)
{
    if (b == 0.0) {
        rt_raise_c(loc, &rt_type_ZeroDivisionError, "float division by zero");
        return 0.0;
    }
    return a / b;
}

double rt_float_mod(double a, double b, const pyrage_loc *loc)
{
    if (b == 0.0) {
        rt_raise_c(loc, &rt_type_ZeroDivisionError, "float modulo");
        return 0.0;
    }
    double mod = fmod_(a, b);
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0))
            mod += b; /* the sign of the divisor */
    } else {
        mod = copysign_(0.0, b);
    }
    return mod;
}

double rt_float_floordiv(double a, double b, const pyrage_loc *loc)
{
    if (b == 0.0) {
        rt_raise_c(loc, &rt_type_ZeroDivisionError, "float floor division by zero");
        return 0.0;
    }
    double mod = fmod_(a, b);
    double div = (a - mod) / b;
    if (mod != 0.0 && (b < 0) != (mod < 0))
        div -= 1.0;
    if (div != 0.0) {
        double fd = rt_float_floor(div);
        if (div - fd > 0.5)
            fd += 1.0; /* snap to the nearest integral value */
        return fd;
    }
    return copysign_(0.0, a / b);
}

double rt_int_truediv(int64_t a, int64_t b, const pyrage_loc *loc)
{
    if (b == 0) {
        rt_raise_c(loc, &rt_type_ZeroDivisionError, "division by zero");
        return 0.0;
    }
    const int64_t exact = INT64_C(1) << 53;
    if (a >= -exact && a <= exact && b >= -exact && b <= exact)
        return (double)a / (double)b; /* both exact: one rounding */
    bool neg = (a < 0) != (b < 0);
    uint64_t ua = a < 0 ? -(uint64_t)a : (uint64_t)a, ub = b < 0 ? -(uint64_t)b : (uint64_t)b;
    if (ua == 0)
        return neg ? -0.0 : 0.0;
    /* q = floor(ua * 2**s / ub) in (2**62, 2**64), by one 128/64-bit divq */
    int s = 63 - ((64 - __builtin_clzll(ua)) - (64 - __builtin_clzll(ub)));
    uint64_t hi = s == 0 ? 0 : s >= 64 ? ua << (s - 64) : ua >> (64 - s);
    uint64_t lo = s >= 64 ? 0 : ua << s;
    uint64_t q, r;
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"(lo), "d"(hi), "rm"(ub) : "cc");
    double d = rt_float_round_q(q, r != 0, -s);
    return neg ? -d : d;
}

static bool int_convertible(double t, const pyrage_loc *loc)
{
    if (is_nan(t)) {
        rt_raise_c(loc, &rt_type_ValueError, "cannot convert float NaN to integer");
        return false;
    }
    if (is_inf(t)) {
        rt_raise_c(loc, &rt_type_OverflowError, "cannot convert float infinity to integer");
        return false;
    }
    if (t < -0x1p63 || t >= 0x1p63)
        rt_trap_overflow(loc); /* CPython would make a big int */
    return true;
}

int64_t rt_float_to_int(double x, const pyrage_loc *loc)
{
    double t = rt_float_trunc(x);
    return int_convertible(t, loc) ? (int64_t)t : 0;
}

int64_t rt_math_trunc(double x, const pyrage_loc *loc)
{
    return rt_float_to_int(x, loc);
}

int64_t rt_math_floor(double x, const pyrage_loc *loc)
{
    double t = rt_float_floor(x);
    return int_convertible(t, loc) ? (int64_t)t : 0;
}

int64_t rt_math_ceil(double x, const pyrage_loc *loc)
{
    double t = rt_float_ceil(x);
    return int_convertible(t, loc) ? (int64_t)t : 0;
}

/* round(x): to the nearest integer, halves to even. */
int64_t rt_float_round_int(double x, const pyrage_loc *loc)
{
    double t = rt_float_trunc(x);
    if (is_finite(x)) {
        double d = x - t; /* exact */
        double ad = d < 0 ? -d : d;
        if (ad > 0.5 || (ad == 0.5 && ((int64_t)t & 1)))
            t += x < 0 ? -1.0 : 1.0;
    }
    return int_convertible(t, loc) ? (int64_t)t : 0;
}

/* round(x, ndigits): the digits of x rounded half-even at 10**-ndigits (dtoa mode 3), read
 * back, as CPython's double_round does. */
static double round_digits(double x, int64_t ndigits, bool *overflow)
{
    *overflow = false;
    if (!is_finite(x) || ndigits > 323)
        return x;
    if (ndigits < -308)
        return 0.0 * x;
    char buf[RT_FLOAT_DIGITS_MAX];
    int32_t decpt;
    int32_t n = rt_float_digits(x, 3, (int32_t)ndigits, buf, &decpt);
    double r = rt_float_from_decimal(buf, n, (int64_t)decpt - n, rt_float_bits(x) >> 63);
    *overflow = is_inf(r);
    return r;
}

double rt_float_round(double x, int64_t ndigits)
{
    bool overflow;
    return round_digits(x, ndigits, &overflow);
}

double rt_float_round_checked(double x, int64_t ndigits, const pyrage_loc *loc)
{
    bool overflow;
    double r = round_digits(x, ndigits, &overflow);
    if (overflow) {
        rt_raise_c(loc, &rt_type_OverflowError, "rounded value too large to represent");
        return 0.0;
    }
    return r;
}

/* ---- hash: the value modulo the Mersenne prime 2**61 - 1, as CPython's numeric hash ---- */

#define HASH_BITS 61
#define HASH_MODULUS ((UINT64_C(1) << HASH_BITS) - 1)

static int64_t finish_hash(uint64_t h, bool negative)
{
    int64_t v = negative ? -(int64_t)h : (int64_t)h;
    return v == -1 ? -2 : v;
}

int64_t rt_float_hash(double x)
{
    uint64_t u = rt_float_bits(x);
    bool neg = (u >> 63) != 0;
    u &= ~SIGN_BIT;
    if (u >= EXP_MASK)
        return u == EXP_MASK ? (neg ? -314159 : 314159) : 0;
    int e = (int)(u >> 52);
    uint64_t m = u & MANT_MASK;
    if (e)
        m |= UINT64_C(1) << 52;
    else
        e = 1;
    e -= 1075; /* x = m * 2**e */
    if (m == 0)
        return 0;
    int r = e % HASH_BITS;
    if (r < 0)
        r += HASH_BITS;
    /* m * 2**r mod (2**61 - 1) is a rotation of m within 61 bits */
    uint64_t h = r == 0 ? m : ((m << r) & HASH_MODULUS) | (m >> (HASH_BITS - r));
    return finish_hash(h, neg);
}

int64_t rt_int_hash(int64_t v)
{
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    uint64_t h = (u & HASH_MODULUS) + (u >> HASH_BITS);
    if (h >= HASH_MODULUS)
        h -= HASH_MODULUS;
    return finish_hash(h, v < 0);
}

bool rt_float_is_integer(double x)
{
    return is_finite(x) && rt_float_trunc(x) == x;
}

/* ---- math ---- */

double rt_math_fabs(double x)
{
    return rt_float_from_bits(rt_float_bits(x) & ~SIGN_BIT);
}

double rt_math_copysign(double x, double y)
{
    return copysign_(x, y);
}

bool rt_math_isnan(double x) { return is_nan(x); }
bool rt_math_isinf(double x) { return is_inf(x); }
bool rt_math_isfinite(double x) { return is_finite(x); }

static double domain_error(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_ValueError, "math domain error");
    return 0.0;
}

double rt_math_sqrt(double x, const pyrage_loc *loc)
{
    if (x < 0)
        return domain_error(loc);
    double r;
    __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
    return r;
}

double rt_math_fmod(double x, double y, const pyrage_loc *loc)
{
    if (is_inf(y) && is_finite(x))
        return x;
    double r = fmod_(x, y);
    if (is_nan(r) && !is_nan(x) && !is_nan(y))
        return domain_error(loc);
    return r;
}
