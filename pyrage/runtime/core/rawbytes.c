/*
 * RawBytes (pyrage/stdlib/rawbytes.py): fixed-size byte storage, laid out as a pyrage_bytes and
 * used mutably. bytes, bytearray and stdlib.Buffer are written in pyrage Python over it. The
 * compiler inlines get/set (ByteGet/ByteSet); everything bulk is here.
 *
 * WARNING: every function checks its ranges itself before touching memory: a caller's bug must
 * become an exception, never an out-of-bounds access.
 */
#include "object.h"

static bool in_range(const pyrage_bytes *b, int64_t start, int64_t count)
{
    return count >= 0 && start >= 0 && start <= b->size && count <= b->size - start;
}

static void raise_index(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_IndexError, "index out of range");
}

/* Raised by the inlined ByteGet/ByteSet. */
void rt_raise_byte_index(const pyrage_loc *loc)
{
    raise_index(loc);
}

void rt_raise_byte_value(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_ValueError, "byte must be in range(0, 256)");
}

pyrage_bytes *rt_rawbytes_new(int64_t size, const pyrage_loc *loc)
{
    if (size < 0) {
        rt_raise_c(loc, &rt_type_ValueError, "negative count");
        return 0;
    }
    pyrage_bytes *b = rt_alloc((int64_t)sizeof(pyrage_bytes) + size, &rt_type_bytes);
    b->size = size;
    return b;
}

/* The integer in b[at:at+width] (width 1..8), big- or little-endian, signed or not. An
 * unsigned 8-byte value of 2**63 or more does not fit pyrage's int: OverflowError. */
int64_t rt_rawbytes_get_int(const pyrage_bytes *b, int64_t at, int64_t width, bool big,
                            bool is_signed, const pyrage_loc *loc)
{
    if (width < 1 || width > 8) {
        rt_raise_c(loc, &rt_type_ValueError, "width must be 1 to 8 bytes");
        return 0;
    }
    if (!in_range(b, at, width)) {
        raise_index(loc);
        return 0;
    }
    const unsigned char *p = (const unsigned char *)b->data + at;
    uint64_t v = 0;
    for (int64_t i = 0; i < width; i++)
        v = (v << 8) | p[big ? i : width - 1 - i];
    if (is_signed) {
        unsigned shift = (unsigned)(64 - 8 * width); /* sign-extend from the top byte */
        return (int64_t)(v << shift) >> shift;
    }
    if (width == 8 && (v >> 63)) {
        rt_raise_c(loc, &rt_type_OverflowError, "int too big for pyrage's 64-bit int");
        return 0;
    }
    return (int64_t)v;
}

/* b[at:at+width] = value as width (1..8) bytes; OverflowError (CPython's int.to_bytes words)
 * when it does not fit. */
void rt_rawbytes_set_int(pyrage_bytes *b, int64_t at, int64_t width, bool big, bool is_signed,
                         int64_t value, const pyrage_loc *loc)
{
    if (width < 1 || width > 8) {
        rt_raise_c(loc, &rt_type_ValueError, "width must be 1 to 8 bytes");
        return;
    }
    if (!in_range(b, at, width)) {
        raise_index(loc);
        return;
    }
    if (!is_signed && value < 0) {
        rt_raise_c(loc, &rt_type_OverflowError, "can't convert negative int to unsigned");
        return;
    }
    if (width < 8) {
        int64_t bits = 8 * width;
        bool fits = is_signed ? (value >= -((int64_t)1 << (bits - 1)) &&
                                 value < ((int64_t)1 << (bits - 1)))
                              : value < ((int64_t)1 << bits);
        if (!fits) {
            rt_raise_c(loc, &rt_type_OverflowError, "int too big to convert");
            return;
        }
    }
    unsigned char *p = (unsigned char *)b->data + at;
    uint64_t v = (uint64_t)value;
    for (int64_t i = 0; i < width; i++) {
        p[big ? width - 1 - i : i] = (unsigned char)v;
        v >>= 8;
    }
}

