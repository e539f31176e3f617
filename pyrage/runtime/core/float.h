/*
 * float: Python's float semantics for compiled code, bit-exact with CPython 3.11
 * (repr, format, float(str), arithmetic helpers, hash, round), without libc or libm.
 *
 * Every function that can raise sets rt_exc through rt_raise_c and returns 0 / 0.0 / NULL;
 * the caller checks rt_exc, as for every other runtime call.
 *
 * NOTE: this is runtime/core/float.h, not the C standard header: include it with quotes.
 */
#ifndef PYRAGE_FLOAT_H
#define PYRAGE_FLOAT_H

#include "object.h"

/* repr(x) and str(x): the shortest string that round-trips, switching to exponent
 * notation below 1e-4 and from 1e16 on; inf, -inf, nan, -0.0. */
pyrage_str *rt_float_repr(double x);

/* format(x, spec): [[fill]align][sign][z][#][0][width][,|_][.precision][type], type one of
 * e E f F g G n % or none. ValueError with CPython's message on a bad spec. */
pyrage_str *rt_float_format(double x, const pyrage_str *spec, const pyrage_loc *loc);

/* float(s): CPython's syntax (whitespace, sign, '_' between digits, exponent, inf, infinity,
 * nan, Unicode digits and spaces), correctly rounded. ValueError on bad input. */
double rt_str_to_float(const pyrage_str *s, const pyrage_loc *loc);

/* a / b, a // b, a % b and a ** b for floats: ZeroDivisionError/OverflowError/ValueError as
 * CPython raises them. A negative base with a non-integer exponent, which CPython answers
 * with a complex number, raises ValueError("math domain error"). */
double rt_float_div(double a, double b, const pyrage_loc *loc);
double rt_float_floordiv(double a, double b, const pyrage_loc *loc);
double rt_float_mod(double a, double b, const pyrage_loc *loc);
double rt_float_pow(double a, double b, const pyrage_loc *loc);

/* int / int (true division): the correctly rounded quotient, as CPython computes it
 * (not (double)a / (double)b, which rounds twice when |a| or |b| > 2**53). */
double rt_int_truediv(int64_t a, int64_t b, const pyrage_loc *loc);

/* int(x) (truncates) and round(x) (half to even). inf: OverflowError, nan: ValueError;
 * outside int64: rt_trap_overflow (pyrage ints are 64-bit). */
int64_t rt_float_to_int(double x, const pyrage_loc *loc);
int64_t rt_float_round_int(double x, const pyrage_loc *loc);

/* round(x, ndigits), correctly rounded as CPython does through dtoa. CPython raises
 * OverflowError("rounded value too large to represent") when the result overflows:
 * rt_float_round_checked does too; rt_float_round returns +-inf there. */
double rt_float_round(double x, int64_t ndigits);
double rt_float_round_checked(double x, int64_t ndigits, const pyrage_loc *loc);

/* hash(x) (CPython's _Py_HashDouble; nan hashes to 0 here, CPython uses its address) and
 * hash(i) for an int. */
int64_t rt_float_hash(double x);
int64_t rt_int_hash(int64_t v);

bool rt_float_is_integer(double x);

/* math: floor/ceil/trunc return int in Python (errors as int(x)); the rt_float_* forms
 * return the double. sqrt is correctly rounded (sqrtsd). */
int64_t rt_math_floor(double x, const pyrage_loc *loc);
int64_t rt_math_ceil(double x, const pyrage_loc *loc);
int64_t rt_math_trunc(double x, const pyrage_loc *loc);
double rt_float_floor(double x);
double rt_float_ceil(double x);
double rt_float_trunc(double x);
double rt_math_fabs(double x);
double rt_math_copysign(double x, double y);
bool rt_math_isnan(double x);
bool rt_math_isinf(double x);
bool rt_math_isfinite(double x);
double rt_math_sqrt(double x, const pyrage_loc *loc);  /* ValueError for x < 0 */
double rt_math_fmod(double x, double y, const pyrage_loc *loc);
double rt_math_pow(double x, double y, const pyrage_loc *loc); /* math.pow: its own errors */

