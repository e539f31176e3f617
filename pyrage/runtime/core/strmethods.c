/*
 * The byte-level work behind str methods (pyrage/stdlib/_str.py writes the methods themselves
 * in pyrage Python over these). Indices are code points, as in Python; ASCII strings (size ==
 * length) index bytes directly.
 *
 * Case mappings and character classes are CPython 3.11's for every code point (Unicode 14.0,
 * from the generated tables of unicode_tables.c); upper() and friends of an ASCII str are byte
 * loops that need no table.
 */
#include "object.h"
#include "unicode.h"

static int64_t offset_at(const pyrage_str *s, int64_t index)
{
    if (s->length == s->size)
        return index;
    int64_t i = 0, seen = 0;
    for (; i < s->size; i++) {
        if (((unsigned char)s->data[i] & 0xC0) != 0x80) {
            if (seen == index)
                return i;
            seen++;
        }
    }
    return s->size;
}

static int64_t index_at(const pyrage_str *s, int64_t offset)
{
    return s->length == s->size ? offset : rt_utf8_length(s->data, offset);
}

/* Python's clamping of start/end for find/count (None already became 0 / length). */
static void clamp(const pyrage_str *s, int64_t *start, int64_t *end)
{
    int64_t n = s->length;
    if (*start < 0)
        *start = *start + n < 0 ? 0 : *start + n;
    if (*end < 0)
        *end = *end + n < 0 ? 0 : *end + n;
    if (*end > n)
        *end = n;
}

/* s.find(sub, start, end) */
int64_t rt_str_find_in(const pyrage_str *s, const pyrage_str *sub, int64_t start, int64_t end)
{
    clamp(s, &start, &end);
    if (start > end || start > s->length)
        return -1;
    int64_t a = offset_at(s, start), b = offset_at(s, end);
    for (int64_t i = a; i + sub->size <= b; i++) {
        if (memcmp(s->data + i, sub->data, (size_t)sub->size) == 0)
            return index_at(s, i);
    }
    return -1;
}

/* s.rfind(sub, start, end) */
int64_t rt_str_rfind_in(const pyrage_str *s, const pyrage_str *sub, int64_t start, int64_t end)
{
    clamp(s, &start, &end);
    if (start > end || start > s->length)
        return -1;
    int64_t a = offset_at(s, start), b = offset_at(s, end);
    for (int64_t i = b - sub->size; i >= a; i--) {
        if (memcmp(s->data + i, sub->data, (size_t)sub->size) == 0)
            return index_at(s, i);
    }
    return -1;
}

/* s.count(sub, start, end): non-overlapping; an empty sub counts the gaps. */
int64_t rt_str_count_in(const pyrage_str *s, const pyrage_str *sub, int64_t start, int64_t end)
{
    clamp(s, &start, &end);
    if (start > end || start > s->length)
        return 0;
    if (sub->size == 0)
        return end - start + 1;
    int64_t a = offset_at(s, start), b = offset_at(s, end), n = 0;
    for (int64_t i = a; i + sub->size <= b;) {
        if (memcmp(s->data + i, sub->data, (size_t)sub->size) == 0) {
            n++;
            i += sub->size;
        } else {
            i++;
        }
    }
    return n;
}

/* s.replace(old, new, count) (count < 0: all). */
pyrage_str *rt_str_replace(const pyrage_str *s, const pyrage_str *old, const pyrage_str *new,
                           int64_t count)
{
    if (old->size == 0) {
        /* Python inserts `new` before every code point and at the end. */
        int64_t slots = s->length + 1;
        if (count >= 0 && count < slots)
            slots = count;
        pyrage_str *r = rt_str_new(s->size + slots * new->size);
        char *p = r->data;
        int64_t done = 0;
        for (int64_t i = 0; i <= s->size; i++) {
            bool boundary = i == s->size || ((unsigned char)s->data[i] & 0xC0) != 0x80;
            if (boundary && done < slots) {
                memcpy(p, new->data, (size_t)new->size);
                p += new->size;
                done++;
            }
            if (i < s->size)
                *p++ = s->data[i];
        }
        r->length = s->length + done * new->length;
        return r;
    }
    int64_t hits = 0;
    for (int64_t i = 0; i + old->size <= s->size && (count < 0 || hits < count);) {
        if (memcmp(s->data + i, old->data, (size_t)old->size) == 0) {
            hits++;
            i += old->size;
        } else {
            i++;
        }
    }
    pyrage_str *r = rt_str_new(s->size + hits * (new->size - old->size));
    char *p = r->data;
    int64_t done = 0;
    for (int64_t i = 0; i < s->size;) {
        if (done < hits && i + old->size <= s->size &&
            memcmp(s->data + i, old->data, (size_t)old->size) == 0) {
            memcpy(p, new->data, (size_t)new->size);
            p += new->size;
            i += old->size;
            done++;
        } else {
            *p++ = s->data[i++];
        }
    }
    r->length = s->length + hits * (new->length - old->length);
    return r;
}

