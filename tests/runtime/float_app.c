/*
 * A test application for runtime/core/float*.c on the unix target: it stands in for a
 * compiled program that calls the float runtime, and prints each result for
 * tests/runtime/test_float.py to compare with CPython.
 *
 * Every argument is a batch of cases separated by ';'. A case is an operation and its
 * operands separated by ','. A double is its 16 hex digits of IEEE bits, an int is decimal,
 * and a string is hex-encoded UTF-8. One line is printed per case:
 *   OK <result>                  (a double result is printed as its 16 hex digits)
 *   ERR <type>: <message>        when the case raised (rt_exc is then cleared)
 *
 *   repr X            rt_float_repr           format X SPEC     rt_float_format
 *   parse S           rt_str_to_float         div|floordiv|mod|pow X Y
 *   int X / round X   rt_float_to_int / rt_float_round_int (decimal)
 *   roundn X N        rt_float_round_checked  roundu X N        rt_float_round
 *   hash X / ihash N  rt_float_hash / rt_int_hash (decimal)
 *   isint X           rt_float_is_integer (0/1)
 *   floor|ceil|trunc X            rt_math_floor/ceil/trunc (decimal)
 *   ffloor|fceil|ftrunc X         rt_float_floor/ceil/trunc
 *   sqrt X / fmod X Y / mpow X Y  math.sqrt / math.fmod / math.pow
 *   fabs X / copysign X Y / isnan|isinf|isfinite X
 *   truediv A B       rt_int_truediv (A, B decimal)
 */
#include "../../pyrage/runtime/core/float.h"

extern int64_t rt_argc(void);
extern pyrage_str *rt_argv(int64_t i);
extern pyrage_str *rt_exception_str(pyrage_object *exc);

void **const pyrage_global_roots[] = {0};

PYRAGE_LOC(LOC, "float_app.c", 1, "<module>");

static char obuf[1 << 16];
static size_t olen;

static void flush(void)
{
    pyrage_console_write(obuf, olen);
    olen = 0;
}

static void out(const char *s, size_t n)
{
    if (olen + n > sizeof obuf)
        flush();
    if (n > sizeof obuf) {
        pyrage_console_write(s, n);
        return;
    }
    memcpy(obuf + olen, s, n);
    olen += n;
}

static void outs(const char *s) { out(s, rt_cstrlen(s)); }

