/* tapfwd: copies Ethernet frames between two taps, both ways, as fast as it can: the reference
 * path of the network benchmarks (a Linux endpoint behind a tap crosses the same kind of path
 * as a unikernel on a tap: a read and a write syscall per frame).
 *
 *   tapfwd [NETNS:]TAP_A [NETNS:]TAP_B
 *
 * A tap is found by name in the network namespace of the process that opens /dev/net/tun, so
 * each may name its namespace (a name under /run/netns, or a path): tapfwd enters it to open
 * the tap, then returns to its own. Ends on SIGTERM or SIGINT, printing its counters.
 * Build: gcc -O2 -o tapfwd tapfwd.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define BATCH 64

static volatile sig_atomic_t stopping;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static void die(const char *what, const char *arg) {
    fprintf(stderr, "tapfwd: %s %s: %s\n", what, arg, strerror(errno));
    exit(1);
}

static int open_tap(const char *spec) {
    char buf[512];
    const char *name = spec;
    int here = -1;
    const char *colon = strrchr(spec, ':');
    if (colon) {
        size_t n = (size_t)(colon - spec);
        if (n == 0 || n >= sizeof buf - 16) { errno = EINVAL; die("bad namespace in", spec); }
        if (spec[0] == '/') snprintf(buf, sizeof buf, "%.*s", (int)n, spec);
        else snprintf(buf, sizeof buf, "/run/netns/%.*s", (int)n, spec);
        here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        int ns = open(buf, O_RDONLY | O_CLOEXEC);
        if (here < 0 || ns < 0) die("cannot open namespace", buf);
        if (setns(ns, CLONE_NEWNET) != 0) die("setns", buf);
        close(ns);
        name = colon + 1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) die("open", "/dev/net/tun");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    if (strlen(name) >= IFNAMSIZ) { errno = ENAMETOOLONG; die("tap name", name); }
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, TUNSETIFF, &ifr) != 0) die("TUNSETIFF", name);
    if (here >= 0) {
        if (setns(here, CLONE_NEWNET) != 0) die("setns back from", spec);
        close(here);
    }
    return fd;
}

struct counters { unsigned long long frames, bytes, errors; };

/* Copies up to BATCH frames from -> to; returns 0 when from has no more for now. */
static int pump(int from, int to, unsigned char *buf, struct counters *c) {
    for (int i = 0; i < BATCH; i++) {
        ssize_t n = read(from, buf, 65536);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return 0;
            die("read", "tap");
        }
        if (write(to, buf, (size_t)n) != n) c->errors++;  /* the other side down: frame lost */
        else { c->frames++; c->bytes += (unsigned long long)n; }
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: tapfwd [NETNS:]TAP_A [NETNS:]TAP_B\n");
        return 2;
    }
    int a = open_tap(argv[1]), b = open_tap(argv[2]);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;  /* no SA_RESTART: poll returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    static unsigned char buf[65536];
    struct counters ab = {0}, ba = {0};
    struct pollfd fds[2] = {{.fd = a, .events = POLLIN}, {.fd = b, .events = POLLIN}};
    fprintf(stderr, "tapfwd: forwarding %s <-> %s\n", argv[1], argv[2]);
    while (!stopping) {
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            die("poll", "");
        }
        if (fds[0].revents & POLLIN) pump(a, b, buf, &ab);
        if (fds[1].revents & POLLIN) pump(b, a, buf, &ba);
        if ((fds[0].revents | fds[1].revents) & (POLLERR | POLLHUP | POLLNVAL)) {
            fprintf(stderr, "tapfwd: a tap went away\n");
            break;
        }
    }
    fprintf(stderr, "tapfwd: a_to_b frames=%llu bytes=%llu errors=%llu; "
            "b_to_a frames=%llu bytes=%llu errors=%llu\n",
            ab.frames, ab.bytes, ab.errors, ba.frames, ba.bytes, ba.errors);
    return 0;
}
