/*
 * x ** y without libm. The result is within 0.5 + 2**-36 ulp of the exact value, and it is
 * the correctly rounded one unless the exact value lies within 2**-36 ulp of a halfway point
 * without being on it: that essentially never happens for random operands, but it does for
 * structured ones such as (1 - 2**-53) ** 1.5, where double-double precision cannot decide.
 * glibc's pow (which CPython calls) is not correctly rounded in about 0.08% of random cases
 * (its bound is 0.52 ulp): there the two differ by one ulp, and pyrage's is the right one.
 *
 * Method: log(x) in double-double (~2**-104 relative) from the atanh series, times y; then
 * exp of that double-double by a 64-entry table of 2**(j/64) and a Taylor polynomial; the
 * final double-double is rounded once, subnormals included. Results that are exactly
 * representable or halfway between two doubles can only come from an integral y (or from
 * y = n / 2**k with x a perfect square 2**k times over): those are computed exactly with
 * integers, so 2.0 ** -1074, 3.0 ** 20 or 10.0 ** 22 are exact, and halfway cases round to
 * even (10.0 ** 23 is 1e+23; glibc happens to give 1.0000000000000001e+23).
 *
 * The tables were generated with Python's decimal module (80 digits): each entry is the
 * nearest double hi and the nearest double to the rest.
 */
#include "float.h"

#pragma STDC FP_CONTRACT OFF

#define SIGN_BIT (UINT64_C(1) << 63)
#define EXP_MASK UINT64_C(0x7FF0000000000000)
#define MANT_MASK ((UINT64_C(1) << 52) - 1)

typedef struct {
    double hi, lo;
} dd;

static dd two_sum(double a, double b)
{
    double s = a + b, bb = s - a;
    return (dd){s, (a - (s - bb)) + (b - bb)};
}

static dd quick_two_sum(double a, double b) /* |a| >= |b| */
{
    double s = a + b;
    return (dd){s, b - (s - a)};
}

static void split(double a, double *hi, double *lo)
{
    double t = 134217729.0 * a; /* 2**27 + 1 */
    *hi = t - (t - a);
    *lo = a - *hi;
}

static dd two_prod(double a, double b)
{
    double p = a * b, ah, al, bh, bl;
    split(a, &ah, &al);
    split(b, &bh, &bl);
    return (dd){p, ((ah * bh - p) + ah * bl + al * bh) + al * bl};
}

static dd dd_add(dd a, dd b)
{
    dd s = two_sum(a.hi, b.hi), t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = quick_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return quick_two_sum(s.hi, s.lo);
}

static dd dd_neg(dd a)
{
    return (dd){-a.hi, -a.lo};
}

static dd dd_mul(dd a, dd b)
{
    dd p = two_prod(a.hi, b.hi);
    p.lo += a.hi * b.lo + a.lo * b.hi;
    return quick_two_sum(p.hi, p.lo);
}

static dd dd_mul_d(dd a, double b)
{
    dd p = two_prod(a.hi, b);
    p.lo += a.lo * b;
    return quick_two_sum(p.hi, p.lo);
}

static dd dd_div(dd a, dd b)
{
    double q1 = a.hi / b.hi;
    dd r = dd_add(a, dd_neg(dd_mul_d(b, q1)));
    double q2 = r.hi / b.hi;
    r = dd_add(r, dd_neg(dd_mul_d(b, q2)));
    double q3 = r.hi / b.hi;
    return dd_add(quick_two_sum(q1, q2), (dd){q3, 0.0});
}

/* 1/(2n+1), n = 1..10 */
static const dd inv_odd[10] = {
    {0x1.5555555555555p-2, 0x1.5555555555555p-56},  {0x1.999999999999ap-3, -0x1.999999999999ap-57},
    {0x1.2492492492492p-3, 0x1.2492492492492p-57},  {0x1.c71c71c71c71cp-4, 0x1.c71c71c71c71cp-58},
    {0x1.745d1745d1746p-4, -0x1.745d1745d1746p-59}, {0x1.3b13b13b13b14p-4, -0x1.3b13b13b13b14p-58},
    {0x1.1111111111111p-4, 0x1.1111111111111p-60},  {0x1.e1e1e1e1e1e1ep-5, 0x1.e1e1e1e1e1e1ep-61},
    {0x1.af286bca1af28p-5, 0x1.af286bca1af28p-59},  {0x1.8618618618618p-5, 0x1.8618618618618p-59},
};

