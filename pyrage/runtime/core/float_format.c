/*
 * format(x, spec) for floats: CPython's formatter_unicode.c (parse_internal_render_format_spec,
 * format_float_internal, calc_number_widths, fill_number, _PyUnicode_InsertThousandsGrouping)
 * over the text PyOS_double_to_string makes (float_dtoa.c). The locale is C's: 'n' is 'g'.
 */
#include "float.h"

struct fspec {
    uint32_t fill;
    uint32_t align; /* '<' '>' '^' '=' */
    uint32_t sign;  /* '+' '-' ' ' or 0 */
    bool no_neg_0, alt;
    int64_t width, precision; /* -1: absent */
    char sep;                 /* ',' '_' or 0 */
    uint32_t type;            /* a code point; 0 when absent */
};

static uint32_t decode(const char *s, const char *end, int *len)
{
    unsigned char c = (unsigned char)s[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (s + n > end)
        n = (int)(end - s);
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (int i = 1; i < n; i++)
        cp = cp << 6 | ((unsigned char)s[i] & 0x3Fu);
    *len = n;
    return cp;
}

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

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* A message with one %c-like slot filled by a code point the way CPython prints it:
 * "'X'" for 32 < c < 128, else "'\xNN'" (hex, no padding). */
static void raise_with_char(const pyrage_loc *loc, const char *before, uint32_t c,
                            const char *after)
{
    char msg[160];
    size_t n = 0;
    for (; *before; before++)
        msg[n++] = *before;
    msg[n++] = '\'';
    if (c > 32 && c < 128) {
        msg[n++] = (char)c;
    } else {
        msg[n++] = '\\';
        msg[n++] = 'x';
        char tmp[8];
        int k = 0;
        do {
            tmp[k++] = "0123456789abcdef"[c & 15];
            c >>= 4;
        } while (c);
        while (k)
            msg[n++] = tmp[--k];
    }
    msg[n++] = '\'';
    for (; *after; after++)
        msg[n++] = *after;
    msg[n] = 0;
    rt_raise_c(loc, &rt_type_ValueError, msg);
}

/* get_integer: decimal digits (any Unicode Nd digit, as CPython accepts); -1 on overflow. */
static int64_t get_integer(const char **pp, const char *end, int64_t *result)
{
    const char *p = *pp;
    int64_t acc = 0, count = 0;
    while (p < end) {
        int len;
        int d = rt_unicode_decimal(decode(p, end, &len));
        if (d < 0)
            break;
        if (acc > (INT64_MAX - d) / 10)
            return -1;
        acc = acc * 10 + d;
        p += len;
        count++;
    }
    *pp = p;
    *result = acc;
    return count;
}

static __attribute__((noinline)) bool parse_spec(const pyrage_str *spec, struct fspec *f,
                                                 const pyrage_loc *loc)
{
    const char *p = spec->data, *end = p + spec->size;
    *f = (struct fspec){' ', '>', 0, false, false, -1, -1, 0, 0};
    bool fill_given = false, align_given = false;
    int l0 = 0, l1 = 0;
    if (p < end) {
        uint32_t c0 = decode(p, end, &l0);
        uint32_t c1 = p + l0 < end ? decode(p + l0, end, &l1) : 0;
        if (p + l0 < end && is_align(c1)) {
            f->fill = c0;
            f->align = c1;
            fill_given = align_given = true;
            p += l0 + l1;
        } else if (is_align(c0)) {
            f->align = c0;
            align_given = true;
            p += l0;
        }
    }
    if (p < end && (*p == '+' || *p == '-' || *p == ' '))
        f->sign = (uint32_t)*p++;
    if (p < end && *p == 'z') {
        f->no_neg_0 = true;
        p++;
    }
    if (p < end && *p == '#') {
        f->alt = true;
        p++;
    }
    if (!fill_given && p < end && *p == '0') {
        f->fill = '0';
        if (!align_given)
            f->align = '=';
        p++;
    }
    int64_t n = get_integer(&p, end, &f->width);
    if (n < 0)
        goto too_many;
    if (n == 0)
        f->width = -1;
    if (p < end && *p == ',') {
        f->sep = ',';
        p++;
    }
    if (p < end && *p == '_') {
        if (f->sep)
            goto both;
        f->sep = '_';
        p++;
    }
    if (p < end && *p == ',' && f->sep == '_')
        goto both;
    if (p < end && *p == '.') {
        p++;
        n = get_integer(&p, end, &f->precision);
        if (n < 0)
            goto too_many;
        if (n == 0) {
            rt_raise_c(loc, &rt_type_ValueError, "Format specifier missing precision");
            return false;
        }
    }
    if (p < end) {
        int len;
        f->type = decode(p, end, &len);
        if (p + len < end) {
            /* more than one code point left */
            static const char pre[] = "Invalid format specifier '";
            static const char post[] = "' for object of type 'float'";
            pyrage_str *m = rt_str_new((int64_t)sizeof pre - 1 + spec->size + (int64_t)sizeof post - 1);
            memcpy(m->data, pre, sizeof pre - 1);
            memcpy(m->data + sizeof pre - 1, spec->data, (size_t)spec->size);
            memcpy(m->data + sizeof pre - 1 + spec->size, post, sizeof post - 1);
            m->length = rt_utf8_length(m->data, m->size);
            rt_raise_str(loc, &rt_type_ValueError, m);
            return false;
        }
    }
    if (f->sep) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->sep == '_')
                break;
            /* fall through */
        default: {
            char before[] = "Cannot specify 'X' with ";
            before[16] = f->sep;
            raise_with_char(loc, before, f->type, ".");
            return false;
        }
        }
    }
    return true;
too_many:
    rt_raise_c(loc, &rt_type_ValueError, "Too many decimal digits in format string");
    return false;
both:
    rt_raise_c(loc, &rt_type_ValueError, "Cannot specify both ',' and '_'.");
    return false;
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
    struct fspec f;
    if (!parse_spec(spec, &f, loc))
        return 0;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        break;
    default:
        raise_with_char(loc, "Unknown format code ", f.type, " for object of type 'float'");
        return 0;
    }
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
