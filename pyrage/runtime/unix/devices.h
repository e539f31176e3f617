/*
 * The devices of the unix target. Taps (net.c), UDP sockets (udp.c) and block
 * devices (block.c) share one table, indexed by the ABI handle, which is also
 * the handle's bit in pyrage_yield()'s ready set: yield.c polls every open
 * entry's fd, and adds unix_ready, the handles that are ready without one.
 */
#ifndef PYRAGE_UNIX_DEVICES_H
#define PYRAGE_UNIX_DEVICES_H

#include <pyrage/abi.h>

#define UNIX_HANDLES 64 /* the ready set has 64 bits */
/* Handle 0 is never given out: its bit stays free for the console, as on hosted
 * (pyrage/impls/hosted/net.py), so a handle means the same thing on every target. */
#define UNIX_FIRST_HANDLE 1

enum { UNIX_FREE = 0, UNIX_TAP = 1, UNIX_UDP = 2, UNIX_BLOCK = 3 };

struct unix_handle {
    int fd;             /* -1 for a block device: a file is always "ready" to ppoll */
    uint8_t kind;       /* UNIX_FREE (a zeroed entry is free), UNIX_TAP, UNIX_UDP or UNIX_BLOCK */
    uint8_t want_write; /* the last write returned AGAIN: poll for room too */
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

/* A new handle for fd, or -1 when all of them are taken. */
int unix_handle_open(int fd, int kind);
/* The open handle h of that kind, or NULL (bad handles are EINVAL). */
struct unix_handle *unix_handle_get(pyrage_handle_t h, int kind);
/* Closes the fd and frees the handle. */
void unix_handle_close(pyrage_handle_t h);
/* The ABI result of a read or write system call's return value, updating h's flags. */
pyrage_result_t unix_handle_result(struct unix_handle *h, long ret, int writing);

/* One line on stderr, written at once: the parts joined, then a newline. */
void unix_say(const char *const *parts, int count);
/* Words for an errno value, for those messages. */
const char *unix_strerror(long err);

/*
 * The devices the boot arguments name: --net:NAME=TAP and --block:NAME=PATH, which
 * boot.c hands to unix_device_args() (args.c) before the application sees its
 * arguments, as Solo5's tenders do. A malformed one stops the boot (status 2).
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
size_t unix_cstrlen(const char *s);

#endif
