/*
 * The object layout shared by compiled pyrage code and the language core.
 *
 * WARNING: pyrage/compiler/codegen/layout.py emits the same layouts as LLVM
 * types. Change both together; tests/compiler/test_layout.py checks they agree.
 */
#ifndef PYRAGE_OBJECT_H
#define PYRAGE_OBJECT_H

#include <pyrage/abi.h>
#include <pyrage/fault.h>
#include <stdbool.h>

enum pyrage_kind {
    PYRAGE_KIND_INSTANCE = 0,     /* fixed size; ptrmap says which words are pointers */
    PYRAGE_KIND_STR = 1,          /* pyrage_str: no pointers */
    PYRAGE_KIND_BYTES = 2,        /* pyrage_bytes (also mutable byte storage): no pointers */
    PYRAGE_KIND_ARRAY = 3,        /* pyrage_array: 8-byte slots, pointers iff PYRAGE_TYPE_REFS */
    PYRAGE_KIND_BOX = 4,          /* a boxed int/bool/float: no pointers */
    PYRAGE_KIND_CONSERVATIVE = 5, /* any word may be a pointer (coroutine frames, closures) */
};

/* pyrage_type.flags */
#define PYRAGE_TYPE_REFS 1u /* ARRAY: every slot is an object pointer (or NULL) */

/* One per class (and per specialisation of a generic class), emitted by the compiler;
 * the built-in ones (str, bytes, arrays, boxes, exceptions) are defined in runtime/core.
 * WARNING: always const, so in the image's read-only memory: marking takes a header that
 * points anywhere else for a corrupted one (gc_mark.c). */
typedef struct pyrage_type {
    const char *name;               /* what type(x).__name__ prints */
    uint32_t kind;                  /* enum pyrage_kind */
    uint32_t size;                  /* bytes of the fixed part, header included */
    uint64_t ptrmap;                /* INSTANCE: bit i set if 8-byte word i holds a pointer */
    const struct pyrage_type *base; /* the superclass (NULL for object): isinstance, except */
    uint32_t flags;                 /* PYRAGE_TYPE_* */
    uint32_t reserved;
    void *const *vtable;            /* method slots for virtual calls (compiler-defined order) */
    const char *module;             /* for tracebacks: "__main__.MyError"; NULL for builtins */
    /* str() and repr() of an instance held as `object` (objstr.c); NULL if never needed */
    struct pyrage_str *(*str_fn)(const void *);
    struct pyrage_str *(*repr_fn)(const void *);
    /* self == other for an instance held as `object` (objeq.c): 1 equal, 0 not,
     * 2 NotImplemented; with ne not 0, self != other through the class's __ne__ where it has
     * one (1 still means equal); NULL where object.__eq__ (identity) is the class's */
    int64_t (*eq_fn)(const void *self, const void *other, int64_t ne);
} pyrage_type;

/* Every heap object starts with this header. */
typedef struct pyrage_object {
    const pyrage_type *type;
} pyrage_object;

/* str: immutable UTF-8. `length` counts code points; hash 0 means "not computed yet". */
typedef struct pyrage_str {
    pyrage_object ob;
    int64_t size;
    int64_t length;
    uint64_t hash;
    char data[];
} pyrage_str;

/* A literal part of an f-string (or str.format, %-formatting), which only rt_str_build reads:
 * its size and length without the 32-byte header of a str. Compiled code passes a pointer to
 * one with bit 0 set (PYRAGE_PIECE_TAG) among the str parts.
 * WARNING: codegen/layout.py's piece_struct mirrors it. */
typedef struct pyrage_str_piece {
    uint32_t size;
    uint32_t length;
    char data[];
} pyrage_str_piece;

#define PYRAGE_PIECE_TAG 1

/* bytes: immutable octets (bytearray storage uses the same layout, mutably). */
typedef struct pyrage_bytes {
    pyrage_object ob;
    int64_t size;
    uint64_t hash;
    char data[];
} pyrage_bytes;

/* A fixed-length array of 8-byte slots (ints, floats, bools or object pointers). */
typedef struct pyrage_array {
    pyrage_object ob;
    int64_t length;
    uint64_t slots[];
} pyrage_array;

/* A boxed primitive, for values of a Union/Optional type. */
typedef struct pyrage_box {
    pyrage_object ob;
    uint64_t value; /* int64_t, bool (0/1) or the bits of a double */
} pyrage_box;

extern const pyrage_type rt_type_str;
extern const pyrage_type rt_type_bytes;
extern const pyrage_type rt_type_array_refs;
extern const pyrage_type rt_type_array_values;
extern const pyrage_type rt_type_box_int, rt_type_box_bool, rt_type_box_float;

/* A coroutine object: what calling an `async def` returns (runtime/core/coro.c). The LLVM
 * coroutine frame follows the header; compiled code resumes it (pyrage_coro_resume) and
 * finds the header again 32 bytes before the frame.
 * WARNING: compiler/codegen/coroutines.py lays out the header the same way. */
