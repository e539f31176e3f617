/* tcp_peer: the Linux end of the TCP benchmarks (bench/net/tcp.py): reference servers that do
 * what examples/tcp-bulk and examples/tcp-echo do, and the clients that load both alike.
 *
 *   tcp_peer sink PORT              read each connection to its end, then close it
 *   tcp_peer source PORT BYTES      write BYTES to each connection, shut down, read to the end
 *   tcp_peer echo PORT              echo each connection until the client closes
 *   tcp_peer send HOST PORT BYTES   connect, send BYTES, shut down, wait for the server to close
 *   tcp_peer recv HOST PORT         connect, read until the server closes
 *   tcp_peer crr HOST PORT SECONDS  connect, 64 bytes echoed, close, again, for SECONDS
 *   tcp_peer idle HOST PORT COUNT   open COUNT connections and hold them until SIGTERM
 *
 * Servers handle one connection at a time (blocking calls) and print "tcp_peer: listening on
 * PORT" once they listen. Clients print one line of key=value:
 *   send/recv: bytes=N seconds=S mbit_s=R
 *   crr:       connections=N seconds=S conn_per_s=R p50_us=A p99_us=B failures=F
 *   idle:      open=N  (then, at SIGTERM, closed=N)
 * The bytes are zeros: what is measured is the path, not the content. Build: gcc -O2 -o
 * tcp_peer tcp_peer.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (256 * 1024)
#define MAX_SAMPLES (4u << 20)

static unsigned char buf[CHUNK];
static volatile sig_atomic_t stopping;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what) {
    fprintf(stderr, "tcp_peer: %s: %s\n", what, strerror(errno));
    exit(1);
}

static struct sockaddr_in address_of(const char *host, const char *port) {
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port))};
    if (inet_pton(AF_INET, host, &sin.sin_addr) != 1) {
        fprintf(stderr, "tcp_peer: bad address %s\n", host);
        exit(2);
    }
    return sin;
}

static int connect_to(const struct sockaddr_in *sin) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (const struct sockaddr *)sin, sizeof *sin) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Reads fd to its end; returns the bytes read (-1 on an error). */
static long long drain(int fd) {
    long long total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) return total;
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        total += n;
    }
}

static int send_bytes(int fd, long long size) {
    while (size > 0) {
        ssize_t n = write(fd, buf, size < CHUNK ? (size_t)size : CHUNK);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        size -= n;
    }
    return shutdown(fd, SHUT_WR);
}

static int echo(int fd) {
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n == 0) return 0;
        if (n < 0) return errno == EINTR ? 0 : -1;
        for (ssize_t at = 0; at < n;) {
            ssize_t m = write(fd, buf + at, (size_t)(n - at));
            if (m < 0) return -1;
            at += m;
        }
    }
}

static int serve(const char *mode, const char *port, long long size) {
    struct sockaddr_in sin = address_of("0.0.0.0", port);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0 || listen(fd, 1024) != 0)
        die("listen");
    printf("tcp_peer: listening on %s\n", port);
    fflush(stdout);
    while (!stopping) {
        int c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
        if (c < 0) {
            if (errno == EINTR) continue;
            die("accept");
        }
        if (strcmp(mode, "sink") == 0) drain(c);
        else if (strcmp(mode, "source") == 0) {
            if (send_bytes(c, size) == 0) drain(c);
        } else echo(c);
        close(c);
    }
    return 0;
}

static int bulk(const char *mode, const struct sockaddr_in *sin, long long size) {
    double start = now_s();
    int fd = connect_to(sin);
    if (fd < 0) die("connect");
    long long moved = size;
    if (strcmp(mode, "send") == 0) {
        if (send_bytes(fd, size) != 0 || drain(fd) < 0) die("send");
    } else if ((moved = drain(fd)) < 0) die("recv");
    double seconds = now_s() - start;
    close(fd);
    printf("bytes=%lld seconds=%.6f mbit_s=%.2f\n", moved, seconds, moved * 8 / seconds / 1e6);
    return 0;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int crr(const struct sockaddr_in *sin, double seconds) {
    static double samples[MAX_SAMPLES];
    unsigned long long done = 0, failures = 0;
    double start = now_s(), end = start + seconds;
    unsigned char msg[64], back[64];
    memset(msg, 'x', sizeof msg);
    while (now_s() < end) {
        double t = now_s();
        int fd = connect_to(sin);
        int ok = fd >= 0;
        if (ok) {
            int one = 1;
            setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            size_t got = 0;
            ok = write(fd, msg, sizeof msg) == (ssize_t)sizeof msg;
            while (ok && got < sizeof back) {
                ssize_t n = read(fd, back + got, sizeof back - got);
                ok = n > 0;
                got += ok ? (size_t)n : 0;
            }
            close(fd);
        }
        if (!ok) {
            failures++;
            continue;
        }
        if (done < MAX_SAMPLES) samples[done] = now_s() - t;
        done++;
    }
    double elapsed = now_s() - start;
    size_t n = done < MAX_SAMPLES ? (size_t)done : MAX_SAMPLES;
    qsort(samples, n, sizeof samples[0], cmp_double);
    printf("connections=%llu seconds=%.3f conn_per_s=%.1f p50_us=%.1f p99_us=%.1f "
           "failures=%llu\n", done, elapsed, done / elapsed, n ? samples[n / 2] * 1e6 : 0.0,
           n ? samples[n * 99 / 100] * 1e6 : 0.0, failures);
    return done > 0 ? 0 : 1;
}

static int idle(const struct sockaddr_in *sin, int count) {
    int *fds = calloc((size_t)count, sizeof *fds);
    if (fds == NULL) die("calloc");
    for (int i = 0; i < count; i++)
        if ((fds[i] = connect_to(sin)) < 0) die("connect");
    printf("open=%d\n", count);
    fflush(stdout);
    while (!stopping) pause();
    for (int i = 0; i < count; i++) close(fds[i]);
    printf("closed=%d\n", count);
    return 0;
}

int main(int argc, char **argv) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;  /* no SA_RESTART: blocking calls return EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    const char *mode = argc > 1 ? argv[1] : "";
    if ((strcmp(mode, "sink") == 0 || strcmp(mode, "echo") == 0) && argc == 3)
        return serve(mode, argv[2], 0);
    if (strcmp(mode, "source") == 0 && argc == 4) return serve(mode, argv[2], atoll(argv[3]));
    if (strcmp(mode, "send") == 0 && argc == 5) {
        struct sockaddr_in sin = address_of(argv[2], argv[3]);
        return bulk(mode, &sin, atoll(argv[4]));
    }
    if (strcmp(mode, "recv") == 0 && argc == 4) {
        struct sockaddr_in sin = address_of(argv[2], argv[3]);
        return bulk(mode, &sin, 0);
    }
    if (strcmp(mode, "crr") == 0 && argc == 5) {
        struct sockaddr_in sin = address_of(argv[2], argv[3]);
        return crr(&sin, atof(argv[4]));
    }
    if (strcmp(mode, "idle") == 0 && argc == 5) {
        struct sockaddr_in sin = address_of(argv[2], argv[3]);
        return idle(&sin, atoi(argv[4]));
    }
    fprintf(stderr, "usage: tcp_peer sink|echo PORT | source PORT BYTES | send HOST PORT BYTES"
            " | recv HOST PORT | crr HOST PORT SECONDS | idle HOST PORT COUNT\n");
    return 2;
}
