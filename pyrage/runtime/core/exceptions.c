/*
 * Exceptions: raising sets rt_exc; compiled code checks it after every call
 * that can raise, then handles the exception or propagates it, adding the
 * frame it leaves to the traceback (rt_tb_add). No unwinder is involved.
 *
 * An exception object is an instance of a class derived from BaseException,
 * whose first fields are the pyrage_exception ones below.
 * WARNING: compiler/irbuild/exceptions.py lays out BaseException the same way.
 */
#include "object.h"

typedef struct pyrage_tb {
    pyrage_object ob;
    struct pyrage_tb *next; /* the frame this one called (the next one inward) */
    const pyrage_loc *loc;
} pyrage_tb;

typedef struct pyrage_exception {
    pyrage_object ob;
    pyrage_str *message; /* str(e); NULL when raised without an argument */
    pyrage_tb *tb;       /* outermost frame first (frames are prepended while it climbs) */
    int64_t code;        /* SystemExit's int code */
    int64_t code_kind;   /* SystemExit's code is: 0 None, 1 the int `code`, 2 the str `message`
                          * (compiler/irbuild/sysexit.py) */
} pyrage_exception;

pyrage_object *rt_exc;

/* Python frames on the stack, counted as CPython counts them: the module's top level is 1, and
 * every call of a compiled Python function adds one while it runs (the builtins' own stdlib
 * implementation does not: in CPython those are C). Past the limit (CPython's default
 * recursion limit), the call raises RecursionError instead of running: deep recursion never
 * overflows the stack. */
int64_t rt_depth = 1;
const int64_t rt_depth_limit = 1000;

/* The refused call raises in its caller, as in CPython: the caller adds the frame. A class
 * (type_call) is refused with CPython's words for a call of a C-level callable. */
void rt_raise_recursion(bool type_call)
{
    rt_raise_frameless(&rt_type_RecursionError,
                       type_call ? "maximum recursion depth exceeded while calling a Python object"
                                 : "maximum recursion depth exceeded");
}

static const pyrage_type tb_type = {"traceback", PYRAGE_KIND_INSTANCE, sizeof(pyrage_tb), 0x2, 0,
                                    0, 0, 0, 0, 0, 0, 0};

#define EXC_PTRMAP 0x6 /* words 1 (message) and 2 (tb) */
#define EXC(name, base)                                                                        \
    const pyrage_type rt_type_##name = {#name, PYRAGE_KIND_INSTANCE, sizeof(pyrage_exception),  \
                                        EXC_PTRMAP, base, 0, 0, 0, 0, 0, 0, 0}

EXC(BaseException, 0);
EXC(Exception, &rt_type_BaseException);
EXC(SystemExit, &rt_type_BaseException);
EXC(ArithmeticError, &rt_type_Exception);
EXC(ZeroDivisionError, &rt_type_ArithmeticError);
EXC(OverflowError, &rt_type_ArithmeticError);
EXC(LookupError, &rt_type_Exception);
EXC(IndexError, &rt_type_LookupError);
EXC(KeyError, &rt_type_LookupError);
EXC(ValueError, &rt_type_Exception);
EXC(UnicodeError, &rt_type_ValueError);
EXC(UnicodeDecodeError, &rt_type_UnicodeError);
EXC(UnicodeEncodeError, &rt_type_UnicodeError);
EXC(TypeError, &rt_type_Exception);
EXC(NameError, &rt_type_Exception);
EXC(UnboundLocalError, &rt_type_NameError);
EXC(AttributeError, &rt_type_Exception);
EXC(RuntimeError, &rt_type_Exception);
EXC(RecursionError, &rt_type_RuntimeError);
EXC(NotImplementedError, &rt_type_RuntimeError);
EXC(StopIteration, &rt_type_Exception);
EXC(StopAsyncIteration, &rt_type_Exception);
EXC(AssertionError, &rt_type_Exception);
EXC(MemoryError, &rt_type_Exception);
EXC(OSError, &rt_type_Exception);
EXC(TimeoutError, &rt_type_OSError);