/* ln 2 = L1 + L2 + L3, L1 and L2 with 42 bits so that k * L1 and k * L2 are exact */
#define LN2_1 0x1.62e42fefa3800p-1
#define LN2_2 0x1.ef35793c76000p-45
#define LN2_3 0x1.cc01f97b57a08p-87

/* log(x) for finite x > 0, relative error about 2**-104. */
static dd dd_log(double x)
{
    uint64_t u = rt_float_bits(x);
    int k = 0;
    if (u < (UINT64_C(1) << 52)) { /* subnormal */
        x *= 0x1p54;
        u = rt_float_bits(x);
        k = -54;
    }
    k += (int)(u >> 52) - 1023;
    double m = rt_float_from_bits((u & MANT_MASK) | (UINT64_C(1023) << 52));
    if (m > 0x1.6a09e667f3bcdp+0) { /* sqrt(2): m in (sqrt(2)/2, sqrt(2)] */
        m *= 0.5;
        k++;
    }
    /* log(m) = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), s = (m-1)/(m+1), |s| < 0.172 */
    dd s = dd_div((dd){m - 1.0, 0.0}, two_sum(m, 1.0));
    dd t = dd_mul(s, s);
    double p = 0.0;
    for (int n = 20; n >= 11; n--)
        p = p * t.hi + 1.0 / (2 * n + 1);
    dd q = {p, 0.0};
    for (int n = 10; n >= 1; n--)
        q = dd_add(dd_mul(q, t), inv_odd[n - 1]);
    q = dd_add(dd_mul(q, t), (dd){1.0, 0.0});
    dd r = dd_mul(dd_mul_d(s, 2.0), q);
    if (k == 0)
        return r;
    dd kl = dd_add(two_prod((double)k, LN2_1), two_prod((double)k, LN2_2));
    kl.lo += (double)k * LN2_3;
    return dd_add(kl, r);
}

/* 2**(j/64), j = 0..63 */
static const dd exp2_64[64] = {
    {1.0, 0.0},
    {0x1.02c9a3e778061p+0, -0x1.19083535b085dp-56},
    {0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55},
    {0x1.0874518759bc8p+0, 0x1.186be4bb284ffp-57},
    {0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54},
    {0x1.0e3ec32d3d1a2p+0, 0x1.03a1727c57b53p-59},
    {0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54},
    {0x1.1429aaea92de0p+0, -0x1.32fbf9af1369ep-54},
    {0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55},
    {0x1.1a35beb6fcb75p+0, 0x1.e5b4c7b4968e4p-55},
    {0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54},
    {0x1.2063b88628cd6p+0, 0x1.dc775814a8495p-55},
    {0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54},
    {0x1.26b4565e27cddp+0, 0x1.2bd339940e9d9p-55},
    {0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55},
    {0x1.2d285a6e4030bp+0, 0x1.0024754db41d5p-54},
    {0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55},
    {0x1.33c08b26416ffp+0, 0x1.32721843659a6p-54},
    {0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54},
    {0x1.3a7db34e59ff7p+0, -0x1.5e436d661f5e3p-56},
    {0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55},
    {0x1.4160a21f72e2ap+0, -0x1.ef3691c309278p-58},
    {0x1.44e086061892dp+0, 0x1.89b7a04ef80d0p-59},
    {0x1.486a2b5c13cd0p+0, 0x1.3c1a3b69062f0p-56},
    {0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56},
    {0x1.4f9b2769d2ca7p+0, -0x1.4b309d25957e3p-54},
    {0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55},
    {0x1.56f4736b527dap+0, 0x1.9bb2c011d93adp-54},
    {0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54},
    {0x1.5e76f15ad2148p+0, 0x1.ba6f93080e65ep-54},
    {0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54},
    {0x1.6623882552225p+0, -0x1.bb60987591c34p-54},
    {0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54},
    {0x1.6dfb23c651a2fp+0, -0x1.bbe3a683c88abp-57},
    {0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55},
    {0x1.75feb564267c9p+0, -0x1.0245957316dd3p-54},
    {0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55},
    {0x1.7e2f336cf4e62p+0, 0x1.05d02ba15797ep-56},
    {0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54},
    {0x1.868d99b4492edp+0, -0x1.fc6f89bd4f6bap-54},
    {0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54},
    {0x1.8f1ae99157736p+0, 0x1.5cc13a2e3976cp-55},
    {0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57},
    {0x1.97d829fde4e50p+0, -0x1.d185b7c1b85d1p-54},
    {0x1.9c49182a3f090p+0, 0x1.c7c46b071f2bep-56},
    {0x1.a0c667b5de565p+0, -0x1.359495d1cd533p-54},
    {0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54},
    {0x1.a9e6b5579fdbfp+0, 0x1.0fac90ef7fd31p-54},
    {0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54},
    {0x1.b33a2b84f15fbp+0, -0x1.2805e3084d708p-57},
    {0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56},
    {0x1.bcc1e904bc1d2p+0, 0x1.23dd07a2d9e84p-55},
    {0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55},
    {0x1.c67f12e57d14bp+0, 0x1.2884dff483cadp-54},
    {0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56},
    {0x1.d072d4a07897cp+0, -0x1.cbc3743797a9cp-54},
    {0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55},
    {0x1.da9e603db3285p+0, 0x1.c2300696db532p-54},
    {0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54},
    {0x1.e502ee78b3ff6p+0, 0x1.39e8980a9cc8fp-55},
    {0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54},
    {0x1.efa1bee615a27p+0, 0x1.dc7f486a4b6b0p-54},
    {0x1.f50765b6e4540p+0, 0x1.9d3e12dd8a18bp-54},
    {0x1.fa7c1819e90d8p+0, 0x1.74853f3a5931ep-55},
};

