/*
 * The byte-level work behind str methods (pyrage/stdlib/_str.py writes the methods themselves
 * in pyrage Python over these). Indices are code points, as in Python; ASCII strings (size ==
 * length) index bytes directly.
 *
 * Case mapping and character classes cover ASCII, Latin-1, Latin Extended-A pairs, Greek and
 * Cyrillic; other scripts are left unchanged / classified as CPython does for them where that
 * is simple (see docs/language.md).
 */
#include "object.h"

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

static bool is_upper_cp(uint32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) ||
           (c >= 0x100 && c <= 0x17F && !(c & 1) && c != 0x138) || (c >= 0x391 && c <= 0x3A9) ||
           (c >= 0x400 && c <= 0x42F);
}

static bool is_lower_cp(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7) ||
           (c >= 0x101 && c <= 0x17F && (c & 1)) || (c >= 0x3B1 && c <= 0x3C9) ||
           (c >= 0x430 && c <= 0x45F) || c == 0xB5 || c == 0xAA || c == 0xBA;
}

static uint32_t to_upper_cp(uint32_t c)
{
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 32;
    if (c == 0xFF) return 0x178;
    if (c >= 0x101 && c <= 0x17F && (c & 1) && c != 0x131 && c != 0x149 && c != 0x17F) return c - 1;
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 32;
    if (c == 0x3C2) return 0x3A3;
    if (c >= 0x430 && c <= 0x44F) return c - 32;
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
}

static uint32_t to_lower_cp(uint32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c == 0x178) return 0xFF;
    if (c >= 0x100 && c <= 0x17E && !(c & 1) && c != 0x130) return c + 1;
    if (c >= 0x391 && c <= 0x3A9) return c + 32;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

static bool is_space_cp(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F) || c == 0x85 ||
           c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static bool is_digit_cp(uint32_t c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha_cp(uint32_t c)
{
    return is_upper_cp(c) || is_lower_cp(c) || (c >= 0x3B1 && c <= 0x3C9) ||
           (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3040 && c <= 0x30FF) ||
           (c >= 0xAC00 && c <= 0xD7A3);
}

/* mode: 0 upper, 1 lower, 2 swapcase, 3 title, 4 capitalize */
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

pyrage_str *rt_str_case(const pyrage_str *s, int64_t mode)
{
    if (s->size == s->length)
        return ascii_case(s, mode);
    pyrage_str *r = rt_str_new(s->size * 2); /* a mapped code point never needs more */
    char *p = r->data;
    bool word_start = true, first = true;
    for (int64_t i = 0; i < s->size;) {
        int n;
        uint32_t c = decode_at(s->data + i, &n);
        uint32_t m = c;
        if (mode == 0) m = to_upper_cp(c);
        else if (mode == 1) m = to_lower_cp(c);
        else if (mode == 2) m = is_upper_cp(c) ? to_lower_cp(c) : to_upper_cp(c);
        else if (mode == 3) m = word_start ? to_upper_cp(c) : to_lower_cp(c);
        else m = first ? to_upper_cp(c) : to_lower_cp(c);
        if (mode == 0 && c == 0xDF) { /* ß upper-cases to SS */
            *p++ = 'S';
            m = 'S';
        }
        p += encode_to(m, p);
        if (mode == 3)
            word_start = !(is_upper_cp(c) || is_lower_cp(c));
        first = false;
        i += n;
    }
    r->size = p - r->data;
    r->length = rt_utf8_length(r->data, r->size);
    return r;
}

/* kind: 0 isdigit/isdecimal/isnumeric, 1 isalpha, 2 isalnum, 3 isspace, 4 isupper, 5 islower,
 * 6 isascii */
bool rt_str_is(const pyrage_str *s, int64_t kind)
{
    if (kind == 6) {
        for (int64_t i = 0; i < s->size; i++)
            if ((unsigned char)s->data[i] >= 0x80)
                return false;
        return true;
    }
    if (s->size == 0)
        return false;
    bool cased = false;
    for (int64_t i = 0; i < s->size;) {
        int n;
        uint32_t c = decode_at(s->data + i, &n);
        i += n;
        switch (kind) {
        case 0: if (!is_digit_cp(c)) return false; break;
        case 1: if (!is_alpha_cp(c)) return false; break;
        case 2: if (!is_alpha_cp(c) && !is_digit_cp(c)) return false; break;
        case 3: if (!is_space_cp(c)) return false; break;
        case 4: if (is_lower_cp(c)) return false; cased |= is_upper_cp(c); break;
        case 5: if (is_upper_cp(c)) return false; cased |= is_lower_cp(c); break;
        }
    }
    return kind < 4 || cased;
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