/* isinstance(obj, type) for classes: walks the single-inheritance chain. */
bool rt_is_subtype(const pyrage_type *t, const pyrage_type *of)
{
    for (; t; t = t->base)
        if (t == of)
            return true;
    return false;
}

/* Records that the exception in flight passes through (leaves) the frame at loc. A hidden
 * location (rt_loc_hidden: in the builtins' implementation, which CPython has no frame for)
 * adds none. */
void rt_tb_add(const pyrage_loc *loc)
{
    pyrage_exception *e = (pyrage_exception *)rt_exc;
    if (!e || !loc || rt_loc_hidden(loc))
        return;
    pyrage_tb *frame = rt_alloc(sizeof(pyrage_tb), &tb_type);
    frame->loc = loc;
    e = (pyrage_exception *)rt_exc; /* the allocation may have collected: reload */
    frame->next = e->tb;
    e->tb = frame;
}

/* `raise e`: the raise site is added to the traceback. As CPython, an exception raised again
 * (`raise err` of one caught earlier, the scheduler raising a task's exception in whoever
 * joins it) keeps the frames it had: they print after the new ones. */
void rt_raise(const pyrage_loc *loc, pyrage_object *exc)
{
    rt_exc = exc;
    rt_tb_add(loc);
}

/* `raise exc` in compiled code (the location last: compiled code passes it that way). */
void rt_raise_at(pyrage_object *exc, const pyrage_loc *loc)
{
    rt_raise(loc, exc);
}

void rt_raise_zero_division(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_ZeroDivisionError, "integer division or modulo by zero");
}

/* x % 0 (CPython 3.11 words it apart from // and divmod) */
void rt_raise_modulo_zero(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_ZeroDivisionError, "integer modulo by zero");
}

void rt_raise_negative_shift(const pyrage_loc *loc)
{
    rt_raise_c(loc, &rt_type_ValueError, "negative shift count");
}

pyrage_str *rt_str_repr(const pyrage_str *s);

/* str(e): the message (for a KeyError the compiler stored repr(key), as CPython shows). */
pyrage_str *rt_exception_str(pyrage_object *exc)
{
    pyrage_exception *e = (pyrage_exception *)exc;
    return e->message ? e->message : rt_str_from("", 0);
}

/* repr(e): ValueError('message'); a KeyError's message is already the key's repr. */
pyrage_str *rt_exception_repr(pyrage_object *exc)
{
    pyrage_exception *e = (pyrage_exception *)exc;
    const char *name = exc->type->name;
    /* A SystemExit's int or None code prints as itself: SystemExit(4), SystemExit(None). */
    bool as_is = rt_is_subtype(exc->type, &rt_type_KeyError) ||
                 (rt_is_subtype(exc->type, &rt_type_SystemExit) && e->code_kind != 2);
    pyrage_str *inner = !e->message ? rt_str_from("", 0)
                      : as_is ? e->message
                      : rt_str_repr(e->message);
    int64_t n = (int64_t)rt_cstrlen(name);
    pyrage_str *r = rt_str_new(n + inner->size + 2);
    memcpy(r->data, name, (size_t)n);
    r->data[n] = '(';
    memcpy(r->data + n + 1, inner->data, (size_t)inner->size);
    r->data[n + 1 + inner->size] = ')';
    r->length = rt_utf8_length(r->data, r->size);
    return r;
}

void rt_raise_str(const pyrage_loc *loc, const pyrage_type *type, pyrage_str *message)
{
    pyrage_exception *e = rt_alloc(type->size, type);
    e->message = message;
    rt_raise(loc, &e->ob);
}

/* A variable read before its first assignment (compiled code checks inline). */
void rt_raise_unbound(const pyrage_loc *loc, const pyrage_type *type, pyrage_str *message)
{
    rt_raise_str(loc, type, message);
}