/* dst[at:at+count] = src[start:start+count]; the ranges may overlap (src may be dst). */
void rt_rawbytes_copy(pyrage_bytes *dst, int64_t at, const pyrage_bytes *src, int64_t start,
                      int64_t count, const pyrage_loc *loc)
{
    if (!in_range(src, start, count) || !in_range(dst, at, count)) {
        raise_index(loc);
        return;
    }
    memmove(dst->data + at, src->data + start, (size_t)count);
}

/* A new bytes object holding b[start:start+count]. */
pyrage_bytes *rt_rawbytes_to_bytes(const pyrage_bytes *b, int64_t start, int64_t count,
                                   const pyrage_loc *loc)
{
    if (!in_range(b, start, count)) {
        raise_index(loc);
        return 0;
    }
    pyrage_bytes *r = rt_alloc((int64_t)sizeof(pyrage_bytes) + count, &rt_type_bytes);
    r->size = count;
    memcpy(r->data, b->data + start, (size_t)count);
    return r;
}

void rt_rawbytes_fill(pyrage_bytes *b, int64_t start, int64_t count, int64_t value,
                      const pyrage_loc *loc)
{
    if (!in_range(b, start, count)) {
        raise_index(loc);
        return;
    }
    if (value < 0 || value > 255) {
        rt_raise_byte_value(loc);
        return;
    }
    memset(b->data + start, (int)value, (size_t)count);
}

/* The first (or, reversed, the last) position p in [start, end - len(needle)] where
 * hay[p:p+len(needle)] == needle, or -1. start and end are clamped to the bytes. */
int64_t rt_rawbytes_find(const pyrage_bytes *hay, int64_t start, int64_t end,
                         const pyrage_bytes *needle, bool reverse)
{
    int64_t n = needle->size;
    if (start < 0)
        start = 0;
    if (end > hay->size)
        end = hay->size;
    if (end - start < n)
        return -1;
    int64_t last = end - n;
    if (n == 0)
        return reverse ? last : start;
    const char *h = hay->data, *s = needle->data;
    if (reverse) {
        for (int64_t p = last; p >= start; p--)
            if (h[p] == s[0] && memcmp(h + p, s, (size_t)n) == 0)
                return p;
    } else {
        for (int64_t p = start; p <= last; p++)
            if (h[p] == s[0] && memcmp(h + p, s, (size_t)n) == 0)
                return p;
    }
    return -1;
}

/* The order of a[as:as+an] and b[bs:bs+bn] as bytes compare: -1, 0 or 1 (2 for a range that
 * is out of bounds, which callers never pass). */
int64_t rt_rawbytes_compare(const pyrage_bytes *a, int64_t as, int64_t an, const pyrage_bytes *b,
                            int64_t bs, int64_t bn)
{
    if (!in_range(a, as, an) || !in_range(b, bs, bn))
        return 2;
    int64_t common = an < bn ? an : bn;
    int c = memcmp(a->data + as, b->data + bs, (size_t)common);
    if (c)
        return c < 0 ? -1 : 1;
    return an < bn ? -1 : an > bn ? 1 : 0;
}

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "inet_sum reads little-endian words");

/* a + b with the carry out of bit 63 added back in: one's-complement addition, which is
 * what makes the Internet checksum independent of the width of the words it adds. */
static uint64_t add_end_around(uint64_t a, uint64_t b)
{
    a += b;
    return a + (a < b);
}

/* The Internet checksum's one's-complement sum (RFC 1071) of b[start:start+count] read as
 * big-endian 16-bit words (an odd last byte is the high byte of a word padded with zero),
 * folded to 16 bits: 0..0xFFFF (0 only for all-zero bytes). The hot loop of every IPv4, ICMP
 * and UDP packet, so it adds 8 bytes at a time in the machine's order and swaps the folded
 * result (RFC 1071 2.(B): the sum commutes with byte swapping). */
