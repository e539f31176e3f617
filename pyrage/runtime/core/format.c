/*
 * format(value, spec) for int and str, and repr(str): Python's format
 * specification mini-language [[fill]align][sign][#][0][width][,|_][.prec][type].
 */
#include "object.h"

char *rt_digits(char *end, uint64_t u, int base, bool upper);

struct spec {
    uint32_t fill; /* a code point */
    char align;    /* '<' '>' '^' '=' or 0 */
    bool has_fill; /* a fill character was written before the alignment */
    char sign;     /* '+' '-' ' ' or 0 */
    bool alt, zero;
    int64_t width, precision; /* -1: absent */
    char grouping; /* ',' '_' or 0 */
    char type;     /* 0 when absent */
};

static pyrage_str *bad_spec(const pyrage_loc *loc, const pyrage_str *spec, const char *message)
{
    (void)spec;
    rt_raise_c(loc, &rt_type_ValueError, message);
    return 0;
}

/* Decodes one UTF-8 code point at p (well-formed input: we made it). */
static uint32_t decode(const char *p, int *len)
{
    unsigned char c = (unsigned char)p[0];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xE0) { *len = 2; return ((c & 0x1Fu) << 6) | (p[1] & 0x3F); }
    if (c < 0xF0) { *len = 3; return ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F); }
    *len = 4;
    return ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F);
}

static int encode(uint32_t cp, char *out)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F)); return 4;
}

static bool is_align(char c) { return c == '<' || c == '>' || c == '^' || c == '='; }

static bool parse(const pyrage_str *s, struct spec *sp)
{
    const char *p = s->data, *end = s->data + s->size;
    *sp = (struct spec){' ', 0, false, 0, false, false, -1, -1, 0, 0};
    int n = 0;
    if (p < end) {
        uint32_t cp = decode(p, &n);
        if (p + n < end && is_align(p[n])) {
            sp->fill = cp;
            sp->has_fill = true;
            sp->align = p[n];
            p += n + 1;
        } else if (is_align(*p)) {
            sp->align = *p++;
        }
    }
    if (p < end && (*p == '+' || *p == '-' || *p == ' '))
        sp->sign = *p++;
    if (p < end && *p == '#') { sp->alt = true; p++; }
    if (p < end && *p == '0') { sp->zero = true; p++; }
    if (p < end && *p >= '0' && *p <= '9') {
        sp->width = 0;
        while (p < end && *p >= '0' && *p <= '9')
            sp->width = sp->width * 10 + (*p++ - '0');
    }
    if (p < end && (*p == ',' || *p == '_'))
        sp->grouping = *p++;
    if (p < end && *p == '.') {
        p++;
        if (p == end || *p < '0' || *p > '9')
            return false;
        sp->precision = 0;
        while (p < end && *p >= '0' && *p <= '9')
            sp->precision = sp->precision * 10 + (*p++ - '0');
    }
    if (p < end)
        sp->type = *p++;
    return p == end;
}

/* Pads body (body_len code points) to the spec's width. `sign_len` leading bytes of body are a
 * sign/prefix that '=' alignment keeps before the padding. */
static pyrage_str *pad(const struct spec *sp, const char *body, int64_t size, int64_t body_len,
                       int64_t sign_len, char default_align)
{
    int64_t padn = sp->width > body_len ? sp->width - body_len : 0;
    char align = sp->align ? sp->align : default_align;
    char fill[4];
    int fl = encode(sp->fill, fill);
    int64_t left = align == '>' || align == '=' ? padn : align == '^' ? padn / 2 : 0;
    int64_t right = padn - left;
    pyrage_str *r = rt_str_new(size + padn * fl);
    char *o = r->data;
    if (align == '=') {
        memcpy(o, body, (size_t)sign_len);
        o += sign_len;
        body += sign_len;
        size -= sign_len;
    }
    for (int64_t i = 0; i < left; i++, o += fl)
        memcpy(o, fill, (size_t)fl);
    memcpy(o, body, (size_t)size);
    o += size;
    for (int64_t i = 0; i < right; i++, o += fl)
        memcpy(o, fill, (size_t)fl);
    r->length = body_len + padn;
    return r;
}