static void out_int(int64_t v)
{
    char buf[24];
    int i = sizeof buf;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        buf[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[--i] = '-';
    out(buf + i, sizeof buf - (size_t)i);
}

static void out_bits(double x)
{
    uint64_t u = rt_float_bits(x);
    char buf[16];
    for (int i = 15; i >= 0; i--, u >>= 4)
        buf[i] = "0123456789abcdef"[u & 15];
    out(buf, 16);
}

static int hexval(char c)
{
    return c <= '9' ? c - '0' : (c | 32) - 'a' + 10;
}

static uint64_t parse_hex(const char *p, const char *end)
{
    uint64_t u = 0;
    for (; p < end; p++)
        u = u << 4 | (uint64_t)hexval(*p);
    return u;
}

static int64_t parse_dec(const char *p, const char *end)
{
    bool neg = p < end && *p == '-';
    uint64_t u = 0;
    for (p += neg; p < end; p++)
        u = u * 10 + (uint64_t)(*p - '0');
    return neg ? (int64_t)(0 - u) : (int64_t)u;
}

static pyrage_str *parse_str(const char *p, const char *end)
{
    pyrage_str *s = rt_str_new((end - p) / 2);
    for (int64_t i = 0; p + 1 < end; p += 2, i++)
        s->data[i] = (char)(hexval(p[0]) << 4 | hexval(p[1]));
    s->length = rt_utf8_length(s->data, s->size);
    return s;
}

static bool eq(const char *p, const char *end, const char *name)
{
    size_t n = rt_cstrlen(name);
    return (size_t)(end - p) == n && memcmp(p, name, n) == 0;
}

#define MAXF 4

static void run_case(const char *p, const char *end)
{
    const char *f[MAXF], *fe[MAXF];
    int nf = 0;
    while (nf < MAXF) {
        const char *q = p;
        while (q < end && *q != ',')
            q++;
        f[nf] = p;
        fe[nf] = q;
        nf++;
        if (q == end)
            break;
        p = q + 1;
    }
    for (int i = nf; i < MAXF; i++)
        f[i] = fe[i] = end;
    const char *op = f[0], *ope = fe[0];
    double x = rt_float_from_bits(parse_hex(f[1], fe[1]));
    double y = rt_float_from_bits(parse_hex(f[2], fe[2]));
    enum { STR, BITS, INT } kind = BITS;
    pyrage_str *s = 0;
    double d = 0;
    int64_t v = 0;
    if (eq(op, ope, "repr")) {
        s = rt_float_repr(x);
        kind = STR;
    } else if (eq(op, ope, "format")) {
        s = rt_float_format(x, parse_str(f[2], fe[2]), &LOC);
        kind = STR;
    } else if (eq(op, ope, "parse")) {
        d = rt_str_to_float(parse_str(f[1], fe[1]), &LOC);
    } else if (eq(op, ope, "div")) {
        d = rt_float_div(x, y, &LOC);
    } else if (eq(op, ope, "floordiv")) {
        d = rt_float_floordiv(x, y, &LOC);
    } else if (eq(op, ope, "mod")) {
        d = rt_float_mod(x, y, &LOC);
    } else if (eq(op, ope, "pow")) {
        d = rt_float_pow(x, y, &LOC);
    } else if (eq(op, ope, "mpow")) {
        d = rt_math_pow(x, y, &LOC);
    } else if (eq(op, ope, "int")) {
        v = rt_float_to_int(x, &LOC);
        kind = INT;
    } else if (eq(op, ope, "round")) {
        v = rt_float_round_int(x, &LOC);
        kind = INT;
    } else if (eq(op, ope, "roundn")) {
        d = rt_float_round_checked(x, parse_dec(f[2], fe[2]), &LOC);
    } else if (eq(op, ope, "roundu")) {
        d = rt_float_round(x, parse_dec(f[2], fe[2]));
    } else if (eq(op, ope, "hash")) {
        v = rt_float_hash(x);
        kind = INT;
    } else if (eq(op, ope, "ihash")) {
        v = rt_int_hash(parse_dec(f[1], fe[1]));
        kind = INT;
    } else if (eq(op, ope, "isint")) {
        v = rt_float_is_integer(x);
        kind = INT;
    } else if (eq(op, ope, "floor")) {
        v = rt_math_floor(x, &LOC);
        kind = INT;
    } else if (eq(op, ope, "ceil")) {
        v = rt_math_ceil(x, &LOC);
        kind = INT;
    } else if (eq(op, ope, "trunc")) {
        v = rt_math_trunc(x, &LOC);
        kind = INT;
    } else if (eq(op, ope, "ffloor")) {
        d = rt_float_floor(x);
    } else if (eq(op, ope, "fceil")) {
        d = rt_float_ceil(x);
    } else if (eq(op, ope, "ftrunc")) {
        d = rt_float_trunc(x);
    } else if (eq(op, ope, "sqrt")) {
        d = rt_math_sqrt(x, &LOC);
    } else if (eq(op, ope, "fmod")) {
        d = rt_math_fmod(x, y, &LOC);
    } else if (eq(op, ope, "fabs")) {
        d = rt_math_fabs(x);
    } else if (eq(op, ope, "copysign")) {
        d = rt_math_copysign(x, y);
    } else if (eq(op, ope, "isnan")) {
        v = rt_math_isnan(x);
        kind = INT;
    } else if (eq(op, ope, "isinf")) {
        v = rt_math_isinf(x);
        kind = INT;
    } else if (eq(op, ope, "isfinite")) {
        v = rt_math_isfinite(x);
        kind = INT;
    } else if (eq(op, ope, "truediv")) {
        d = rt_int_truediv(parse_dec(f[1], fe[1]), parse_dec(f[2], fe[2]), &LOC);
    } else {
        outs("BAD OP\n");
        return;
    }
    if (rt_exc) {
        pyrage_str *m = rt_exception_str(rt_exc);
        outs("ERR ");
        outs(rt_exc->type->name);
        outs(": ");
        out(m->data, (size_t)m->size);
        outs("\n");
        rt_exc = 0;
        return;
    }
    outs("OK ");
    if (kind == STR)
        out(s->data, (size_t)s->size);
    else if (kind == INT)
        out_int(v);
    else
        out_bits(d);
    outs("\n");
}

void pyrage_main(void)
{
    for (int64_t a = 1; a < rt_argc(); a++) {
        pyrage_str *batch = rt_argv(a);
        const char *p = batch->data, *end = p + batch->size;
        while (p < end) {
            const char *q = p;
            while (q < end && *q != ';')
                q++;
            run_case(p, q);
            p = q + 1;
        }
    }
    flush();
}
