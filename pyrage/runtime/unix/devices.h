/*
 * The devices of the unix target. Taps (net.c) and UDP sockets (udp.c) share
 * one table of file descriptors, indexed by the ABI handle, which is also the
 * handle's bit in pyrage_yield()'s ready set: yield.c polls every open entry.
 */
#ifndef PYRAGE_UNIX_DEVICES_H
#define PYRAGE_UNIX_DEVICES_H

#include <pyrage/abi.h>

#define UNIX_HANDLES 64 /* the ready set has 64 bits */
/* Handle 0 is never given out: its bit stays free for the console, as on hosted
 * (pyrage/impls/hosted/net.py), so a handle means the same thing on every target. */
#define UNIX_FIRST_HANDLE 1

enum { UNIX_FREE = 0, UNIX_TAP = 1, UNIX_UDP = 2 };

struct unix_handle {
    int fd;
    uint8_t kind;       /* UNIX_FREE (a zeroed entry is free), UNIX_TAP or UNIX_UDP */
    uint8_t want_write; /* the last write returned AGAIN: poll for room too */
    uint8_t broken;     /* poll reported an error: left out of the poll set until a read
                         * succeeds, or an fd in error would wake every yield at once */
    uint16_t mtu;       /* UNIX_TAP: the largest Ethernet payload */
};

extern struct unix_handle unix_handles[UNIX_HANDLES];
/* Every open handle is below this: yield's loop bound, 0 when no device is open. */
extern unsigned unix_handle_limit;

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

/* boot.c: consume the --net:NAME=TAP arguments (net.c); returns the new argc. */
int unix_net_args(int argc, char **argv);

#endif
