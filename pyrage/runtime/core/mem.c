/*
 * memcpy and friends. LLVM emits calls to these for struct copies and for
 * loops it recognises, so every freestanding image needs them.
 *
 * WARNING: written with `rep movsb/stosb` in inline assembly so that clang's
 * loop-idiom pass cannot turn their bodies back into calls to themselves.
 */
#include "object.h"

typedef uint64_t unaligned_u64 __attribute__((aligned(1), may_alias));
typedef uint32_t unaligned_u32 __attribute__((aligned(1), may_alias));

void *memcpy(void *dst, const void *src, size_t n)
{
    /* Most copies here are short strings: `rep movsb` costs tens of cycles to start, so up to
     * 16 bytes copy as two overlapping words (or halves, or bytes) instead. */
    unsigned char *d = dst;
    const unsigned char *s = src;
    if (n >= 8 && n <= 16) {
        uint64_t head = *(const unaligned_u64 *)s, tail = *(const unaligned_u64 *)(s + n - 8);
        *(unaligned_u64 *)d = head;
        *(unaligned_u64 *)(d + n - 8) = tail;
        return dst;
    }
    if (n >= 4 && n < 8) {
        uint32_t head = *(const unaligned_u32 *)s, tail = *(const unaligned_u32 *)(s + n - 4);
        *(unaligned_u32 *)d = head;
        *(unaligned_u32 *)(d + n - 4) = tail;
        return dst;
    }
    if (n < 4) {
        if (n) {
            unsigned char first = s[0], middle = s[n / 2], last = s[n - 1];
            d[0] = first;
            d[n / 2] = middle;
            d[n - 1] = last;
        }
        return dst;
    }
    if (n <= 256) { /* 16 bytes at a time, the last block overlapping the one before */
        typedef uint64_t v2 __attribute__((vector_size(16), aligned(1), may_alias));
        for (size_t i = 0; i + 16 < n; i += 16)
            *(v2 *)(d + i) = *(const v2 *)(s + i);
        *(v2 *)(d + n - 16) = *(const v2 *)(s + n - 16);
        return dst;
    }
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    /* Apart, or at most 16 bytes (memcpy loads all of those before it stores any): memcpy. */
    if (d + n <= s || d >= s + n || n <= 16)
        return memcpy(dst, src, n);
    if (d == s)
        return dst;
    if (d < s) {
        /* Overlapping with dst before src: forwards, a byte at a time. Not memcpy: its 16-byte
         * blocks end with one that overlaps the block before, and reads source bytes that
         * block already overwrote (del buf[0:1] of 18 bytes moved 17 and lost one). */
        __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
        return dst;
    }
    /* Overlapping with dst after src: copy backwards. */
    d += n - 1;
    s += n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *ret = dst;
    __asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(c) : "memory");
    return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    size_t i = 0;
    /* Skip the equal prefix a word at a time (equality of dict keys is the common call). */
    while (i + 8 <= n && *(const unaligned_u64 *)(x + i) == *(const unaligned_u64 *)(y + i))
        i += 8;
    for (; i < n; i++) {
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    }
    return 0;
}

size_t rt_cstrlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}