void rt_raise_c(const pyrage_loc *loc, const pyrage_type *type, const char *message)
{
    pyrage_str *m = message ? rt_str_from(message, (int64_t)rt_cstrlen(message)) : 0;
    rt_raise_str(loc, type, m);
}

/* Raises with an empty traceback: for runtime functions whose compiled caller adds the frame
 * itself, as it does for an exception coming out of a callee. */
void rt_raise_frameless(const pyrage_type *type, const char *message)
{
    pyrage_exception *e = rt_alloc(type->size, type);
    e->message = rt_str_from(message, (int64_t)rt_cstrlen(message));
    rt_exc = &e->ob;
}

/* Prints an exception as CPython's traceback.print_exception does (without source lines):
 * the frames it climbed, outermost first ("most recent call last"), then "module.Name: text".
 * Frames are prepended as the exception climbs, so the list is already in that order. */
void rt_print_exception(pyrage_object *exc)
{
    pyrage_exception *e = (pyrage_exception *)exc;
    rt_err_str("Traceback (most recent call last):\n");
    /* As CPython: the same frame more than 3 times in a row (recursion) prints 3 times, then
     * "[Previous line repeated N more times]". */
    const pyrage_loc *last = 0;
    int64_t count = 0; /* consecutive frames at `last` so far */
    for (pyrage_tb *f = e->tb;; f = f->next) {
        if (f && last && f->loc == last) {
            if (++count > 3)
                continue;
        } else {
            if (count > 3) {
                rt_err_str("  [Previous line repeated ");
                rt_err_int(count - 3);
                rt_err_str(count - 3 > 1 ? " more times]\n" : " more time]\n");
            }
            if (!f)
                break;
            last = f->loc;
            count = 1;
        }
        const pyrage_frame *frame = rt_loc_frame(f->loc);
        rt_err_str("  File \"");
        rt_err_str(frame->file);
        rt_err_str("\", line ");
        rt_err_int(f->loc->line);
        rt_err_str(", in ");
        rt_err_str(frame->func ? frame->func : "<module>");
        rt_err_str("\n");
    }
    if (e->ob.type->module) {
        rt_err_str(e->ob.type->module);
        rt_err_str(".");
    }
    rt_err_str(e->ob.type->name);
    pyrage_str *text = rt_exception_str(&e->ob);
    if (text->size) {
        rt_err_str(": ");
        pyrage_console_write_err(text->data, (size_t)text->size);
    }
    rt_err_str("\n");
}

/* A failure nobody handles but the program survives (a task's): "WHAT failed:" and the
 * exception as above (stdlib/report.py). */
void rt_report_failure(pyrage_str *what, pyrage_object *exc)
{
    pyrage_console_write_err(what->data, (size_t)what->size);
    rt_err_str(" failed:\n");
    rt_print_exception(exc);
}

/* Prints what CPython prints for an uncaught exception and returns the exit status:
 * SystemExit's code, else 1. */
int rt_report_uncaught(void)
{
    pyrage_exception *e = (pyrage_exception *)rt_exc;
    if (rt_is_subtype(e->ob.type, &rt_type_SystemExit)) {
        /* As CPython: None exits 0 and an int exits with it, silently; anything else is
         * printed on stderr and exits 1. Like exit(2), the host keeps the low 8 bits. */
        if (e->code_kind == 1)
            return (int)(e->code & 0xFF);
        if (e->code_kind == 2 && e->message) {
            pyrage_console_write_err(e->message->data, (size_t)e->message->size);
            rt_err_str("\n");
            return 1;
        }
        return 0;
    }
    rt_print_exception(&e->ob);
    return 1;
}

/* type(x).__name__ */
pyrage_str *rt_type_name(const pyrage_object *obj)
{
    return rt_str_from(obj->type->name, (int64_t)rt_cstrlen(obj->type->name));
}
