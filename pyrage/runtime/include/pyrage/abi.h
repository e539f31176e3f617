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
    /* Only from pyrage_tcp_*, which tell these failures apart: */
    PYRAGE_R_EREFUSED = 4,   /* nobody listens there (the peer reset the SYN) */
    PYRAGE_R_ERESET = 5,     /* the peer reset the connection (or it broke) */
    PYRAGE_R_ETIMEDOUT = 6,  /* the peer stopped answering */
    PYRAGE_R_EADDRINUSE = 7, /* the port is taken (listen), no free port (connect) */
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
 * or until a device handle is ready: it has pending input, or room for a
 * write that returned PYRAGE_R_AGAIN. On return, *ready_set (if not NULL)
 * holds the ready handles, possibly none.
 * MAY return early (spuriously): callers re-check their own condition.
 * MUST NOT busy-wait: an idle application uses no CPU.
 */
void pyrage_yield(pyrage_time_t deadline, pyrage_handle_set_t *ready_set);

/*
 * Devices. A device is named by a handle, a small int whose bit in
 * pyrage_yield()'s ready set is handle % 64. NICs, UDP sockets and block
 * devices have handles below 64, a bit each; TCP sockets, which can be many,
 * may have higher ones, and handles that share a bit are reported together
 * (a waiter on one may wake for another's input: a spurious return, which
 * callers allow). Every device call is non-blocking: it completes now or
 * returns PYRAGE_R_AGAIN, and the caller waits in pyrage_yield() for the
 * handle's bit. A handle that is not open is PYRAGE_R_EINVAL for every call.
 */
typedef uint64_t pyrage_handle_t; /* its bit in pyrage_yield()'s ready set: handle % 64 */

/* A network interface (NIC): Ethernet frames in and out. */
struct pyrage_net_info {
    uint8_t mac[6]; /* the unikernel's own address */
    uint16_t mtu;   /* the largest Ethernet payload (1500 usually) */
};

/*
 * Acquire the NIC that the boot arguments named `name` (--net:NAME=VALUE,
 * which the platform consumes before the application sees its arguments).
 * MUST return PYRAGE_R_EUNSPEC, after printing why on the error console, when
 * the image's device manifest (pyrage/manifest.h) has no NIC of that name, or
 * when it could not be opened; PYRAGE_R_EINVAL when no NIC of that name was
 * attached, or when it has already been acquired (a name is acquired once).
 * On PYRAGE_R_OK, *handle and *info are set.
 */
pyrage_result_t pyrage_net_acquire(const char *name, pyrage_handle_t *handle,
                                   struct pyrage_net_info *info);

/*
 * Send one whole frame, Ethernet header included: 14 to mtu + 14 bytes
 * (else PYRAGE_R_EINVAL). PYRAGE_R_OK means the platform has copied it: the
 * buffer MAY be reused at once. PYRAGE_R_AGAIN means there is no room now;
 * the platform MUST then put the handle in the ready set (once) when there
 * is, so that a writer waits in pyrage_yield() and never spins.
 */
pyrage_result_t pyrage_net_write(pyrage_handle_t handle, const uint8_t *frame, size_t size);

/*
 * Receive one frame into buf, which MUST hold at least mtu + 14 bytes (else
 * PYRAGE_R_EINVAL), setting *read_size to its length; PYRAGE_R_AGAIN when no
 * frame is pending. The handle MUST be in the ready set while frames are
 * pending.
 */
pyrage_result_t pyrage_net_read(pyrage_handle_t handle, uint8_t *buf, size_t size,
                                size_t *read_size);

/*
 * UDP sockets of the host kernel, for the socket stack: unix only (virtio
 * returns PYRAGE_R_EINVAL for all four). Addresses and ports are in host
 * byte order; addr 0 binds every address, port 0 an ephemeral port.
 */

/* Open a socket bound to addr:port. PYRAGE_R_EUNSPEC when the host refuses
 * (the port is in use, say); the platform MAY print why. */
pyrage_result_t pyrage_udp_bind(uint32_t addr, uint16_t port, pyrage_handle_t *handle);

/*
 * Send one datagram of size bytes to addr:port. As pyrage_net_write: OK once
 * copied; PYRAGE_R_AGAIN when the socket's buffer is full, and then the
 * handle joins the ready set (once) when there is room.
 */
pyrage_result_t pyrage_udp_sendto(pyrage_handle_t h, uint32_t addr, uint16_t port,
                                  const uint8_t *buf, size_t size);

/*
 * Receive one datagram into buf, setting *read_size and its source
 * (*addr, *port); PYRAGE_R_AGAIN when none is pending. A datagram larger than
 * size MUST be truncated to it (*read_size is what was kept; the rest is
 * lost). The handle MUST be in the ready set while datagrams are pending.
 */
