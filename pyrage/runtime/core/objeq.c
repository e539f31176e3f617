/*
 * == between values whose static type is `object` (or one such value and a value the compiler
 * boxed to meet it): what CPython's rich comparison decides at run time.
 *
 * Numbers compare by value across int, bool and float (1 == 1.0 == True); str and bytes by
 * content; None only with None. A compiled class answers through the eq_fn of its type info
 * (the compiler fills it for every class with an __eq__ of its own that it converts to `object`,
 * and for tuples and records): 1 equal, 0 not, 2 NotImplemented, in which case the other side
 * is asked, then identity decides, as object.__eq__ does; 3 when pyrage cannot decide (two
 * lists, or two tuples, whose item types differ: CPython would compare their items), which
 * stops the program at the comparison rather than answer differently from CPython.
 */
#include "object.h"
#include "pyrage/abi.h"

bool rt_str_eq(const pyrage_str *a, const pyrage_str *b);
bool rt_bytes_eq(const pyrage_bytes *a, const pyrage_bytes *b);
int64_t rt_cmp_int_float(int64_t i, double f);
bool rt_is_subtype(const pyrage_type *t, const pyrage_type *of);

static bool is_number(const pyrage_type *t)
{
    return t == &rt_type_box_int || t == &rt_type_box_bool || t == &rt_type_box_float;
}

static bool numbers_equal(const pyrage_box *a, const pyrage_box *b)
{
    bool af = a->ob.type == &rt_type_box_float, bf = b->ob.type == &rt_type_box_float;
    double x, y;
    memcpy(&x, &a->value, sizeof x);
    memcpy(&y, &b->value, sizeof y);
    if (af && bf)
        return x == y; /* NaN differs even from itself, as in CPython */
    if (!af && !bf)
        return (int64_t)a->value == (int64_t)b->value;
    return af ? rt_cmp_int_float((int64_t)b->value, x) == 0
              : rt_cmp_int_float((int64_t)a->value, y) == 0;
}

/* self's class's answer to self == other (to self != other through its __ne__, with ne): 2
 * when it has none (NotImplemented). */
static int64_t ask(const pyrage_object *self, const pyrage_object *other, int64_t ne)
{
    for (const pyrage_type *k = self->type; k; k = k->base)
        if (k->eq_fn)
            return k->eq_fn(self, other, ne);
    return 2;
}

/* CPython's reflected-operand priority (do_richcompare): when b's class is a strict subclass of
 * a's, b's method is asked first, overridden or inherited. Compiled orderings ask it too. */
bool rt_right_first(const pyrage_object *a, const pyrage_object *b)
{
    return a->type != b->type && rt_is_subtype(b->type, a->type);
}

static __attribute__((noreturn, cold)) void undecided(const pyrage_loc *loc,
                                                      const pyrage_object *a,
                                                      const pyrage_object *b)
{
    rt_fatal_at(loc);
    rt_err_str("pyrage cannot compare a ");
    rt_err_str(a->type->name);
    rt_err_str(" with a ");
    rt_err_str(b->type->name);
    rt_err_str(" of other item types held as object (CPython compares their items): "
               "give them their static types\n");
    pyrage_abort();
}

/* `return NotImplemented` in an __eq__ returns False and sets this flag; whoever called the
 * __eq__ for an operator (an eq function, or == between classes) takes it right after the call,
 * and asks the other operand, as CPython does. (One flag is enough: nothing else runs between
 * the return and the take, and tasks switch only at awaits.) */
static bool not_implemented;

bool rt_not_implemented(void)
{
    not_implemented = true;
    return false;
}

bool rt_take_not_implemented(void)
{
    bool was = not_implemented;
    not_implemented = false;
    return was;
}

/* Whether a == b (a != b is its negation, with ne: a class's own __ne__ answers for it). */
static bool protocol(const pyrage_object *a, const pyrage_object *b, const pyrage_loc *loc,
                     int64_t ne)
{
    if (a && b) {
        const pyrage_type *ta = a->type, *tb = b->type;
        if (is_number(ta) && is_number(tb))
            return numbers_equal((const pyrage_box *)a, (const pyrage_box *)b);
        if (ta == &rt_type_str && tb == &rt_type_str)
            return rt_str_eq((const pyrage_str *)a, (const pyrage_str *)b);
        if (ta == &rt_type_bytes && tb == &rt_type_bytes)
            return rt_bytes_eq((const pyrage_bytes *)a, (const pyrage_bytes *)b);
    }
    /* Left, then right; but an instance of a subclass of the left's class on the right is asked
     * first. */
    const pyrage_object *first = a, *second = b;
    if (a && b && rt_right_first(a, b)) {
        first = b;
        second = a;
    }
    if (first) {
        int64_t r = ask(first, second, ne);
        if (rt_exc) { /* the method raised: this call is one more frame it leaves */
            rt_tb_add(loc);
            return false;
        }
        if (r == 3)
            undecided(loc, first, second);
        if (r != 2)
            return r != 0;
    }
    if (second) {
        int64_t r = ask(second, first, ne);
        if (rt_exc) {
            rt_tb_add(loc);
            return false;
        }
        if (r == 3)
            undecided(loc, second, first);
        if (r != 2)
            return r != 0;
    }
    return a == b;
}

bool rt_object_eq(const pyrage_object *a, const pyrage_object *b, const pyrage_loc *loc)
{
    return protocol(a, b, loc, 0);
}

bool rt_object_ne(const pyrage_object *a, const pyrage_object *b, const pyrage_loc *loc)
{
    return !protocol(a, b, loc, 1);
}
