/*
 * format(value, spec) for str, int and bool, and repr(str). The spec language,
 * [[fill]align][sign][z][#][0][width][,|_][.precision][type], is parsed and validated here for
 * every type, float included (format.h), with CPython 3.11's checks, in its order, and its
 * messages.
 */
#include "object.h"
#include "format.h"
#include "unicode.h"

char *rt_digits(char *end, uint64_t u, int base, bool upper);

/* One UTF-8 code point at p, not reading past end. */
static uint32_t decode(const char *p, const char *end, int *len)
{
    unsigned char c = (unsigned char)p[0];
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (p + n > end)
        n = (int)(end - p);
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (int i = 1; i < n; i++)
        cp = cp << 6 | ((unsigned char)p[i] & 0x3Fu);
    *len = n;
    return cp;
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

/* ---- messages ---- */

typedef struct {
    const char *p;
    int64_t n;
} piece;

#define TEXT(s) ((piece){s, (int64_t)sizeof(s) - 1})

/* ValueError whose message is the pieces, joined. */
static __attribute__((cold, noinline)) void raise_pieces(const pyrage_loc *loc,
                                                         const piece *parts, int count)
{
    int64_t size = 0;
    for (int i = 0; i < count; i++)
        size += parts[i].n;
    pyrage_str *m = rt_str_new(size);
    char *o = m->data;
    for (int i = 0; i < count; i++) {
        memcpy(o, parts[i].p, (size_t)parts[i].n);
        o += parts[i].n;
    }
    m->length = rt_utf8_length(m->data, m->size);
    rt_raise_str(loc, &rt_type_ValueError, m);
}

/* A code point as CPython's messages quote it: 'X' from '!' to DEL, else '\x' and its hex
 * digits, unpadded ('\x0' for NUL, '\xe9' for 'é'). buf holds at least 16 chars. */
static piece quoted(uint32_t c, char *buf)
{
    int n = 0;
    buf[n++] = '\'';
    if (c > 32 && c < 128) {
        buf[n++] = (char)c;
    } else {
        buf[n++] = '\\';
        buf[n++] = 'x';
        int digits = 1;
        while (digits < 8 && c >> (4 * digits))
            digits++;
        while (digits--)
            buf[n++] = "0123456789abcdef"[(c >> (4 * digits)) & 15];
    }
    buf[n++] = '\'';
    return (piece){buf, n};
}

/* The type's name as "%.200s" prints it. */
static piece type_piece(rt_type_name type)
{
    return (piece){type.name, type.size > 200 ? 200 : type.size};
}

void rt_spec_unknown_type(const pyrage_loc *loc, uint32_t code, rt_type_name type)
{
    char buf[16];
    piece parts[] = {TEXT("Unknown format code "), quoted(code, buf),
                     TEXT(" for object of type '"), type_piece(type), TEXT("'")};
    raise_pieces(loc, parts, 5);
}

static bool fail(const pyrage_loc *loc, const char *message)
{
    rt_raise_c(loc, &rt_type_ValueError, message);
    return false;
}

static pyrage_str *refuse(const pyrage_loc *loc, const char *message)
{
    rt_raise_c(loc, &rt_type_ValueError, message);
    return 0;
}

/* ---- parsing ---- */

static bool is_align(uint32_t c) { return c == '<' || c == '>' || c == '^' || c == '='; }

/* Decimal digits at *pp (any Unicode decimal digit counts, as in CPython): how many were read,
 * or -1 when the number passes 2**63 - 1. */
static int64_t read_number(const char **pp, const char *end, int64_t *out)
{
    const char *p = *pp;
    int64_t value = 0, count = 0;
    while (p < end) {
        int len;
        int d = rt_unicode_decimal(decode(p, end, &len));
        if (d < 0)
            break;
        if (value > (INT64_MAX - d) / 10)
            return -1;
        value = value * 10 + d;
        p += len;
        count++;
    }
    *pp = p;
    *out = value;
    return count;
}

bool rt_spec_parse(const pyrage_str *spec, rt_spec *f, char default_type, char default_align,
                   rt_type_name type, const pyrage_loc *loc)
{
    const char *p = spec->data, *end = p + spec->size;
    *f = (rt_spec){' ', (uint32_t)default_align, 0, false, false, -1, -1, 0,
                   (uint32_t)default_type};
    bool fill_given = false, align_given = false;
    if (p < end) { /* a fill is any one code point, but only before an alignment */
        int l0, l1 = 0;
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
    /* The 0 flag: fill with '0' unless a fill was given; numbers then pad after the sign. */
    if (!fill_given && p < end && *p == '0') {
        f->fill = '0';
        if (!align_given && default_align == '>')
            f->align = '=';
        p++;
    }
    int64_t digits = read_number(&p, end, &f->width);
    if (digits < 0)
        return fail(loc, "Too many decimal digits in format string");
    if (digits == 0)
        f->width = -1;
    if (p < end && *p == ',') {
        f->sep = ',';
        p++;
    }
    if (p < end && *p == '_') {
        if (f->sep)
            return fail(loc, "Cannot specify both ',' and '_'.");
        f->sep = '_';
        p++;
    }
    if (p < end && *p == ',' && f->sep == '_')
        return fail(loc, "Cannot specify both ',' and '_'.");
    if (p < end && *p == '.') {
        p++;
        digits = read_number(&p, end, &f->precision);
        if (digits < 0)
            return fail(loc, "Too many decimal digits in format string");
        if (digits == 0)
            return fail(loc, "Format specifier missing precision");
    }
    if (p < end) { /* what is left must be one code point: the type */
        int len;
        uint32_t code = decode(p, end, &len);
        if (p + len < end) {
            piece parts[] = {TEXT("Invalid format specifier '"), {spec->data, spec->size},
                             TEXT("' for object of type '"), type_piece(type), TEXT("'")};
            raise_pieces(loc, parts, 5);
            return false;
        }
        f->type = code;
    }
    if (f->sep) {
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X': /* '_' groups their digits by four */
            if (f->sep == '_')
                break;
            /* fall through */
        default: {
            char sep[3] = {'\'', f->sep, '\''}, buf[16];
            piece parts[] = {TEXT("Cannot specify "), {sep, 3}, TEXT(" with "),
                             quoted(f->type, buf), TEXT(".")};
            raise_pieces(loc, parts, 5);
            return false;
        }
        }
    }
    return true;
}

/* ---- rendering ---- */

/* body (size bytes, length code points) padded to the spec's width with its fill and
 * alignment; under '=' the first `keep` bytes (a sign and a 0x prefix) stay before the
 * padding. */
static pyrage_str *pad(const rt_spec *sp, const char *body, int64_t size, int64_t length,
                       int64_t keep)
{
    int64_t padn = sp->width > length ? sp->width - length : 0;
    char fill[4];
    int fl = encode(sp->fill, fill);
    int64_t left = sp->align == '>' || sp->align == '=' ? padn : sp->align == '^' ? padn / 2 : 0;
    int64_t right = padn - left;
    if (padn > (INT64_MAX / 8 - size) / fl) /* CPython: MemoryError */
        rt_fatal("out of memory (format width)");
    pyrage_str *r = rt_str_new(size + padn * fl);
    char *o = r->data;
    if (sp->align == '=') {
        memcpy(o, body, (size_t)keep);
        o += keep;
        body += keep;
        size -= keep;
    }
    for (int64_t i = 0; i < left; i++, o += fl)
        memcpy(o, fill, (size_t)fl);
    memcpy(o, body, (size_t)size);
    o += size;
    for (int64_t i = 0; i < right; i++, o += fl)
        memcpy(o, fill, (size_t)fl);
    r->length = length + padn;
    return r;
}

typedef pyrage_str *float_formatter(double, const rt_spec *, const pyrage_loc *);

/* int.__format__ (with a non-empty spec) for a value of type `name`. `as_float` formats the
 * float types ("e", "f", "%"...); NULL when the compiler saw that the spec has none. */
static pyrage_str *int_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc,
                              rt_type_name name, float_formatter *as_float)
{
    rt_spec sp;
    if (!rt_spec_parse(spec, &sp, 'd', '>', name, loc))
        return 0;
    int base = 10;
    bool upper = false;
    const char *prefix = "";
    switch (sp.type) {
    case 'd': case 'n': case 'c': break;
    case 'x': base = 16; prefix = "0x"; break;
    case 'X': base = 16; upper = true; prefix = "0X"; break;
    case 'o': base = 8; prefix = "0o"; break;
    case 'b': base = 2; prefix = "0b"; break;
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
        if (!as_float)
            rt_fatal("format(): a float format type reached rt_int_format_integral");
        return as_float((double)v, &sp, loc);
    default:
        rt_spec_unknown_type(loc, sp.type, name);
        return 0;
    }
    if (sp.precision >= 0)
        return refuse(loc, "Precision not allowed in integer format specifier");
    if (sp.no_neg_0)
        return refuse(loc, "Negative zero coercion (z) not allowed in integer format specifier");
    if (sp.type == 'c') { /* chr(v), laid out as a number with no sign */
        if (sp.sign)
            return refuse(loc, "Sign not allowed with integer format specifier 'c'");
        if (sp.alt)
            return refuse(loc, "Alternate form (#) not allowed with integer format specifier "
                             "'c'");
        if (v < 0 || v > 0x10FFFF) {
            rt_raise_c(loc, &rt_type_OverflowError, "%c arg not in range(0x110000)");
            return 0;
        }
        char one[4];
        int n = encode((uint32_t)v, one);
        return pad(&sp, one, n, 1, 0);
    }
    char sign = v < 0 ? '-' : sp.sign == '+' ? '+' : sp.sign == ' ' ? ' ' : 0;
    int64_t head = (sign != 0) + (sp.alt && base != 10 ? 2 : 0);
    /* With fill '0' and '=' alignment the padding is leading zeros, grouped like the digits. */
    int64_t zeros_to = sp.sep && sp.fill == '0' && sp.align == '=' ? sp.width - head : 0;
    if (zeros_to > INT64_MAX / 8) /* CPython: MemoryError */
        rt_fatal("out of memory (format width)");
    char small[160];
    int64_t room = (zeros_to > 100 ? zeros_to : 100) + 4;
    char *buf = room <= (int64_t)sizeof small ? small : rt_str_new(room)->data;
    char *end = buf + room, *p;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    if (sp.sep) {
        int every = base == 10 ? 3 : 4, k = 0;
        p = end;
        do {
            if (k && k % every == 0)
                *--p = sp.sep;
            p = rt_digits(p, u % (uint64_t)base, base, upper);
            u /= (uint64_t)base;
            k++;
        } while (u);
        while (end - p < zeros_to) { /* never a separator first */
            if (k % every == 0)
                *--p = sp.sep;
            *--p = '0';
            k++;
        }
    } else {
        p = rt_digits(end, u, base, upper);
    }
    if (head > (sign != 0)) {
        *--p = prefix[1];
        *--p = prefix[0];
    }
    if (sign)
        *--p = sign;
    int64_t n = end - p;
    return pad(&sp, p, n, n, head);
}