pyrage_result_t pyrage_udp_recvfrom(pyrage_handle_t h, uint8_t *buf, size_t size,
                                    size_t *read_size, uint32_t *addr, uint16_t *port);

/* Close a socket; its handle MAY be reused by the next pyrage_udp_bind(). */
pyrage_result_t pyrage_udp_close(pyrage_handle_t h);

/*
 * TCP sockets of the host kernel, for the socket stack: unix only (virtio
 * returns PYRAGE_R_EINVAL for all of them). Addresses and ports are in host
 * byte order. Besides the results of every device, a call MAY fail with
 * PYRAGE_R_EREFUSED, _ERESET, _ETIMEDOUT or _EADDRINUSE where they apply, and
 * with PYRAGE_R_EUNSPEC for anything else (the platform MAY print why).
 *
 * WARNING: readiness differs from the other devices. A TCP handle is watched
 * only for what a call of it that returned PYRAGE_R_AGAIN waits for, and
 * joins the ready set (once) when that call can make progress: accept (a
 * connection came), recv (bytes, the end of the stream, or an error), send
 * (room, or an error), connect_result (the handshake ended). A handle nobody
 * asked is never reported: a reader that stops reading (its own queue is
 * full) leaves the bytes in the kernel, whose receive window then closes
 * (backpressure), and it costs no wakeups.
 */

/* Listen on addr:port (SO_REUSEADDR), at most backlog connections waiting to be
 * accepted. PYRAGE_R_EADDRINUSE when the port is taken. */
pyrage_result_t pyrage_tcp_listen(uint32_t addr, uint16_t port, uint32_t backlog,
                                  pyrage_handle_t *handle);

/* Accept a connection from the listening handle h: its handle and the peer's
 * address; PYRAGE_R_AGAIN when none is waiting. */
pyrage_result_t pyrage_tcp_accept(pyrage_handle_t h, pyrage_handle_t *new_handle,
                                  uint32_t *peer_addr, uint16_t *peer_port);

/* Start connecting to addr:port from an ephemeral port: *handle is set at
 * once, and pyrage_tcp_connect_result() tells how the handshake ends.
 * PYRAGE_R_EADDRINUSE when no local port is free. */
pyrage_result_t pyrage_tcp_connect(uint32_t addr, uint16_t port, pyrage_handle_t *handle);

/* How the connection pyrage_tcp_connect() started is doing: PYRAGE_R_OK once
 * it is established, PYRAGE_R_AGAIN while the handshake goes on,
 * PYRAGE_R_EREFUSED, _ETIMEDOUT or _EUNSPEC (unreachable, say) when it failed;
 * a failure is reported once. */
pyrage_result_t pyrage_tcp_connect_result(pyrage_handle_t h);

/* Send up to size bytes of buf; *sent is how many the kernel took (at least
 * one, for a size > 0). PYRAGE_R_AGAIN when its buffer is full. */
pyrage_result_t pyrage_tcp_send(pyrage_handle_t h, const uint8_t *buf, size_t size,
                                size_t *sent);

/* Receive up to size bytes into buf: *read_size is how many, 0 at the end of
 * the stream (the peer's FIN). PYRAGE_R_AGAIN when none is pending. */
pyrage_result_t pyrage_tcp_recv(pyrage_handle_t h, uint8_t *buf, size_t size,
                                size_t *read_size);

/* No more sends: FIN follows what the kernel holds (the peer may still send). */
pyrage_result_t pyrage_tcp_shutdown(pyrage_handle_t h);

/* Close: the kernel sends what it holds, then FIN (RST if received bytes were
 * left unread, as Linux does). The handle MAY be reused at once. */
pyrage_result_t pyrage_tcp_close(pyrage_handle_t h);

/* Close with a reset (RST): what the kernel holds either way is dropped. */
pyrage_result_t pyrage_tcp_abort(pyrage_handle_t h);

/* The connection's own address and port (a listener's: what it is bound to). */
pyrage_result_t pyrage_tcp_local(pyrage_handle_t h, uint32_t *addr, uint16_t *port);

/* on != 0: send small writes at once (no Nagle). */
pyrage_result_t pyrage_tcp_set_nodelay(pyrage_handle_t h, int on);

/* Keepalive probes after idle_s seconds without input, every interval_s, the
 * connection failing (PYRAGE_R_ETIMEDOUT) after `probes` unanswered ones.
 * idle_s 0 turns them off. */
pyrage_result_t pyrage_tcp_set_keepalive(pyrage_handle_t h, uint32_t idle_s,
                                         uint32_t interval_s, uint32_t probes);

/*
 * Block devices: fixed-size sectors, read and written by requests that run
 * asynchronously (several may be in flight on virtio-blk) and complete in
 * any order. The platform copies nothing: a request's buffer belongs to the
 * device from pyrage_block_submit() until pyrage_block_poll() returns its
 * tag, and the caller MUST keep it alive and untouched until then.
 */