int64_t rt_rawbytes_inet_sum(const pyrage_bytes *b, int64_t start, int64_t count,
                             const pyrage_loc *loc)
{
    if (!in_range(b, start, count)) {
        raise_index(loc);
        return 0;
    }
    const unsigned char *p = (const unsigned char *)b->data + start;
    uint64_t sum = 0, word;
    uint64_t s[4] = {0, 0, 0, 0}; /* four chains of carries, for the CPU to run side by side */
    for (; count >= 32; p += 32, count -= 32) {
        uint64_t w[4];
        __builtin_memcpy(w, p, 32);
        for (int i = 0; i < 4; i++)
            s[i] = add_end_around(s[i], w[i]);
    }
    sum = add_end_around(add_end_around(s[0], s[1]), add_end_around(s[2], s[3]));
    for (; count >= 8; p += 8, count -= 8) {
        __builtin_memcpy(&word, p, 8);
        sum = add_end_around(sum, word);
    }
    /* the last 0..7 bytes as the low bytes of a word (an IPv4 header ends with 4) */
    word = 0;
    int shift = 0;
    if (count & 4) {
        uint32_t w4;
        __builtin_memcpy(&w4, p, 4);
        word = w4;
        p += 4;
        shift = 32;
    }
    if (count & 2) {
        uint16_t w2;
        __builtin_memcpy(&w2, p, 2);
        word |= (uint64_t)w2 << shift;
        p += 2;
        shift += 16;
    }
    if (count & 1)
        word |= (uint64_t)*p << shift;
    sum = add_end_around(sum, word);
    sum = (sum & 0xFFFFFFFF) + (sum >> 32);
    sum = (sum & 0xFFFFFFFF) + (sum >> 32);
    sum = (sum & 0xFFFF) + (sum >> 16);
    sum = (sum & 0xFFFF) + (sum >> 16);
    sum = ((sum & 0xFF) << 8) | (sum >> 8); /* (little-endian words back to network order) */
    return (int64_t)sum;
}

/* The hex digits of b[start:start+count], two per byte, lowercase. */
pyrage_str *rt_rawbytes_hex(const pyrage_bytes *b, int64_t start, int64_t count,
                            const pyrage_loc *loc)
{
    if (!in_range(b, start, count)) {
        raise_index(loc);
        return 0;
    }
    static const char digits[] = "0123456789abcdef";
    pyrage_str *s = rt_str_new(2 * count);
    for (int64_t i = 0; i < count; i++) {
        unsigned char c = (unsigned char)b->data[start + i];
        s->data[2 * i] = digits[c >> 4];
        s->data[2 * i + 1] = digits[c & 15];
    }
    s->length = 2 * count;
    return s;
}

/* The length of the valid UTF-8 sequence at p (at most `left` bytes), or 0 with *why set to
 * CPython's reason and *bad to how many bytes the error covers. */
static int64_t utf8_sequence(const unsigned char *p, int64_t left, const char **why,
                             int64_t *bad)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    int64_t need;
    unsigned low = 0x80, high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        need = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        if (c == 0xE0)
            low = 0xA0;
        if (c == 0xED)
            high = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        if (c == 0xF0)
            low = 0x90;
        if (c == 0xF4)
            high = 0x8F;
    } else {
        *why = "invalid start byte";
        *bad = 1;
        return 0;
    }
    for (int64_t i = 1; i < need; i++) {
        if (i >= left) {
            *why = "unexpected end of data";
            *bad = left;
            return 0;
        }
        unsigned d = p[i];
        if (d < (i == 1 ? low : 0x80) || d > (i == 1 ? high : 0xBF)) {
            *why = "invalid continuation byte";
            *bad = i;
            return 0;
        }
    }
    return need;
}

static char *put_hex_byte(char *p, unsigned c)
{
    static const char digits[] = "0123456789abcdef";
    *p++ = '0';
    *p++ = 'x';
    *p++ = digits[c >> 4];
    *p++ = digits[c & 15];
    return p;
}

static char *put_decimal(char *p, int64_t v)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *p++ = tmp[--n];
    return p;
}

static void put_text(char **m, const char *text)
{
    while (*text)
        *(*m)++ = *text++;
}

