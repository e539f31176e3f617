/*
 * format(x, spec) for floats: CPython's formatter_unicode.c (format_float_internal,
 * calc_number_widths, fill_number, _PyUnicode_InsertThousandsGrouping) over the text
 * PyOS_double_to_string makes (float_dtoa.c). The locale is C's: 'n' is 'g'. The spec is
 * parsed and validated by format.c (rt_spec_parse), as for str and int.
 */
#include "float.h"
#include "format.h"

static int encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

/* _PyUnicode_InsertThousandsGrouping with groups of 3 (sep) or none (sep == 0): writes the
 * n digits, zero-padded to min_width, ending at out_end (when not NULL); returns the count. */
struct grouping {
    char *o;               /* writes right to left; NULL: count only */
    const char *dp;        /* digits still to copy end here */
    int64_t remaining, min_width, count;
    char sep;
    bool use_sep;
};

static void group_chunk(struct grouping *g, int64_t len)
{
    int64_t zeros = len - g->remaining > 0 ? len - g->remaining : 0;
    int64_t chars = g->remaining < len ? g->remaining : len;
    if (chars < 0)
        chars = 0;
    g->count += g->use_sep + zeros + chars;
    if (g->o) {
        if (g->use_sep)
            *--g->o = g->sep;
        for (int64_t i = 0; i < chars; i++)
            *--g->o = *--g->dp;
        for (int64_t i = 0; i < zeros; i++)
            *--g->o = '0';
    }
    g->remaining -= chars;
    g->min_width -= len;
}

static __attribute__((noinline)) int64_t group_digits(char *out_end, const char *digits,
                                                      int64_t n, int64_t min_width, char sep)
{
    struct grouping g = {out_end, digits + n, n, min_width < 0 ? 0 : min_width, 0, sep, false};
    if (sep) {
        for (;;) {
            int64_t lim = g.remaining > g.min_width ? g.remaining : g.min_width;
            group_chunk(&g, lim < 1 ? 1 : lim < 3 ? lim : 3);
            g.use_sep = true;
            if (g.remaining <= 0 && g.min_width <= 0)
                return g.count;
            g.min_width -= 1;
        }
    }
    int64_t last = g.remaining > g.min_width ? g.remaining : g.min_width;
    group_chunk(&g, last < 1 ? 1 : last);
    return g.count;
}

pyrage_str *rt_float_format(double x, const pyrage_str *spec, const pyrage_loc *loc)
{
    if (spec->size == 0)
        return rt_float_repr(x);
    rt_spec f;
    rt_type_name name = {"float", 5};
    if (!rt_spec_parse(spec, &f, 0, '>', name, loc))
        return 0;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        break;
    default:
        rt_spec_unknown_type(loc, f.type, name);
        return 0;
    }
    return rt_float_format_parsed(x, &f, loc);
}

pyrage_str *rt_float_format_parsed(double x, const rt_spec *spec, const pyrage_loc *loc)
{
    rt_spec f = *spec;
    if (f.precision > 0x7FFFFFFF) {
        rt_raise_c(loc, &rt_type_ValueError, "precision too big");
        return 0;
    }
    int flags = 0;
    if (f.alt)
        flags |= RT_DTSF_ALT;
    if (f.no_neg_0)
        flags |= RT_DTSF_NO_NEG_0;
    uint32_t type = f.type;
    int64_t precision = f.precision, default_precision = 6;
    if (type == 0) {
        flags |= RT_DTSF_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n')
        type = 'g';
    bool pct = false;
    if (type == '%') {
        type = 'f';
        x *= 100;
        pct = true;
    }
    if (precision < 0)
        precision = default_precision;
    else if (type == 'r')
        type = 'g';
    bool upper = type == 'E' || type == 'F' || type == 'G';
    char code = (char)(type | 32);

    rt_float_text t;
    rt_float_text_init(&t, x, code, precision, flags);
    int64_t len = rt_float_text_write(&t, 0, upper) + pct;
    char small[256];
    char *buf = len <= (int64_t)sizeof small ? small : rt_str_new(len)->data;
    rt_float_text_write(&t, buf, upper);
    if (pct)
        buf[len - 1] = '%';

    /* parse_number + calc_number_widths */
    const char *num = buf;
    int64_t nlen = len;
    bool minus = num[0] == '-';
    if (minus) {
        num++;
        nlen--;
    }
    int64_t ndig = 0;
    while (ndig < nlen && num[ndig] >= '0' && num[ndig] <= '9')
        ndig++;
    bool has_decimal = ndig < nlen && num[ndig] == '.';
    int64_t rem_start = ndig + has_decimal, n_rem = nlen - rem_start;
    char sign = 0;
    if (f.sign == '+')
        sign = minus ? '-' : '+';
    else if (f.sign == ' ')
        sign = minus ? '-' : ' ';
    else if (minus)
        sign = '-';
    int64_t fixed = (sign != 0) + has_decimal + n_rem;
    int64_t min_width = f.fill == '0' && f.align == '=' ? f.width - fixed : 0;
    char sep = f.sep;
    int64_t grouped = ndig ? group_digits(0, num, ndig, min_width, sep) : 0;
    int64_t padding = f.width - (fixed + grouped), lpad = 0, spad = 0, rpad = 0;
    if (padding > 0) {
        switch (f.align) {
        case '<': rpad = padding; break;
        case '^': lpad = padding / 2; rpad = padding - lpad; break;
        case '=': spad = padding; break;
        default: lpad = padding; break;
        }
    }
    char fill[4];
    int fl = encode(f.fill, fill);
    if (padding > INT64_MAX / 8) /* CPython: MemoryError */
        rt_fatal("out of memory (format width)");
    int64_t chars = lpad + spad + rpad + fixed + grouped;
    pyrage_str *r = rt_str_new(chars + (lpad + spad + rpad) * (fl - 1));
    char *o = r->data;
#define FILL(count) do { for (int64_t i_ = 0; i_ < (count); i_++, o += fl) memcpy(o, fill, (size_t)fl); } while (0)
    FILL(lpad);
    if (sign)
        *o++ = sign;
    FILL(spad);
    if (ndig) {
        o += grouped;
        group_digits(o, num, ndig, min_width, sep);
    }
    if (has_decimal)
        *o++ = '.';
    memcpy(o, num + rem_start, (size_t)n_rem);
    o += n_rem;
    FILL(rpad);
#undef FILL
    r->length = chars;
    return r;
}
