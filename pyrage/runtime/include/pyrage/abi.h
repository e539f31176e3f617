/*
 * pyrage platform ABI: the only interface between pyrage code and a target.
 *
 * Modelled on Solo5's solo5.h. Everything above this header is pyrage Python
 * (compiled) plus the target-independent language core in runtime/core/.
 * Each target (runtime/unix, runtime/virtio) implements every function here
 * in files of the same names; the hosted target implements the same contract
 * in CPython (pyrage/impls/hosted/platform.py).
 *
 * Conventions: times are nanoseconds in a uint64_t. "MUST" and "MAY" are
 * used as in RFC 2119. No function here allocates from the pyrage heap.
 */
#ifndef PYRAGE_ABI_H
#define PYRAGE_ABI_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    PYRAGE_R_OK = 0,      /* the operation completed */
    PYRAGE_R_AGAIN = 1,   /* nothing to do now: try again after pyrage_yield() */
    PYRAGE_R_EINVAL = 2,  /* bad argument */
    PYRAGE_R_EUNSPEC = 3, /* any other error */
} pyrage_result_t;

typedef uint64_t pyrage_time_t;

/* A set of device handles, one bit per handle (handle < 64). */
typedef uint64_t pyrage_handle_set_t;

/*
 * What the platform hands to the application at boot.
 * argv[0] is the image name; argv[1..argc-1] are the boot arguments.
 * [heap_start, heap_start + heap_size) is memory the application owns: it is
 * mapped read-write and is not used by the platform.
 */
struct pyrage_start_info {
    int argc;
    const char *const *argv;
    uintptr_t heap_start;
    size_t heap_size;
};

/*
 * The application's entry point, called once by the platform after it has
 * initialised. Its return value is the exit status handed to pyrage_exit().
 * Implemented by runtime/core (which then calls the compiled program).
 */
int pyrage_app_main(const struct pyrage_start_info *si);

/*
 * Write size bytes of buf to the console. MUST write all of them before
 * returning. MUST NOT fail: a console that cannot write drops the bytes.
 */
void pyrage_console_write(const char *buf, size_t size);

/*
 * As pyrage_console_write, for diagnostics (Python's stderr). MAY be the
 * same device as pyrage_console_write (it is, on virtio).
 */
void pyrage_console_write_err(const char *buf, size_t size);

/*
 * Nanoseconds since an arbitrary origin fixed at boot. MUST NOT go
 * backwards; MUST keep counting while the application is in pyrage_yield().
 */
pyrage_time_t pyrage_clock_monotonic(void);

/*
 * Nanoseconds since the Unix epoch (UTC). MAY jump; MAY be 0 when the
 * target has no wall-clock source.
 */
pyrage_time_t pyrage_clock_wall(void);

/*
 * The one blocking call. Suspend until pyrage_clock_monotonic() >= deadline
 * or until a device handle has pending input. On return, *ready_set (if not
 * NULL) holds the handles with pending input, possibly none.
 * MAY return early (spuriously): callers re-check their own condition.
 * MUST NOT busy-wait: an idle application uses no CPU.
 */
void pyrage_yield(pyrage_time_t deadline, pyrage_handle_set_t *ready_set);

/*
 * Terminate with the given status. On virtio the status is carried through
 * QEMU's isa-debug-exit device, which can carry 0..127; other VMMs see a
 * clean shutdown.
 */
void pyrage_exit(int status) __attribute__((noreturn));

/*
 * Terminate abnormally, after a fatal error has been printed. The unix target
 * exits as if killed by SIGABRT (status 134); virtio reports status 127,
 * which `pyrage run` shows as 134.
 */
void pyrage_abort(void) __attribute__((noreturn));

#endif /* PYRAGE_ABI_H */
