/*
 * The object layout shared by compiled pyrage code and the language core.
 *
 * WARNING: pyrage/compiler/codegen/layout.py emits the same layouts as LLVM
 * types. Change both together; tests/compiler/test_layout.py checks they agree.
 */
#ifndef PYRAGE_OBJECT_H
#define PYRAGE_OBJECT_H

#include <pyrage/abi.h>
#include <stdbool.h>

enum pyrage_kind {
    PYRAGE_KIND_INSTANCE = 0, /* a user class: fixed size, ptrmap says which words are pointers */
    PYRAGE_KIND_STR = 1,
    PYRAGE_KIND_BYTES = 2,
};

/* One per class (and per specialisation of a generic class), emitted by the compiler. */
typedef struct pyrage_type {
    const char *name;  /* what type(x).__name__ prints */
    uint32_t kind;     /* enum pyrage_kind */
    uint32_t size;     /* bytes of the fixed part, header included */
    uint64_t ptrmap;   /* bit i: 8-byte word i of the fixed part holds an object pointer */
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

/* bytes: immutable octets. */
typedef struct pyrage_bytes {
    pyrage_object ob;
    int64_t size;
    uint64_t hash;
    char data[];
} pyrage_bytes;

extern const pyrage_type rt_type_str;
extern const pyrage_type rt_type_bytes;

/* A source location, passed by compiled code to everything that can fail. */
typedef struct pyrage_loc {
    const char *file;
    int32_t line;
} pyrage_loc;

/* heap.c */
void rt_heap_init(uintptr_t start, size_t size);
void *rt_alloc(int64_t size, const pyrage_type *type);

/* str.c */
pyrage_str *rt_str_new(int64_t size);
pyrage_str *rt_str_from(const char *data, int64_t size);
int64_t rt_utf8_length(const char *data, int64_t size);

/* panic.c: fatal errors. They print and never return. */
void rt_fatal(const char *what) __attribute__((noreturn));
void rt_panic_exc(const pyrage_loc *loc, const char *exc_type, const char *message)
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