struct pyrage_block_info {
    uint64_t sector_size; /* bytes per sector: 512, or 4096 */
    uint64_t sectors;     /* the device's size, in sectors */
    uint32_t read_only;   /* nonzero: every WRITE is PYRAGE_R_EINVAL */
    uint32_t max_request; /* the most bytes one request may move (a multiple of
                             sector_size, at least 4096) */
    uint32_t queue_depth; /* requests that may be in flight at once (>= 1) */
    uint32_t reserved;
};

/*
 * Acquire the block device that the boot arguments named `name`
 * (--block:NAME=VALUE, which the platform consumes: a file or device path on
 * unix, the index among the virtio-blk devices on virtio). Results as
 * pyrage_net_acquire.
 */
pyrage_result_t pyrage_block_acquire(const char *name, pyrage_handle_t *handle,
                                     struct pyrage_block_info *info);

enum pyrage_block_op {
    PYRAGE_BLOCK_READ = 0,  /* size bytes from sector into buf */
    PYRAGE_BLOCK_WRITE = 1, /* size bytes of buf to sector */
    PYRAGE_BLOCK_FLUSH = 2, /* every WRITE completed before this request was
                               submitted is durable when it completes (buf,
                               size and sector are ignored) */
};

/*
 * Start a request, identified by the caller's tag. size MUST be a non-zero
 * multiple of sector_size, at most max_request, and the range MUST lie within
 * the device (else PYRAGE_R_EINVAL, and nothing starts). PYRAGE_R_AGAIN when
 * queue_depth requests are in flight: the handle then joins the ready set
 * (once) when one completes. A WRITE that has completed but is not yet
 * flushed MAY be lost, wholly or in part (whole sectors), by a power cut.
 */
pyrage_result_t pyrage_block_submit(pyrage_handle_t h, uint32_t op, uint64_t sector,
                                    uint8_t *buf, size_t size, uint64_t tag);

/*
 * Collect one completed request: its tag, and its status (PYRAGE_R_OK, or
 * PYRAGE_R_EUNSPEC when the device failed it: a read error, a write the
 * device refused). PYRAGE_R_AGAIN when none has completed; the handle MUST be
 * in the ready set while completions are pending.
 */
pyrage_result_t pyrage_block_poll(pyrage_handle_t h, uint64_t *tag,
                                  pyrage_result_t *status);

/*
 * Entropy: seed material for a cryptographic generator (pyrage/impls/random.py's DRBG), not a
 * generator itself.
 */
enum pyrage_entropy_source {
    PYRAGE_ENTROPY_NONE = 0,   /* no source: pyrage_entropy() returns PYRAGE_R_EUNSPEC */
    PYRAGE_ENTROPY_OS = 1,     /* the host kernel's generator (unix: getrandom(2)) */
    PYRAGE_ENTROPY_RDSEED = 2, /* the CPU's RDSEED (RDRAND for a word RDSEED keeps refusing) */
    PYRAGE_ENTROPY_RDRAND = 3, /* the CPU's RDRAND */
    PYRAGE_ENTROPY_JITTER = 4, /* WEAK: timing jitter of the CPU's cycle counter, the last
                                  resort of a VM whose CPU has neither RDSEED nor RDRAND */
};

/*
 * Fill buf with size bytes of entropy. PYRAGE_R_OK once all of them are
 * written; PYRAGE_R_EUNSPEC when the source failed (the hardware generator
 * kept refusing, the host refused the call): buf's contents are then
 * meaningless and MUST NOT be used. MAY block, once, while the host's own
 * generator is not yet seeded (early in the host's boot); otherwise returns at
 * once. MUST NOT allocate. The target prints a warning on the error console,
 * once, the first time it answers from PYRAGE_ENTROPY_JITTER.
 */
pyrage_result_t pyrage_entropy(uint8_t *buf, size_t size);

/* Which source pyrage_entropy() draws from (enum pyrage_entropy_source); fixed for the life of
 * the unikernel, and known before the first draw. */
int pyrage_entropy_source(void);

/*
 * Terminate with the given status (its low 8 bits, as exit(2)). On virtio
 * `pyrage run` gets all of them (a status line on QEMU's isa-debugcon, then
 * isa-debug-exit, which carries only 0..126); other VMMs see a clean
 * shutdown.
 */
void pyrage_exit(int status) __attribute__((noreturn));

/*
 * Terminate abnormally, after a fatal error has been printed. The unix target
 * exits as if killed by SIGABRT (status 134); on virtio `pyrage run` shows
 * 134 too (from the status line "abort", or isa-debug-exit's 127).
 */
void pyrage_abort(void) __attribute__((noreturn));

#endif /* PYRAGE_ABI_H */