/* 1/n!, n = 2..5 */
static const dd inv_fact[4] = {
    {0x1p-1, 0.0},
    {0x1.5555555555555p-3, 0x1.5555555555555p-57},
    {0x1.5555555555555p-5, 0x1.5555555555555p-59},
    {0x1.1111111111111p-7, 0x1.1111111111111p-63},
};

/* ln(2)/64 = C1 + C2 + C3, C1 and C2 with 36 bits: N * C1 exact for |N| < 2**17 */
#define LN2_64_1 0x1.62e42fefa0000p-7
#define LN2_64_2 0x1.cf79abc9e0000p-46
#define LN2_64_3 0x1.d9cc01f97b57ap-85

/* exp(z) = 2**k * result for |z.hi| < 750, result in [0.99, 2.02]. */
static dd dd_exp(dd z, int *k)
{
    double nd = (z.hi * 0x1.71547652b82fep+6 + 0x1.8p52) - 0x1.8p52; /* round(z * 64/ln 2) */
    int n = (int)nd;
    dd r = two_sum(z.hi - nd * LN2_64_1, -(nd * LN2_64_2)); /* both products exact */
    r.lo += z.lo - nd * LN2_64_3;
    r = quick_two_sum(r.hi, r.lo); /* |r| <= ln(2)/128 */
    /* exp(r) - 1 - r: terms 6..10 in double, 2..5 in double-double */
    double p = 0.0;
    static const double inv_fact_d[5] = {0x1.6c16c16c16c17p-10, 0x1.a01a01a01a01ap-13,
                                         0x1.a01a01a01a01ap-16, 0x1.71de3a556c734p-19,
                                         0x1.27e4fb7789f5cp-22}; /* 1/6! .. 1/10! */
    for (int i = 4; i >= 0; i--)
        p = p * r.hi + inv_fact_d[i];
    dd q = {p, 0.0};
    for (int i = 3; i >= 0; i--)
        q = dd_add(dd_mul(q, r), inv_fact[i]);
    q = dd_mul(dd_mul(q, r), r);
    dd e = dd_add(dd_add(r, q), (dd){1.0, 0.0});
    *k = n >> 6; /* floor */
    return dd_mul(e, exp2_64[n & 63]);
}

static double pow2i(int e) /* 2**e for -1022 <= e <= 1023 */
{
    return rt_float_from_bits((uint64_t)(e + 1023) << 52);
}

/* Rounds v * 2**k (v > 0, about 1) to a double; *hard when it lies too close to a halfway
 * point for the approximation's error (2**-90 relative, with margin) to decide. */