static bool is_float_type(char type)
{
    for (const char *t = "eEfFgG%"; *t; t++)
        if (type && type == *t)
            return true;
    return false;
}

pyrage_str *rt_int_format_integral(int64_t v, const pyrage_str *spec, const pyrage_loc *loc);

/* format(v, spec) for an int: the float types ("e", "f", "%"...) format float(v), as
 * int.__format__ does. */
pyrage_str *rt_int_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc)
{
    struct spec sp;
    if (parse(spec, &sp) && is_float_type(sp.type)) {
        extern pyrage_str *rt_float_format(double, const pyrage_str *, const pyrage_loc *);
        return rt_float_format((double)v, spec, loc);
    }
    return rt_int_format_integral(v, spec, loc);
}

/* format(v, spec) for a spec the compiler saw is not a float type (so images that never
 * format floats do not link the float formatter). */
pyrage_str *rt_int_format_integral(int64_t v, const pyrage_str *spec, const pyrage_loc *loc)
{
    struct spec sp;
    if (!parse(spec, &sp))
        return bad_spec(loc, spec, "Invalid format specifier for object of type 'int'");
    if (sp.precision >= 0)
        return bad_spec(loc, spec, "Precision not allowed in integer format specifier");
    int base = 10;
    bool upper = false;
    const char *prefix = "";
    if (sp.grouping == ',' && sp.type && sp.type != 'd') {
        char message[] = "Cannot specify ',' with 'x'.";
        message[sizeof message - 4] = sp.type;
        return bad_spec(loc, spec, message);
    }
    if (sp.type == 'c') { /* chr(v), padded as a str (right-aligned, as numbers are) */
        if (sp.sign || sp.alt || sp.grouping)
            return bad_spec(loc, spec, sp.sign ? "Sign not allowed with integer format "
                                                 "specifier 'c'"
                                               : "Alternate form (#) not allowed with integer "
                                                 "format specifier 'c'");
        if (v < 0 || v > 0x10FFFF) {
            rt_raise_c(loc, &rt_type_OverflowError, "%c arg not in range(0x110000)");
            return 0;
        }
        char one[4];
        int n = encode((uint32_t)v, one);
        if (sp.zero && !sp.has_fill)
            sp.fill = '0';
        return pad(&sp, one, n, 1, 0, '>');
    }
    switch (sp.type) {
    case 0: case 'd': case 'n': break;
    case 'x': base = 16; prefix = "0x"; break;
    case 'X': base = 16; upper = true; prefix = "0X"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'b': base = 2; prefix = "0b"; break;
    default: return bad_spec(loc, spec, "Unknown format code for object of type 'int'");
    }
    /* Since 3.10 the 0 flag means fill 0 (unless a fill is given), whatever the alignment. */
    bool zero_pad = sp.zero && !sp.has_fill;
    if (zero_pad)
        sp.fill = '0';
    if (sp.zero && !sp.align)
        sp.align = '=';
    char buf[400];
    char *end = buf + sizeof buf;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    char *p;
    if (sp.grouping) {
        int every = base == 10 ? 3 : 4, k = 0;
        p = end;
        do {
            if (k && k % every == 0)
                *--p = sp.grouping;
            p = rt_digits(p, u % (uint64_t)base, base, upper);
            u /= (uint64_t)base;
            k++;
        } while (u);
        if (zero_pad && sp.align == '=') { /* the padding zeros are grouped too */
            int64_t head = (v < 0 || sp.sign == '+' || sp.sign == ' ') + (sp.alt ? 2 : 0);
            int64_t want = sp.width - head;
            while (end - p < want && p - buf > 8) {
                if (k % every == 0)
                    *--p = sp.grouping;
                *--p = '0';
                k++;
            }
        }
    } else {
        p = rt_digits(end, u, base, upper);
    }
    int64_t sign_len = 0;
    if (sp.alt && prefix[0]) {
        *--p = prefix[1];
        *--p = prefix[0];
        sign_len += 2;
    }
    char sign = v < 0 ? '-' : sp.sign == '+' ? '+' : sp.sign == ' ' ? ' ' : 0;
    if (sign) {
        *--p = sign;
        sign_len++;
    }
    int64_t n = end - p;
    return pad(&sp, p, n, n, sign_len, '>');
}