typedef struct pyrage_coro {
    pyrage_object ob; /* rt_type_coroutine (CONSERVATIVE: the frame has no map) */
    /* Below a task's root: the coroutine suspended in `await` of this one, if any. For the
     * root (which nothing awaits: it is stepped): the innermost suspended coroutine. */
    struct pyrage_coro *awaiter;
    int32_t state;   /* PYRAGE_CORO_CREATED, _STARTED or _DONE */
    uint32_t bytes;  /* the size of the whole object (for recycling) */
    uint64_t result; /* the return value (int, bool, bits of a float, or pointer) */
    char frame[];    /* LLVM's frame: resume fn, destroy fn, spilled locals... */
} pyrage_coro;

enum { PYRAGE_CORO_CREATED = 0, PYRAGE_CORO_STARTED = 1, PYRAGE_CORO_DONE = 2 };
extern const pyrage_type rt_type_coroutine;
void rt_coro_cache_flush(void);

/* A source location, passed by compiled code to everything that can fail: a line of a frame,
 * the file and function its locations share. `func` is the function's name as CPython's
 * traceback shows it ("<module>" for top-level code, also when NULL). An image has thousands
 * of locations, so one is 8 bytes: the frame is referred to by its address in 32 bits, which
 * the small code model guarantees (images are linked below 2 GiB).
 * WARNING: codegen/layout.py's LOC and FRAME mirror these. */
typedef struct pyrage_frame {
    const char *file;
    const char *func;
} pyrage_frame;

typedef struct pyrage_loc {
    int32_t line;
    uint32_t frame;
} pyrage_loc;

static inline const pyrage_frame *rt_loc_frame(const pyrage_loc *loc)
{
    return (const pyrage_frame *)(uintptr_t)loc->frame;
}

/* A negative line marks a location that tracebacks leave out (code CPython has no frame for,
 * codegen/emit.py's location(hidden=True)); a fatal error still prints it, as rt_loc_line. */
static inline bool rt_loc_hidden(const pyrage_loc *loc)
{
    return loc->line < 0;
}

static inline int32_t rt_loc_line(const pyrage_loc *loc)
{
    return loc->line < 0 ? -loc->line : loc->line;
}

/* Defines `name`, a static location in C. A C initializer cannot truncate an address, so the
 * location itself is written in assembly. */
#define PYRAGE_LOC(name, file_, line_, func_)                                                  \
    static const pyrage_frame name##_frame __attribute__((used)) = {file_, func_};            \
    __asm__(".pushsection .rodata." #name ",\"a\"\n.balign 4\n" #name ":\n.long " #line_      \
            "\n.long " #name "_frame\n.popsection");                                          \
    extern const pyrage_loc name

/* heap.c / gc.c: zeroed, 16-byte aligned memory whose first word is `type`. */
void rt_heap_init(uintptr_t start, size_t size, void *stack_base);
void *rt_alloc(int64_t size, const pyrage_type *type);
pyrage_array *rt_array_new(int64_t length, bool refs);

/* Emitted by the compiler: the addresses of every global that holds an object pointer,
 * NULL-terminated. The collector treats them as roots (precisely). */
extern void **const pyrage_global_roots[];

/* str.c */
pyrage_str *rt_str_new(int64_t size);
pyrage_str *rt_str_from(const char *data, int64_t size);
int64_t rt_utf8_length(const char *data, int64_t size);

/* exceptions.c: raising sets rt_exc and returns; compiled code checks rt_exc after every
 * call that can raise and propagates (adding a traceback frame) or handles it. */
extern pyrage_object *rt_exc;
/* exceptions.c: the exception in flight leaves the frame at loc (a hidden loc adds none). */
void rt_tb_add(const pyrage_loc *loc);
void rt_raise_c(const pyrage_loc *loc, const pyrage_type *type, const char *message);
void rt_raise_str(const pyrage_loc *loc, const pyrage_type *type, pyrage_str *message);
void rt_raise_frameless(const pyrage_type *type, const char *message);
extern const pyrage_type rt_type_BaseException, rt_type_Exception, rt_type_ArithmeticError,
    rt_type_ZeroDivisionError, rt_type_OverflowError, rt_type_LookupError, rt_type_IndexError,
    rt_type_KeyError, rt_type_ValueError, rt_type_TypeError, rt_type_AttributeError,
    rt_type_RuntimeError, rt_type_RecursionError, rt_type_NotImplementedError,
    rt_type_StopIteration, rt_type_AssertionError, rt_type_SystemExit, rt_type_MemoryError,
    rt_type_UnicodeError, rt_type_UnicodeDecodeError, rt_type_UnicodeEncodeError,
    rt_type_NameError, rt_type_UnboundLocalError;

/* panic.c: fatal errors. They print and never return. */
void rt_fatal(const char *what) __attribute__((noreturn));
void rt_fatal_at(const pyrage_loc *loc); /* prints "FILE:LINE: fatal: " */
void rt_trap_overflow(const pyrage_loc *loc) __attribute__((noreturn, cold));
void rt_bad_cast(const pyrage_str *target, const pyrage_object *value, const pyrage_loc *loc)
    __attribute__((noreturn, cold));
void rt_trivial_body_called(const pyrage_str *name, const pyrage_loc *loc)
    __attribute__((noreturn, cold));

/* console.c: raw output helpers for the core's own messages. */
void rt_err_str(const char *s);
void rt_err_int(int64_t v);

/* mem.c */
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t rt_cstrlen(const char *s);

#endif /* PYRAGE_OBJECT_H */
