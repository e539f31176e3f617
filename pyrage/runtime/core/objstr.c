/*
 * str() and repr() of a value whose static type is `object`: a boxed int/bool/float, a str,
 * bytes, None (NULL), an exception, or an instance whose type carries the compiled str/repr
 * functions (the compiler fills them for every class it converts to `object`).
 */
#include "object.h"
#include "pyrage/abi.h"

pyrage_str *rt_exception_str(pyrage_object *exc);
pyrage_str *rt_exception_repr(pyrage_object *exc);
pyrage_str *rt_float_repr(double x);
pyrage_str *rt_str_repr(const pyrage_str *s);
pyrage_str *rt_bytes_repr(const pyrage_bytes *b);
pyrage_str *rt_int_to_str(int64_t v);
bool rt_is_subtype(const pyrage_type *t, const pyrage_type *of);

static pyrage_str *literal(const char *text)
{
    return rt_str_from(text, (int64_t)rt_cstrlen(text));
}

static pyrage_str *text_of(const pyrage_object *obj, bool repr)
{
    if (!obj)
        return literal("None");
    const pyrage_type *t = obj->type;
    if (t == &rt_type_box_int)
        return rt_int_to_str((int64_t)((const pyrage_box *)obj)->value);
    if (t == &rt_type_box_bool)
        return literal(((const pyrage_box *)obj)->value ? "True" : "False");
    if (t == &rt_type_box_float) {
        double d;
        memcpy(&d, &((const pyrage_box *)obj)->value, sizeof d);
        return rt_float_repr(d);
    }
    if (t == &rt_type_str)
        return repr ? rt_str_repr((const pyrage_str *)obj) : (pyrage_str *)obj;
    if (t == &rt_type_bytes)
        return rt_bytes_repr((const pyrage_bytes *)obj);
    /* A compiled class: its own functions, or the nearest base's (which dispatch on the
     * vtable when a subclass overrides __str__/__repr__). */
    for (const pyrage_type *k = t; k; k = k->base) {
        pyrage_str *(*fn)(const void *) = repr ? k->repr_fn : k->str_fn;
        if (fn)
            return fn(obj);
    }
    if (rt_is_subtype(t, &rt_type_BaseException))
        return repr ? rt_exception_repr((pyrage_object *)obj)
                    : rt_exception_str((pyrage_object *)obj);
    rt_fatal("str() of an object whose class pyrage cannot print");
}

pyrage_str *rt_object_str(const pyrage_object *obj)
{
    return text_of(obj, false);
}

pyrage_str *rt_object_repr(const pyrage_object *obj)
{
    return text_of(obj, true);
}

/* str() of an object held as `object` whose class CPython would print by address. */
void rt_cannot_print(const pyrage_str *class_name)
{
    rt_err_str("pyrage: cannot print a ");
    pyrage_console_write_err(class_name->data, (size_t)class_name->size);
    rt_err_str(" object: it has no __str__ or __repr__ (CPython would show its address)\n");
    rt_fatal("unprintable object");
}

/* type(x).__name__ for any object, NULL (None) included. */
pyrage_str *rt_object_type_name(const pyrage_object *obj)
{
    return literal(obj ? obj->type->name : "NoneType");
}

pyrage_str *rt_int_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc);
pyrage_str *rt_bool_format(int64_t v, const pyrage_str *spec, const pyrage_loc *loc);
pyrage_str *rt_float_format(double x, const pyrage_str *spec, const pyrage_loc *loc);
pyrage_str *rt_str_format(const pyrage_str *s, const pyrage_str *spec, const pyrage_loc *loc);

/* format(obj, spec) for a value held as `object`: the format of its run-time type. */
pyrage_str *rt_object_format(const pyrage_object *obj, const pyrage_str *spec,
                             const pyrage_loc *loc)
{
    if (!spec->size)
        return text_of(obj, false);
    if (obj && obj->type == &rt_type_box_int)
        return rt_int_format((int64_t)((const pyrage_box *)obj)->value, spec, loc);
    if (obj && obj->type == &rt_type_box_bool) /* "bool" in the messages */
        return rt_bool_format((int64_t)((const pyrage_box *)obj)->value, spec, loc);
    if (obj && obj->type == &rt_type_box_float) {
        double d;
        memcpy(&d, &((const pyrage_box *)obj)->value, sizeof d);
        return rt_float_format(d, spec, loc);
    }
    if (obj && obj->type == &rt_type_str)
        return rt_str_format((const pyrage_str *)obj, spec, loc);
    /* object.__format__ refuses a non-empty spec, naming the type as CPython does. */
    const char *name = obj ? obj->type->name : "NoneType";
    char message[160], *m = message;
    const char *head = "unsupported format string passed to ";
    for (const char *h = head; *h && m < message + 100; h++)
        *m++ = *h;
    for (const char *h = name; *h && m < message + 140; h++)
        *m++ = *h;
    for (const char *h = ".__format__"; *h; h++)
        *m++ = *h;
    *m = 0;
    rt_raise_c(loc, &rt_type_TypeError, message);
    return 0;
}
