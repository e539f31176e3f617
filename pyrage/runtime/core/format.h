/*
 * The format-spec mini-language shared by format() of str, int, bool and float
 * (format.c parses, float_format.c renders floats):
 *   [[fill]align][sign][z][#][0][width][,|_][.precision][type]
 */
#ifndef PYRAGE_FORMAT_H
#define PYRAGE_FORMAT_H

#include "object.h"

typedef struct {
    uint32_t fill;            /* a code point; ' ' unless given (or '0' by the 0 flag) */
    uint32_t align;           /* '<' '>' '^' '=': the type's default unless given */
    uint32_t sign;            /* '+' '-' ' ' or 0 */
    bool no_neg_0, alt;       /* 'z', '#' */
    int64_t width, precision; /* -1: absent */
    char sep;                 /* ',' '_' or 0 */
    uint32_t type;            /* a code point: the type's default when absent, 0 for float */
} rt_spec;

/* A type's name in messages ("int", "bool", an IntEnum class's name). */
typedef struct {
    const char *name;
    int64_t size;
} rt_type_name;

/* Parses spec as CPython does for any type, raising its ValueError (and returning false) for
 * what it refuses before looking at the type: a bad spec, a missing precision, a width or
 * precision past 2**63, both ',' and '_', a separator with a type that cannot take it. */
bool rt_spec_parse(const pyrage_str *spec, rt_spec *f, char default_type, char default_align,
                   rt_type_name type, const pyrage_loc *loc);

/* ValueError "Unknown format code 'X' for object of type 'T'". */
void rt_spec_unknown_type(const pyrage_loc *loc, uint32_t code, rt_type_name type);

/* format(x, spec) for a float, the spec parsed and its type one of "eEfFgGn%" or 0; also
 * int.__format__ for "eEfFgG%". */
pyrage_str *rt_float_format_parsed(double x, const rt_spec *f, const pyrage_loc *loc);

#endif