static const rt_type_name INT_NAME = {"int", 3}, BOOL_NAME = {"bool", 4};

static rt_type_name name_of(const pyrage_str *name)
{
    return (rt_type_name){name->data, name->size};
}

/* format(v, spec) for an int: the float types ("e", "f", "%"...) format float(v), as
 * int.__format__ does. */
pyrage_str *rt_int_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc)
{
    return int_format(v, spec, loc, INT_NAME, rt_float_format_parsed);
}

/* format(v, spec) for a spec the compiler saw is not a float type (so images that never
 * format floats do not link the float formatter). */
pyrage_str *rt_int_format_integral(int64_t v, const pyrage_str *spec, const pyrage_loc *loc)
{
    return int_format(v, spec, loc, INT_NAME, 0);
}

/* An int subclass (an IntEnum member): its class's name in the messages. */
pyrage_str *rt_int_format_named(int64_t v, const pyrage_str *spec, const pyrage_str *name,
                                const pyrage_loc *loc)
{
    return int_format(v, spec, loc, name_of(name), rt_float_format_parsed);
}

pyrage_str *rt_int_format_integral_named(int64_t v, const pyrage_str *spec,
                                         const pyrage_str *name, const pyrage_loc *loc)
{
    return int_format(v, spec, loc, name_of(name), 0);
}