static double finish(dd v, int k, bool *hard)
{
    *hard = false;
    dd s = two_sum(v.hi, v.lo); /* s.hi: v correctly rounded, s.lo: the exact rest */
    while (s.hi >= 2.0) {
        s.hi *= 0.5;
        s.lo *= 0.5;
        k++;
    }
    while (s.hi < 1.0) {
        s.hi *= 2.0;
        s.lo *= 2.0;
        k--;
    }
    if (k > 1023)
        return rt_float_from_bits(EXP_MASK);
    if (k >= -1022) {
        /* halfway to the neighbour on s.lo's side (closer below a power of two) */
        double half = (s.lo < 0 && s.hi == 1.0) ? 0x1p-54 : 0x1p-53;
        double off = (s.lo < 0 ? -s.lo : s.lo) - half;
        *hard = (off < 0 ? -off : off) <= 0x1p-89;
        return s.hi * pow2i(k);
    }
    /* subnormal: round (s.hi + s.lo) * 2**(k+1074) to an integer count of 2**-1074 */
    int sh = k + 1074;
    if (sh < -60)
        return 0.0;
    double scale = rt_float_from_bits((uint64_t)(sh + 1023) << 52);
    double h = s.hi * scale, l = s.lo * scale; /* exact */
    double fi = (double)(int64_t)h;
    dd d = two_sum(h - fi, l);
    uint64_t m = (uint64_t)fi;
    if (d.hi > 0.5 || (d.hi == 0.5 && (d.lo > 0 || (d.lo == 0 && (m & 1)))))
        m++;
    double off = d.hi - 0.5;
    *hard = (off < 0 ? -off : off) <= h * 0x1p-89 + 0x1p-100;
    return rt_float_from_bits(m);
}

static bool is_int(double y)
{
    uint64_t u = rt_float_bits(y) & ~SIGN_BIT;
    int e = (int)(u >> 52) - 1023;
    if (e >= 52)
        return u < EXP_MASK;
    if (e < 0)
        return u == 0;
    return (u & (MANT_MASK >> e)) == 0;
}

static bool is_odd_int(double y)
{
    double a = y < 0 ? -y : y;
    return a < 0x1p53 && is_int(y) && ((int64_t)a & 1);
}

/* x ** y exactly when the result has at most 64 significant bits: y integral, and x's odd
 * mantissa M with M**|y| < 2**64 (M == 1 for y < 0). */
static bool pow_exact(double x, double y, double *out)
{
    uint64_t u = rt_float_bits(x);
    int64_t e = (int64_t)(u >> 52);
    uint64_t m = u & MANT_MASK;
    if (e)
        m |= UINT64_C(1) << 52;
    else
        e = 1;
    e -= 1075;
    int tz = __builtin_ctzll(m);
    m >>= tz;
    e += tz; /* x = m * 2**e, m odd */
    double ay = y < 0 ? -y : y;
    if (ay >= 0x1p62) { /* only x == 2**e can be exact: the exponent decides */
        if (m != 1)
            return false;
        *out = e == 0 ? 1.0 : ((e > 0) == (y > 0) ? rt_float_from_bits(EXP_MASK) : 0.0);
        return true;
    }
    int64_t n = (int64_t)ay;
    if (y < 0 && m != 1)
        return false;
    uint64_t acc = 1, base = m;
    for (int64_t i = n; i; i >>= 1) {
        if ((i & 1) && __builtin_mul_overflow(acc, base, &acc))
            return false;
        if ((i >> 1) && __builtin_mul_overflow(base, base, &base))
            return false;
    }
    int64_t sn = y < 0 ? -n : n, be;
    if (__builtin_mul_overflow(e, sn, &be))
        be = (e > 0) == (sn > 0) ? 5000 : -5000;
    if (be > 5000) /* 2**5000 * acc overflows and 2**-5000 * acc underflows all the same */
        be = 5000;
    if (be < -5000)
        be = -5000;
    *out = rt_float_round_q(acc, false, be);
    return true;
}

/* The exact cases of a non-integral y: x = r**(2**j) with y * 2**j integral. */
static bool pow_exact_root(double x, double y, double *out)
{
    for (int i = 0; i < 64 && !is_int(y); i++) {
        double r;
        __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
        dd sq = two_prod(r, r);
        if (sq.hi != x || sq.lo != 0.0)
            return false;
        x = r;
        y *= 2.0;
    }
    return is_int(y) && pow_exact(x, y, out);
}

/* pow(x, y) for finite x > 0 and finite y. */
static double pow_pos(double x, double y)
{
    double r;
    if (x == 1.0 || y == 0.0)
        return 1.0;
    if (is_int(y) && pow_exact(x, y, &r))
        return r;
    if (y == 0.5) { /* sqrt is correctly rounded, and its own hard cases are frequent */
        __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
        return r;
    }
    if (y > 0x1p64 || y < -0x1p64) /* |log x| >= 2**-53, so |y log x| > 2**11 */
        return (x > 1.0) == (y > 0) ? rt_float_from_bits(EXP_MASK) : 0.0;
    dd z = dd_mul_d(dd_log(x), y);
    if (z.hi > 710.0)
        return rt_float_from_bits(EXP_MASK);
    if (z.hi < -746.0)
        return 0.0;
    int k;
    bool hard;
    r = finish(dd_exp(z, &k), k, &hard);
    double exact;
    if (hard && !is_int(y) && pow_exact_root(x, y, &exact))
        return exact;
    return r;
}

