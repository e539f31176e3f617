/*
 * The devices of the unix target. Taps (net.c), UDP and TCP sockets (udp.c,
 * tcp.c) and block devices (block.c) share one table, indexed by the ABI
 * handle, whose bit in pyrage_yield()'s ready set is handle % 64: yield.c
 * polls the open entries' fds, and adds unix_ready, the handles that are
 * ready without one. Only TCP sockets take handles from 64 up (sharing bits).
 */
#ifndef PYRAGE_UNIX_DEVICES_H
#define PYRAGE_UNIX_DEVICES_H

#include <pyrage/abi.h>

#define UNIX_HANDLES 1024   /* TCP sockets included; the fds below RLIMIT_NOFILE's usual 1024 */
#define UNIX_OWN_BITS 64    /* handles below this have a ready-set bit of their own */
/* Handle 0 is never given out: its bit stays free for the console, as on hosted
 * (pyrage/impls/hosted/net.py), so a handle means the same thing on every target. */
#define UNIX_FIRST_HANDLE 1

enum { UNIX_FREE = 0, UNIX_TAP = 1, UNIX_UDP = 2, UNIX_BLOCK = 3, UNIX_TCP = 4 };

struct unix_handle {
    int fd;             /* -1 for a block device: a file is always "ready" to ppoll */
    uint8_t kind;       /* UNIX_FREE (a zeroed entry is free), UNIX_TAP, ... UNIX_TCP */
    uint8_t want_write; /* the last write returned AGAIN: poll for room too */
    uint8_t want_read;  /* UNIX_TCP: the last read returned AGAIN: poll for input (a TCP
                         * socket is polled only for what was asked: abi.h) */
    uint8_t broken;     /* poll reported an error: left out of the poll set until a read
                         * succeeds, or an fd in error would wake every yield at once */
    uint16_t mtu;       /* UNIX_TAP: the largest Ethernet payload */
};

extern struct unix_handle unix_handles[UNIX_HANDLES];
/* Every open handle is below this: yield's loop bound, 0 when no device is open. */
extern unsigned unix_handle_limit;
/* Handles in the ready set whatever ppoll says (block.c's, while completions wait); yield.c
 * then does not sleep. */
extern pyrage_handle_set_t unix_ready;

/* A new handle for fd, or -1 when all of them are taken (below UNIX_OWN_BITS, but for
 * UNIX_TCP, which takes one from there only when the others are taken). */
int unix_handle_open(int fd, int kind);
/* The open handle h of that kind, or NULL (bad handles are EINVAL). */
struct unix_handle *unix_handle_get(pyrage_handle_t h, int kind);
/* Closes the fd and frees the handle. */
void unix_handle_close(pyrage_handle_t h);
/* The ABI result of a read or write system call's return value, updating h's flags. */
pyrage_result_t unix_handle_result(struct unix_handle *h, long ret, int writing);

/* One line on stderr, written at once: the parts joined, then a newline. */
void unix_say(const char *const *parts, int count);
/* "pyrage: cannot WHAT a.b.c.d:port: WHY" (the sockets' refusals: the ABI carries no errno). */
void unix_say_endpoint(const char *what, uint32_t addr, uint16_t port, const char *why);

/* An IPv4 socket address (udp.c, tcp.c). */
struct unix_sockaddr_in {
    uint16_t family;
    uint16_t port; /* network byte order, as addr */
    uint32_t addr;
    uint8_t zero[8];
};

/* addr:port in host order as a socket address. */
static inline struct unix_sockaddr_in unix_sockaddr(uint32_t addr, uint16_t port)
{
    return (struct unix_sockaddr_in){2 /* AF_INET */, __builtin_bswap16(port),
                                     __builtin_bswap32(addr), {0}};
}
/* Words for an errno value, for those messages. */
const char *unix_strerror(long err);

/*
 * The devices the boot arguments name: --net:NAME=TAP and --block:NAME=PATH, which
 * boot.c hands to unix_device_args() (args.c) before the application sees its
 * arguments, as Solo5's tenders do. A malformed one, or one for a device the
 * image's manifest does not name, stops the boot (status 2).
 * NAME points into its argument and is not NUL-terminated.
 */
#define UNIX_DEVICE_ARGS 16 /* of both kinds together */
enum { UNIX_ARG_NET = 0, UNIX_ARG_BLOCK = 1 };
struct unix_device_arg {
    const char *name;
    size_t name_size;
    const char *value; /* the tap's name, the file's path */
    uint8_t kind;      /* UNIX_ARG_NET or UNIX_ARG_BLOCK */
    uint8_t acquired;
};
/* Consumes them from argv; returns the new argc. */
int unix_device_args(int argc, char **argv);
/* The argument of that kind for the NUL-terminated `name`, or NULL. */
struct unix_device_arg *unix_device_arg(int kind, const char *name);
/* Whether the image's manifest has the device; if not, says so on stderr. */
int unix_device_declared(int kind, const char *name);
size_t unix_cstrlen(const char *s);

#endif