pyrage_str *rt_str_format(const pyrage_str *s, const pyrage_str *spec, const pyrage_loc *loc)
{
    struct spec sp;
    if (!parse(spec, &sp) || (sp.type && sp.type != 's') || sp.sign || sp.alt || sp.grouping)
        return bad_spec(loc, spec, "Invalid format specifier for object of type 'str'");
    if (sp.align == '=')
        return bad_spec(loc, spec, "'=' alignment not allowed in string format specifier");
    if (sp.zero && !sp.has_fill)
        sp.fill = '0';
    int64_t length = s->length, size = s->size;
    if (sp.precision >= 0 && sp.precision < length) {
        length = sp.precision;
        size = 0;
        for (int64_t k = 0; k < length; k++) {
            int n;
            decode(s->data + size, &n);
            size += n;
        }
    }
    return pad(&sp, s->data, size, length, 0, '<');
}

/* repr(s): quotes and escapes as CPython does (non-ASCII from U+00A0 up is kept as is). */
pyrage_str *rt_str_repr(const pyrage_str *s)
{
    bool has_single = false, has_double = false;
    for (int64_t i = 0; i < s->size; i++) {
        has_single |= s->data[i] == '\'';
        has_double |= s->data[i] == '"';
    }
    char quote = has_single && !has_double ? '"' : '\'';
    pyrage_str *r = rt_str_new(s->size * 10 + 2); /* worst case: \U0000XXXX per byte */
    char *o = r->data;
    *o++ = quote;
    for (int64_t i = 0; i < s->size;) {
        int n;
        uint32_t cp = decode(s->data + i, &n);
        const char *esc = cp == '\n' ? "\\n" : cp == '\r' ? "\\r" : cp == '\t' ? "\\t"
                        : cp == '\\' ? "\\\\" : (cp == (uint32_t)quote) ? (quote == '\'' ? "\\'" : "\\\"")
                        : 0;
        if (esc) {
            while (*esc)
                *o++ = *esc++;
        } else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = "0123456789abcdef"[cp >> 4];
            *o++ = "0123456789abcdef"[cp & 15];
        } else {
            memcpy(o, s->data + i, (size_t)n);
            o += n;
        }
        i += n;
    }
    *o++ = quote;
    r->size = o - r->data;
    r->length = rt_utf8_length(r->data, r->size);
    return r;
}

/* ValueError whose message ends with repr(s), as int() reports bad input. */
void rt_raise_value_error_repr(const pyrage_loc *loc, const char *prefix, const pyrage_str *s)
{
    pyrage_str *r = rt_str_repr(s);
    size_t n = rt_cstrlen(prefix);
    pyrage_str *msg = rt_str_new((int64_t)n + r->size);
    memcpy(msg->data, prefix, n);
    memcpy(msg->data + n, r->data, (size_t)r->size);
    msg->length = rt_utf8_length(msg->data, msg->size);
    rt_raise_str(loc, &rt_type_ValueError, msg);
}

/* repr(b) for bytes: b'...' with CPython's escapes. */
pyrage_str *rt_bytes_repr(const pyrage_bytes *b)
{
    bool has_single = false, has_double = false;
    for (int64_t i = 0; i < b->size; i++) {
        has_single |= b->data[i] == '\'';
        has_double |= b->data[i] == '"';
    }
    char quote = has_single && !has_double ? '"' : '\'';
    pyrage_str *r = rt_str_new(b->size * 4 + 3);
    char *o = r->data;
    *o++ = 'b';
    *o++ = quote;
    for (int64_t i = 0; i < b->size; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (c == '\\' || c == (unsigned char)quote) {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            *o++ = '\\';
            *o++ = c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else if (c < 0x20 || c >= 0x7F) {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = "0123456789abcdef"[c >> 4];
            *o++ = "0123456789abcdef"[c & 15];
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = quote;
    r->size = o - r->data;
    r->length = r->size;
    return r;
}