/* A bool: str() for the empty spec, else int.__format__ with "bool" in the messages. */
static pyrage_str *bool_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc,
                               float_formatter *as_float)
{
    if (spec->size == 0) {
        pyrage_str *r = rt_str_new(v ? 4 : 5);
        memcpy(r->data, v ? "True" : "False", v ? 4 : 5);
        r->length = r->size;
        return r;
    }
    return int_format(v, spec, loc, BOOL_NAME, as_float);
}

pyrage_str *rt_bool_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc)
{
    return bool_format(v, spec, loc, rt_float_format_parsed);
}

pyrage_str *rt_bool_format_integral(int64_t v, const pyrage_str *spec, const pyrage_loc *loc)
{
    return bool_format(v, spec, loc, 0);
}

pyrage_str *rt_str_format(const pyrage_str *s, const pyrage_str *spec, const pyrage_loc *loc)
{
    rt_spec sp;
    if (!rt_spec_parse(spec, &sp, 's', '<', (rt_type_name){"str", 3}, loc))
        return 0;
    if (sp.type != 's') {
        rt_spec_unknown_type(loc, sp.type, (rt_type_name){"str", 3});
        return 0;
    }
    const char *refused = sp.sign == ' ' ? "Space not allowed in string format specifier"
                        : sp.sign ? "Sign not allowed in string format specifier"
                        : sp.no_neg_0 ? "Negative zero coercion (z) not allowed in string "
                                        "format specifier"
                        : sp.alt ? "Alternate form (#) not allowed in string format specifier"
                        : sp.align == '=' ? "'=' alignment not allowed in string format "
                                            "specifier"
                        : 0;
    if (refused)
        return refuse(loc, refused);
    int64_t length = s->length, size = s->size;
    if (sp.precision >= 0 && sp.precision < length) {
        const char *end = s->data + s->size;
        length = sp.precision;
        size = 0;
        for (int64_t k = 0; k < length; k++) {
            int n;
            decode(s->data + size, end, &n);
            size += n;
        }
    }
    return pad(&sp, s->data, size, length, 0);
}

