/* udp_rr: UDP request/response load: FLOWS concurrent flows, each its own socket (its own
 * source port) with one request in flight, sends the next request as soon as the echo of the
 * previous one arrives. Prints the round trips per second and the round-trip latencies.
 *
 *   udp_rr HOST PORT [-f FLOWS] [-t SECONDS] [-w WARMUP_S] [-s SIZE] [-T TIMEOUT_MS]
 *
 * Defaults: 1 flow, 2 s measured after 0.2 s of warm-up, 64-byte payloads, a request lost
 * after 200 ms (then a new one is sent and the loss counted in "timeouts"). One thread, epoll.
 * Output, one line:
 *   flows=F seconds=S round_trips=N rt_per_s=R timeouts=T p50_us=A p99_us=B max_us=C
 * Exits 1 if no round trip completed. Build: gcc -O2 -o udp_rr udp_rr.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES (8u << 20)

struct flow {
    int fd;
    uint64_t seq;       /* of the request in flight */
    uint64_t sent_ns;
};

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static unsigned char payload[65536];
static size_t size = 64;

static void send_request(struct flow *f, uint32_t id) {
    f->seq++;
    memcpy(payload, &id, 4);
    memcpy(payload + 8, &f->seq, 8);
    f->sent_ns = now_ns();
    if (send(f->fd, payload, size, 0) < 0 && errno != EAGAIN && errno != ECONNREFUSED) {
        perror("udp_rr: send");
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: udp_rr HOST PORT [-f FLOWS] [-t SECONDS] [-w WARMUP_S] "
                "[-s SIZE] [-T TIMEOUT_MS]\n");
        return 2;
    }
    const char *host = argv[1];
    int port = atoi(argv[2]);
    int nflows = 1;
    double seconds = 2.0, warmup = 0.2;
    double timeout_ms = 200;
    for (int i = 3; i + 1 < argc; i += 2) {
        const char *o = argv[i], *v = argv[i + 1];
        if (!strcmp(o, "-f")) nflows = atoi(v);
        else if (!strcmp(o, "-t")) seconds = atof(v);
        else if (!strcmp(o, "-w")) warmup = atof(v);
        else if (!strcmp(o, "-s")) size = (size_t)atoi(v);
        else if (!strcmp(o, "-T")) timeout_ms = atof(v);
        else { fprintf(stderr, "udp_rr: unknown option %s\n", o); return 2; }
    }
    if (nflows < 1 || size < 16 || size > sizeof payload) {
        fprintf(stderr, "udp_rr: need FLOWS >= 1 and 16 <= SIZE <= 65536\n");
        return 2;
    }
    struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &dst.sin_addr) != 1) {
        fprintf(stderr, "udp_rr: bad address %s\n", host);
        return 2;
    }
    int ep = epoll_create1(EPOLL_CLOEXEC);
    struct flow *flows = calloc((size_t)nflows, sizeof *flows);
    uint32_t *samples = malloc(MAX_SAMPLES * sizeof *samples);
    if (!flows || !samples) { perror("udp_rr: malloc"); return 1; }
    for (int i = 0; i < nflows; i++) {
        int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (fd < 0 || connect(fd, (struct sockaddr *)&dst, sizeof dst) != 0) {
            perror("udp_rr: socket");
            return 1;
        }
        flows[i].fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    }
    uint64_t start = now_ns();
    uint64_t measure_from = start + (uint64_t)(warmup * 1e9);
    uint64_t end = measure_from + (uint64_t)(seconds * 1e9);
    uint64_t timeout_ns = (uint64_t)(timeout_ms * 1e6);
    for (int i = 0; i < nflows; i++) send_request(&flows[i], (uint32_t)i);
    unsigned long long round_trips = 0, timeouts = 0;
    size_t nsamples = 0;
    static unsigned char buf[65536];
    struct epoll_event events[256];
    uint64_t last_check = start;
    for (;;) {
        int n = epoll_wait(ep, events, 256, 10);
        uint64_t t = now_ns();
        if (t >= end) break;
        for (int e = 0; e < n; e++) {
            uint32_t id = events[e].data.u32;
            struct flow *f = &flows[id];
            for (;;) {
                ssize_t got = recv(f->fd, buf, sizeof buf, 0);
                if (got < 0) break;  /* EAGAIN (or ECONNREFUSED: no server yet) */
                uint64_t seq;
                if (got < 16) continue;
                memcpy(&seq, buf + 8, 8);
                if (seq != f->seq) continue;  /* a late answer to a request given up on */
                uint64_t done = now_ns();
                if (done >= measure_from && done < end) {
                    round_trips++;
                    uint64_t rtt = done - f->sent_ns;  /* ns; samples saturate at 4.29 s */
                    if (nsamples < MAX_SAMPLES)
                        samples[nsamples++] = rtt > UINT32_MAX ? UINT32_MAX : (uint32_t)rtt;
                }
                send_request(f, id);
            }
        }
        t = now_ns();  /* requests sent above are younger than the t of the wait */
        if (t - last_check > timeout_ns / 4) {
            last_check = t;
            for (int i = 0; i < nflows; i++) {
                if (t - flows[i].sent_ns > timeout_ns) {
                    if (t >= measure_from) timeouts++;
                    send_request(&flows[i], (uint32_t)i);
                }
            }
        }
    }
    qsort(samples, nsamples, sizeof *samples, cmp_u32);
    double p50 = nsamples ? samples[nsamples / 2] / 1e3 : 0;
    double p99 = nsamples ? samples[(size_t)(nsamples * 0.99)] / 1e3 : 0;
    double mx = nsamples ? samples[nsamples - 1] / 1e3 : 0;
    printf("flows=%d seconds=%.3f round_trips=%llu rt_per_s=%.0f timeouts=%llu "
           "p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
           nflows, seconds, round_trips, round_trips / seconds, timeouts, p50, p99, mx);
    return round_trips ? 0 : 1;
}