/* --- code points ------------------------------------------------------------------------- */

static uint32_t decode_at(const char *p, int *len)
{
    unsigned char c = (unsigned char)p[0];
    if (c < 0x80) { *len = 1; return c; }
    if (c < 0xE0) { *len = 2; return ((c & 0x1Fu) << 6) | (p[1] & 0x3F); }
    if (c < 0xF0) { *len = 3; return ((c & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3F); }
    *len = 4;
    return ((c & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3F);
}

static int encode_to(uint32_t cp, char *out)
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

static int utf8_size(uint32_t cp)
{
    return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* Unicode's character classes and case mappings are CPython's, from the generated tables of
 * unicode_tables.c (unicode.h). */
static bool is_space_cp(uint32_t c)
{
    return rt_unicode_space(c);
}

/* Final_Sigma, as CPython's lower() applies it to the Σ at byte offset `at` (n bytes): final
 * (ς) when a cased character precedes it and none follows, case-ignorable ones skipped. */
static bool final_sigma(const pyrage_str *s, int64_t at, int n)
{
    unsigned f = 0;
    int64_t i = at;
    int len;
    do {
        if (i == 0)
            return false;
        do
            i--;
        while (i > 0 && ((unsigned char)s->data[i] & 0xC0) == 0x80);
        f = rt_unicode_flags(decode_at(s->data + i, &len));
    } while (f & RT_UNI_CASE_IGNORABLE);
    if (!(f & RT_UNI_CASED))
        return false;
    for (i = at + n; i < s->size; i += len) {
        f = rt_unicode_flags(decode_at(s->data + i, &len));
        if (!(f & RT_UNI_CASE_IGNORABLE))
            return !(f & RT_UNI_CASED);
    }
    return true;
}

/* lower() of the code point c at byte offset `at` of s (n bytes), into out: how many. */
static int lower_at(const pyrage_str *s, int64_t at, int n, uint32_t c, uint32_t out[3])
{
    if (c == 0x3A3) { /* Σ */
        out[0] = final_sigma(s, at, n) ? 0x3C2 : 0x3C3;
        return 1;
    }
    return rt_unicode_case(c, RT_UNI_CASE_LOWER, out);
}

/* mode: 0 upper, 1 lower, 2 swapcase, 3 title, 4 capitalize, 5 casefold */
/* upper()/lower() of an ASCII str: a byte loop (the common case, e.g. words of a text). */
static pyrage_str *ascii_case(const pyrage_str *s, int64_t mode)
{
    pyrage_str *r = rt_str_new(s->size);
    r->length = s->size;
    if (mode <= 1) { /* upper, lower: the hot ones, one branch-free step per byte */
        char from = mode == 0 ? 'a' : 'A';
        /* Locals and restrict so that clang vectorizes: stores through char* may alias size. */
        const char *restrict in = s->data;
        char *restrict out = r->data;
        int64_t size = s->size;
        for (int64_t i = 0; i < size; i++) {
            char c = in[i];
            out[i] = (char)(c ^ ((unsigned char)(c - from) < 26 ? 0x20 : 0));
        }
        return r;
    }
    bool word_start = true;
    for (int64_t i = 0; i < s->size; i++) {
        char c = s->data[i];
        bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
        bool want_upper = mode == 0 || (mode == 2 && lower) || (mode == 3 && word_start) ||
                          (mode == 4 && i == 0);
        if ((want_upper && lower) || (!want_upper && upper))
            c ^= 0x20;
        r->data[i] = c;
        word_start = !(lower || upper); /* title(): a letter after an uncased character */
    }
    return r;
}

/* One pass of a case mapping over a non-ASCII s, as CPython's do_upper_or_lower, do_swapcase,
 * do_title, do_capitalize and do_casefold: a code point maps to up to three. Writes the UTF-8
 * to out unless it is NULL, and gives up (-1) where it would pass out + cap. Returns its size in
 * bytes and sets *length to its code points. */
static int64_t case_pass(const pyrage_str *s, int64_t mode, char *out, int64_t cap,
                         int64_t *length)
{
    int64_t size = 0, count = 0;
    bool cased = false; /* title(): whether the previous character is cased */
    for (int64_t i = 0; i < s->size;) {
        int n, k;
        uint32_t c = decode_at(s->data + i, &n), m[3];
        if (c < 0x80) { /* ASCII inside a non-ASCII str: no table */
            bool lower = c - 'a' < 26, upper = c - 'A' < 26;
            bool to_upper = mode == 0 || (mode == 2 && lower) || (mode == 3 && !cased) ||
                            (mode == 4 && i == 0);
            c = to_upper && lower ? c - 32 : !to_upper && upper ? c + 32 : c;
            cased = lower || upper;
            if (out) {
                if (size == cap)
                    return -1;
                out[size] = (char)c;
            }
            size++;
            count++;
            i++;
            continue;
        }
        unsigned f;
        switch (mode) {
        case 0:
            k = rt_unicode_case(c, RT_UNI_CASE_UPPER, m);
            break;
        case 1:
            k = lower_at(s, i, n, c, m);
            break;
        case 2:
            f = rt_unicode_flags(c);
            if (f & RT_UNI_UPPER) {
                k = lower_at(s, i, n, c, m);
            } else if (f & RT_UNI_LOWER) {
                k = rt_unicode_case(c, RT_UNI_CASE_UPPER, m);
            } else {
                m[0] = c;
                k = 1;
            }
            break;
        case 3:
            k = cased ? lower_at(s, i, n, c, m) : rt_unicode_case(c, RT_UNI_CASE_TITLE, m);
            cased = rt_unicode_flags(c) & RT_UNI_CASED;
            break;
        case 4:
            k = i == 0 ? rt_unicode_case(c, RT_UNI_CASE_TITLE, m) : lower_at(s, i, n, c, m);
            break;
        default:
            k = rt_unicode_case(c, RT_UNI_CASE_CASEFOLD, m);
            break;
        }
        for (int j = 0; j < k; j++) {
            if (!out) {
                size += utf8_size(m[j]);
            } else if (size + utf8_size(m[j]) > cap) {
                return -1;
            } else {
                size += encode_to(m[j], out + size);
            }
        }
        count += k;
        i += n;
    }
    *length = count;
    return size;
}

pyrage_str *rt_str_case(const pyrage_str *s, int64_t mode)
{
    if (s->size == s->length)
        return ascii_case(s, mode == 5 ? 1 : mode); /* casefold() of ASCII is lower() */
    /* Most mappings keep the UTF-8 size or shrink it (the rest of the block stays zero). A
     * code point can also map to three (ΐ.upper() is 6 bytes for 2): then measure, and write
     * again. */
    int64_t length;
    pyrage_str *r = rt_str_new(s->size);
    int64_t size = case_pass(s, mode, r->data, s->size, &length);
    if (size < 0) {
        r = rt_str_new(case_pass(s, mode, 0, 0, &length));
        size = case_pass(s, mode, r->data, r->size, &length);
    }
    r->size = size;
    r->length = length;
    return r;
}

/* s with its ASCII letters lower-cased, nothing else (the codec names of encode/decode). */
pyrage_str *rt_str_ascii_lower(const pyrage_str *s)
{
    pyrage_str *r = ascii_case(s, 1);
    r->length = s->length;
    return r;
}

/* kind: 0 isdigit, 1 isalpha, 2 isalnum, 3 isdecimal, 4 isnumeric, 5 isupper, 6 islower,
 * 7 istitle, 8 isidentifier, as CPython's unicode_is* (its rules for cased characters). */
bool rt_str_is(const pyrage_str *s, int64_t kind)
{
    static const unsigned every[] = {
        RT_UNI_DIGIT, RT_UNI_ALPHA, RT_UNI_ALPHA | RT_UNI_DECIMAL | RT_UNI_DIGIT | RT_UNI_NUMERIC,
        RT_UNI_DECIMAL, RT_UNI_NUMERIC};
    if (s->size == 0)
        return false;
    bool cased = false, previous_cased = false;
    for (int64_t i = 0; i < s->size;) {
        int n;
        uint32_t c = decode_at(s->data + i, &n);
        unsigned f = rt_unicode_flags(c);
        switch (kind) {
        case 5:
            if (f & (RT_UNI_LOWER | RT_UNI_TITLE))
                return false;
            cased |= (f & RT_UNI_UPPER) != 0;
            break;
        case 6:
            if (f & (RT_UNI_UPPER | RT_UNI_TITLE))
                return false;
            cased |= (f & RT_UNI_LOWER) != 0;
            break;
        case 7: /* upper/title-case characters start words, lower-case ones continue them */
            if (f & (RT_UNI_UPPER | RT_UNI_TITLE)) {
                if (previous_cased)
                    return false;
                previous_cased = cased = true;
            } else if (f & RT_UNI_LOWER) {
                if (!previous_cased)
                    return false;
                previous_cased = cased = true;
            } else {
                previous_cased = false;
            }
            break;
        case 8:
            if (i == 0 ? !(f & RT_UNI_XID_START) && c != '_' : !(f & RT_UNI_XID_CONTINUE))
                return false;
            break;
        default:
            if (!(f & every[kind]))
                return false;
        }
        i += n;
    }
    return kind < 5 || kind == 8 || cased;
}

bool rt_str_isspace(const pyrage_str *s)
{
    if (s->size == 0)
        return false;
    for (int64_t i = 0; i < s->size;) {
        int n;
        if (!rt_unicode_space(decode_at(s->data + i, &n)))
            return false;
        i += n;
    }
    return true;
}

bool rt_str_isprintable(const pyrage_str *s)
{
    rt_printable_runs runs = {0};
    for (int64_t i = 0; i < s->size;) {
        int n;
        uint32_t c = decode_at(s->data + i, &n);
        if (c < 0x80 ? c < 0x20 || c == 0x7F : !rt_printable_in(&runs, c))
            return false;
        i += n;
    }
    return true;
}

bool rt_str_isascii(const pyrage_str *s)
{
    return s->size == s->length;
}

/* strip(chars) with mode 1 left, 2 right, 3 both; chars NULL: whitespace. */
static bool memchr_(const char *p, int c, int64_t n)
{
    for (int64_t i = 0; i < n; i++)
        if ((unsigned char)p[i] == c)
            return true;
    return false;
}

/* Whether code point c is one of the code points of chars. */
static bool has_cp(const pyrage_str *chars, uint32_t c)
{
    if (c < 0x80) /* an ASCII c can only match a byte of chars */
        return memchr_(chars->data, (int)c, chars->size);
    for (int64_t i = 0; i < chars->size;) {
        int n;
        if (decode_at(chars->data + i, &n) == c)
            return true;
        i += n;
    }
    return false;
}

pyrage_str *rt_str_strip(const pyrage_str *s, const pyrage_str *chars, int64_t mode)
{
    int64_t a = 0, b = s->size;
    while (a < b) {
        int n;
        uint32_t c = decode_at(s->data + a, &n);
        bool strip = chars ? has_cp(chars, c) : is_space_cp(c);
        if (!(mode & 1) || !strip)
            break;
        a += n;
    }
    while (b > a) {
        int64_t start = b - 1;
        while (start > a && ((unsigned char)s->data[start] & 0xC0) == 0x80)
            start--;
        int n;
        uint32_t c = decode_at(s->data + start, &n);
        bool strip = chars ? has_cp(chars, c) : is_space_cp(c);
        if (!(mode & 2) || !strip)
            break;
        b = start;
    }
    if (a == 0 && b == s->size)
        return (pyrage_str *)s;
    return rt_str_from(s->data + a, b - a);
}

/* The code-point index just past the run of whitespace at index i (for split()). */
static bool is_space_ascii(unsigned char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
}

int64_t rt_str_skip_space(const pyrage_str *s, int64_t index, bool space)
{
    if (s->size == s->length) { /* ASCII: code point i is byte i */
        while (index < s->size && is_space_ascii((unsigned char)s->data[index]) == space)
            index++;
        return index;
    }
    int64_t off = offset_at(s, index);
    while (off < s->size) {
        int n;
        uint32_t c = decode_at(s->data + off, &n);
        if (is_space_cp(c) != space)
            break;
        off += n;
        index++;
    }
    return index;
}

/* Whether the code point before index i is whitespace (for rsplit()). */
bool rt_str_space_before(const pyrage_str *s, int64_t index)
{
    if (index <= 0)
        return false;
    int64_t off = offset_at(s, index - 1);
    int n;
    return is_space_cp(decode_at(s->data + off, &n));
}

/* s * n */
pyrage_str *rt_str_repeat(const pyrage_str *s, int64_t n, const pyrage_loc *loc)
{
    (void)loc;
    if (n <= 0 || s->size == 0)
        return rt_str_from("", 0);
    pyrage_str *r = rt_str_new(s->size * n);
    for (int64_t i = 0; i < n; i++)
        memcpy(r->data + i * s->size, s->data, (size_t)s->size);
    r->length = s->length * n;
    return r;
}

/* chr(i), ord(c) */
pyrage_str *rt_chr(int64_t cp, const pyrage_loc *loc)
{
    if (cp < 0 || cp > 0x10FFFF) {
        rt_raise_c(loc, &rt_type_ValueError, "chr() arg not in range(0x110000)");
        return 0;
    }
    char buf[4];
    int n = encode_to((uint32_t)cp, buf);
    return rt_str_from(buf, n);
}

int64_t rt_ord(const pyrage_str *s, const pyrage_loc *loc)
{
    if (s->length != 1) {
        char message[96], *m = message, digits[24];
        int nd = 0;
        int64_t v = s->length;
        do {
            digits[nd++] = (char)('0' + v % 10);
            v /= 10;
        } while (v);
        for (const char *t = "ord() expected a character, but string of length "; *t; t++)
            *m++ = *t;
        while (nd)
            *m++ = digits[--nd];
        for (const char *t = " found"; *t; t++)
            *m++ = *t;
        *m = 0;
        rt_raise_c(loc, &rt_type_TypeError, message);
        return 0;
    }
    int n;
    return decode_at(s->data, &n);
}
