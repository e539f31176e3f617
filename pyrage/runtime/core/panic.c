/*
 * Fatal errors: where pyrage deliberately differs from CPython (a 64-bit int
 * that overflows) or cannot go on (out of memory). They stop loudly, with the
 * source location, on the diagnostics console.
 */
#include "object.h"

void rt_fatal(const char *what)
{
    rt_err_str("pyrage: fatal: ");
    rt_err_str(what);
    rt_err_str("\n");
    pyrage_abort();
}

/* "FILE:LINE: fatal: " on the diagnostics console: the start of every fatal error that has a
 * place in the program. */
void rt_fatal_at(const pyrage_loc *loc)
{
    rt_err_str(rt_loc_frame(loc)->file);
    rt_err_str(":");
    rt_err_int(rt_loc_line(loc));
    rt_err_str(": fatal: ");
}

/* A 64-bit int left its range: CPython would have grown it, so pyrage must not go on. */
__attribute__((noreturn, cold)) void rt_trap_overflow(const pyrage_loc *loc)
{
    rt_fatal_at(loc);
    rt_err_str("integer overflow (pyrage ints are 64-bit)\n");
    pyrage_abort();
}

/* cast(T, v) where v is not a T. CPython's cast() checks nothing and the program would go on
 * with a value of another type; a pyrage value lives in its declared type, so the program stops
 * here, at the cast's line, instead of reading the value as what it is not. */
__attribute__((noreturn, cold)) void rt_bad_cast(const pyrage_str *target,
                                                  const pyrage_object *value,
                                                  const pyrage_loc *loc)
{
    rt_fatal_at(loc);
    rt_err_str("cast() to ");
    pyrage_console_write_err(target->data, (size_t)target->size);
    rt_err_str(" of a ");
    rt_err_str(value ? value->type->name : "NoneType");
    rt_err_str(" (pyrage keeps each value in its declared type; CPython's cast() checks "
               "nothing)\n");
    pyrage_abort();
}

/* An abstract method whose body is `...` was called (as Base.method(obj): mypy refuses it
 * through super()). CPython returns None, which its declared result type cannot hold. */
__attribute__((noreturn, cold)) void rt_trivial_body_called(const pyrage_str *name,
                                                            const pyrage_loc *loc)
{
    rt_fatal_at(loc);
    rt_err_str("the method ");
    pyrage_console_write_err(name->data, (size_t)name->size);
    rt_err_str(" has no body (`...`) and was called: CPython would return None, which its "
               "declared result cannot hold\n");
    pyrage_abort();
}
