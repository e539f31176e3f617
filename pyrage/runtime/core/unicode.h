/*
 * The Unicode character database of str's methods and repr, as CPython 3.11 has it (Unicode
 * 14.0.0). The tables are generated from CPython itself into unicode_tables.c by unicode_gen.py;
 * each is its own symbol, so an image links only those of the methods it calls (an ASCII-only
 * program that never calls lower() carries no case table).
 */
#ifndef PYRAGE_UNICODE_H
#define PYRAGE_UNICODE_H

#include <stdbool.h>
#include <stdint.h>

/* rt_unicode_flags(): CPython's character classes (Objects/unicodectype.c), one bit each */
#define RT_UNI_ALPHA 0x001          /* str.isalpha() */
#define RT_UNI_DECIMAL 0x002        /* str.isdecimal() */
#define RT_UNI_DIGIT 0x004          /* str.isdigit() */
#define RT_UNI_NUMERIC 0x008        /* str.isnumeric() */
#define RT_UNI_LOWER 0x010          /* Py_UNICODE_ISLOWER (the Lowercase property) */
#define RT_UNI_UPPER 0x020          /* Py_UNICODE_ISUPPER (the Uppercase property) */
#define RT_UNI_TITLE 0x040          /* Py_UNICODE_ISTITLE (category Lt) */
#define RT_UNI_CASED 0x080          /* Cased: title()'s word boundaries, Final_Sigma */
#define RT_UNI_CASE_IGNORABLE 0x100 /* Case_Ignorable: skipped by Final_Sigma */
#define RT_UNI_XID_START 0x200      /* str.isidentifier(): the first character (or '_') */
#define RT_UNI_XID_CONTINUE 0x400   /* str.isidentifier(): the others */

/* rt_unicode_case() kinds: CPython's full mappings, one code point to up to three */
#define RT_UNI_CASE_UPPER 0
#define RT_UNI_CASE_LOWER 1 /* without the final-sigma rule, which the caller applies */
#define RT_UNI_CASE_TITLE 2
#define RT_UNI_CASE_CASEFOLD 3

unsigned rt_unicode_flags(uint32_t cp);
int rt_unicode_case(uint32_t cp, int kind, uint32_t out[3]);
bool rt_unicode_space(uint32_t cp);  /* str.isspace() */
int rt_unicode_decimal(uint32_t cp); /* the digit's value, or -1 */

/* str.isprintable() of cp (repr() escapes the others), and the run of code points around it
 * that are the same, [*start, *end). */
bool rt_unicode_printable_run(uint32_t cp, uint32_t *start, uint32_t *end);

/* rt_unicode_printable_run() with the last few runs remembered (text is mostly in a few
 * scripts): for a loop over the code points of a str; start zeroed. */
typedef struct {
    uint32_t start[4], end[4];
    bool printable[4];
    unsigned next;
} rt_printable_runs;

static inline bool rt_printable_in(rt_printable_runs *runs, uint32_t cp)
{
#pragma clang loop unroll(disable)
    for (unsigned i = 0; i < 4; i++)
        if (cp - runs->start[i] < runs->end[i] - runs->start[i])
            return runs->printable[i];
    unsigned i = runs->next++ & 3;
    return runs->printable[i] = rt_unicode_printable_run(cp, &runs->start[i], &runs->end[i]);
}

#endif