/* C99 pow for finite x and y */
static double pow_finite(double x, double y)
{
    if (y == 0.0 || x == 1.0)
        return 1.0;
    if (x == 0.0) {
        bool odd = is_odd_int(y);
        if (y < 0)
            return odd ? 1.0 / x : rt_float_from_bits(EXP_MASK);
        return odd ? x : 0.0;
    }
    if (x < 0) {
        if (!is_int(y))
            return rt_float_from_bits(UINT64_C(0x7FF8000000000000));
        double r = pow_pos(-x, y);
        return is_odd_int(y) ? -r : r;
    }
    return pow_pos(x, y);
}

static bool is_nan(double x) { return (rt_float_bits(x) & ~SIGN_BIT) > EXP_MASK; }
static bool is_inf(double x) { return (rt_float_bits(x) & ~SIGN_BIT) == EXP_MASK; }
static double fabs_(double x) { return rt_float_from_bits(rt_float_bits(x) & ~SIGN_BIT); }
static double copysign_(double x, double y)
{
    return rt_float_from_bits((rt_float_bits(x) & ~SIGN_BIT) | (rt_float_bits(y) & SIGN_BIT));
}

/* Python's v ** w for floats (CPython 3.11 float_pow). */
double rt_float_pow(double v, double w, const pyrage_loc *loc)
{
    if (w == 0.0)
        return 1.0;
    if (is_nan(v))
        return v;
    if (is_nan(w))
        return v == 1.0 ? 1.0 : w;
    if (is_inf(w)) {
        double av = fabs_(v);
        if (av == 1.0)
            return 1.0;
        if ((w > 0.0) == (av > 1.0))
            return fabs_(w);
        return 0.0;
    }
    if (is_inf(v)) {
        bool odd = is_odd_int(w);
        if (w > 0.0)
            return odd ? v : fabs_(v);
        return odd ? copysign_(0.0, v) : 0.0;
    }
    if (v == 0.0) {
        if (w < 0.0) {
            rt_raise_c(loc, &rt_type_ZeroDivisionError,
                       "0.0 cannot be raised to a negative power");
            return 0.0;
        }
        return is_odd_int(w) ? v : 0.0;
    }
    bool negate = false;
    if (v < 0.0) {
        if (!is_int(w)) {
            /* CPython returns a complex number here; pyrage has no complex. */
            rt_raise_c(loc, &rt_type_ValueError, "math domain error");
            return 0.0;
        }
        v = -v;
        negate = is_odd_int(w);
    }
    if (v == 1.0)
        return negate ? -1.0 : 1.0;
    double r = pow_pos(v, w);
    if (is_inf(r)) {
        rt_raise_c(loc, &rt_type_OverflowError, "(34, 'Numerical result out of range')");
        return 0.0;
    }
    return negate ? -r : r;
}

/* math.pow(x, y) (CPython 3.11 math_pow_impl over C99 pow). */
double rt_math_pow(double x, double y, const pyrage_loc *loc)
{
    if (is_nan(x))
        return y == 0.0 ? 1.0 : x;
    if (is_nan(y))
        return x == 1.0 ? 1.0 : y;
    if (is_inf(x)) {
        bool odd = is_odd_int(y);
        if (y > 0.0)
            return odd ? x : fabs_(x);
        if (y == 0.0)
            return 1.0;
        return odd ? copysign_(0.0, x) : 0.0;
    }
    if (is_inf(y)) {
        double ax = fabs_(x);
        if (ax == 1.0)
            return 1.0;
        if (y > 0.0 && ax > 1.0)
            return y;
        if (y < 0.0 && ax < 1.0)
            return -y;
        return 0.0;
    }
    double r = pow_finite(x, y);
    if (is_nan(r) || (is_inf(r) && x == 0.0)) {
        rt_raise_c(loc, &rt_type_ValueError, "math domain error");
        return 0.0;
    }
    if (is_inf(r)) {
        rt_raise_c(loc, &rt_type_OverflowError, "math range error");
        return 0.0;
    }
    return r;
}
