/* udp_echo: the C reference UDP echo server of the network benchmarks: one blocking socket, a
 * recvfrom/sendto loop, nothing else.
 *
 *   udp_echo [PORT [ADDRESS]]        (port 7, every address, by default)
 *
 * Prints "udp_echo: listening on ADDRESS:PORT" once bound; ends on SIGTERM or SIGINT, printing
 * how many datagrams it echoed. Build: gcc -O2 -o udp_echo udp_echo.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stopping;

static void on_signal(int sig) { (void)sig; stopping = 1; }

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 7;
    const char *address = argc > 2 ? argv[2] : "0.0.0.0";
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, address, &sin.sin_addr) != 1) {
        fprintf(stderr, "udp_echo: bad address %s\n", address);
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int size = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
        fprintf(stderr, "udp_echo: bind %s:%d: %s\n", address, port, strerror(errno));
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;  /* no SA_RESTART: recvfrom returns EINTR */
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    printf("udp_echo: listening on %s:%d\n", address, port);
    fflush(stdout);
    static unsigned char buf[65536];
    unsigned long long echoed = 0;
    while (!stopping) {
        struct sockaddr_in peer;
        socklen_t len = sizeof peer;
        ssize_t n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&peer, &len);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("udp_echo: recvfrom");
            return 1;
        }
        if (sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&peer, len) == n) echoed++;
    }
    printf("udp_echo: echoed %llu datagrams\n", echoed);
    return 0;
}