/* b[start:start+count].decode("utf-8" or "ascii"), raising UnicodeDecodeError with CPython's
 * message. */
pyrage_str *rt_rawbytes_decode(const pyrage_bytes *b, int64_t start, int64_t count, bool ascii,
                               const pyrage_loc *loc)
{
    if (!in_range(b, start, count)) {
        raise_index(loc);
        return 0;
    }
    const unsigned char *p = (const unsigned char *)b->data + start;
    int64_t i = 0, length = 0;
    if (ascii) {
        for (int64_t k = 0; k < count; k++) {
            if (p[k] >= 0x80) {
                char message[128], *m = message;
                put_text(&m, "'ascii' codec can't decode byte ");
                m = put_hex_byte(m, p[k]);
                put_text(&m, " in position ");
                m = put_decimal(m, k);
                put_text(&m, ": ordinal not in range(128)");
                *m = 0;
                rt_raise_c(loc, &rt_type_UnicodeDecodeError, message);
                return 0;
            }
        }
    }
    while (i < count) {
        const char *why = 0;
        int64_t bad = 0, n = utf8_sequence(p + i, count - i, &why, &bad);
        if (!n) {
            char message[128], *m = message;
            const char *head = "'utf-8' codec can't decode ";
            for (const char *h = head; *h; h++)
                *m++ = *h;
            const char *what = bad > 1 ? "bytes in position " : "byte ";
            for (const char *h = what; *h; h++)
                *m++ = *h;
            if (bad == 1) {
                m = put_hex_byte(m, p[i]);
                for (const char *h = " in position "; *h; h++)
                    *m++ = *h;
                m = put_decimal(m, i);
            } else {
                m = put_decimal(m, i);
                *m++ = '-';
                m = put_decimal(m, i + bad - 1);
            }
            *m++ = ':';
            *m++ = ' ';
            for (const char *h = why; *h; h++)
                *m++ = *h;
            *m = 0;
            rt_raise_c(loc, &rt_type_UnicodeDecodeError, message);
            return 0;
        }
        i += n;
        length++;
    }
    pyrage_str *s = rt_str_new(count);
    memcpy(s->data, p, (size_t)count);
    s->length = length;
    return s;
}

/* CRC-32 as zlib computes it (reflected polynomial 0xEDB88320), continuing from crc: what the
 * storage formats checksum their records with. Eight bytes a step through eight tables
 * ("slicing by 8"), made at the first call: a store checks every record it reads. */
static uint32_t crc_tables[8][256];
static bool crc_ready;

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_tables[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++)
        for (int t = 1; t < 8; t++)
            crc_tables[t][i] = (crc_tables[t - 1][i] >> 8) ^ crc_tables[0][crc_tables[t - 1][i] & 0xFF];
    crc_ready = true;
}

int64_t rt_rawbytes_crc32(const pyrage_bytes *b, int64_t start, int64_t count, int64_t crc,
                          const pyrage_loc *loc)
{
    if (!in_range(b, start, count)) {
        raise_index(loc);
        return 0;
    }
    if (!crc_ready)
        crc_init();
    const unsigned char *p = (const unsigned char *)b->data + start;
    uint32_t c = ~(uint32_t)crc;
    for (; count >= 8; p += 8, count -= 8) {
        uint64_t w;
        __builtin_memcpy(&w, p, 8); /* little-endian, as the reflected CRC reads bytes */
        w ^= c;
        c = crc_tables[7][w & 0xFF] ^ crc_tables[6][(w >> 8) & 0xFF] ^
            crc_tables[5][(w >> 16) & 0xFF] ^ crc_tables[4][(w >> 24) & 0xFF] ^
            crc_tables[3][(w >> 32) & 0xFF] ^ crc_tables[2][(w >> 40) & 0xFF] ^
            crc_tables[1][(w >> 48) & 0xFF] ^ crc_tables[0][w >> 56];
    }
    for (; count > 0; p++, count--)
        c = crc_tables[0][(c ^ *p) & 0xFF] ^ (c >> 8);
    return (int64_t)(uint32_t)~c;
}