/* repr(s): quotes and escapes as CPython's unicode_repr: \t \n \r \\ and the quote, \xhh for
 * the other ASCII controls, and for a non-ASCII code point that is not printable (the
 * str.isprintable() of Unicode 14.0: categories C* and Z* but the space) \xhh, \uxxxx or
 * \U00xxxxxx by its size. */
pyrage_str *rt_str_repr(const pyrage_str *s)
{
    bool has_single = false, has_double = false;
    /* kept a plain byte loop: every image that parses an int links repr (int()'s ValueError) */
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
    for (int64_t i = 0; i < s->size; i++) {
        has_single |= s->data[i] == '\'';
        has_double |= s->data[i] == '"';
    }
    char quote = has_single && !has_double ? '"' : '\'';
    /* worst case: 4 bytes a byte (an ASCII control is \xhh, a 4-byte code point \U00xxxxxx) */
    pyrage_str *r = rt_str_new(s->size * 4 + 2);
    rt_printable_runs runs = {0};
    char *o = r->data;
    *o++ = quote;
    for (int64_t i = 0; i < s->size;) {
        int n;
        uint32_t cp = decode(s->data + i, s->data + s->size, &n);
        char esc = cp == '\n' ? 'n' : cp == '\r' ? 'r' : cp == '\t' ? 't'
                 : cp == '\\' || cp == (uint32_t)quote ? (char)cp : 0;
        if (esc) {
            *o++ = '\\';
            *o++ = esc;
        } else if (cp < 0x80 ? cp < 0x20 || cp == 0x7F : !rt_printable_in(&runs, cp)) {
            int digits = cp < 0x100 ? 2 : cp < 0x10000 ? 4 : 8;
            *o++ = '\\';
            *o++ = digits == 2 ? 'x' : digits == 4 ? 'u' : 'U';
            for (int d = digits - 1; d >= 0; d--)
                *o++ = "0123456789abcdef"[(cp >> (4 * d)) & 15];
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