/* ---- shared by the float*.c files; not for compiled code ---- */

static inline uint64_t rt_float_bits(double x)
{
    uint64_t u;
    __builtin_memcpy(&u, &x, sizeof u);
    return u;
}

static inline double rt_float_from_bits(uint64_t u)
{
    double x;
    __builtin_memcpy(&x, &u, sizeof x);
    return x;
}

/* Unsigned big integers in 32-bit limbs (least significant first): enough for every exact
 * decimal <-> binary conversion of a double (float_big.c). */
#define RT_BIG_LIMBS 100
typedef struct rt_big {
    int32_t n; /* limbs in use; 0 for zero; d[n-1] != 0 */
    uint32_t d[RT_BIG_LIMBS];
} rt_big;

void rt_big_set(rt_big *a, uint64_t v);
void rt_big_copy(rt_big *dst, const rt_big *src);
void rt_big_muladd(rt_big *a, uint32_t m, uint32_t add);
void rt_big_mulpow5(rt_big *a, int32_t e);
void rt_big_shl(rt_big *a, int32_t bits);
int32_t rt_big_bitlen(const rt_big *a);
int rt_big_cmp(const rt_big *a, const rt_big *b);
int rt_big_cmp_sum(const rt_big *a, const rt_big *b, const rt_big *c); /* a + b vs c */
void rt_big_sub(rt_big *a, const rt_big *b);                            /* a -= b, a >= b */
uint32_t rt_big_quorem(rt_big *r, const rt_big *s, int32_t off);        /* see float_big.c */
uint64_t rt_big_top64(const rt_big *a, bool *sticky, int32_t *exp);     /* a ~ top * 2**exp */

/* The decimal digits of finite x > 0 as CPython's dtoa computes them: mode 0 is the shortest
 * string that round-trips; mode 2 is max(ndigits, 1) significant digits; mode 3 is ndigits
 * digits after the point (ndigits may be negative). Rounding is half-even on the exact binary
 * value. Writes the digits without trailing zeros to buf (RT_FLOAT_DIGITS_MAX bytes) and
 * returns their count (0 when mode 3 rounds to zero); *decpt is the position of the point
 * (value = 0.DIGITS * 10**decpt). */
#define RT_FLOAT_DIGITS_MAX 800
int32_t rt_float_digits(double x, int mode, int32_t ndigits, char *buf, int32_t *decpt);

/* PyOS_double_to_string(x, code, precision, flags): code is 'e', 'f', 'g' or 'r' (repr;
 * precision unused). init computes the digits and the layout; write emits the text (or only
 * counts it when out is NULL) and returns its length. */
#define RT_DTSF_SIGN 1      /* always a sign */
#define RT_DTSF_ADD_DOT_0 2 /* "1.0", not "1" */
#define RT_DTSF_ALT 4       /* '#': keep the point and trailing zeros */
#define RT_DTSF_NO_NEG_0 8  /* 'z' */
typedef struct rt_float_text {
    char digits[RT_FLOAT_DIGITS_MAX];
    int32_t ndig;
    int special; /* 'i' inf, 'n' nan, 0 finite */
    int flags;
    bool neg, use_exp;
    int64_t decpt, vstart, vend, exp;
} rt_float_text;
void rt_float_text_init(rt_float_text *t, double x, char code, int64_t precision, int flags);
int64_t rt_float_text_write(const rt_float_text *t, char *out, bool upper);

/* The double nearest to DIGITS * 10**exp (n ASCII digits, no leading zeros needed), half to
 * even, with the sign applied; inf when it overflows. */
double rt_float_from_decimal(const char *digits, int64_t n, int64_t exp, bool negative);

/* The double nearest to q * 2**binexp (+ a nonzero fraction of 2**binexp below when sticky),
 * half to even, subnormals and overflow to inf included. */
double rt_float_round_q(uint64_t q, bool sticky, int64_t binexp);

/* The value of a decimal digit (Unicode category Nd) at code point cp, or -1. */
int rt_unicode_decimal(uint32_t cp);

#endif /* PYRAGE_FLOAT_H */
