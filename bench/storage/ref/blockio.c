/*
 * The host's own 4 KiB reads and writes of a file, for bench/storage/run.py: the same requests
 * as the blockbench unikernel (sequential, or scattered by the same multiplicative hash), one
 * at a time with pread/pwrite, then one fdatasync after writes. Prints "bytes N ns T".
 *
 *   blockio FILE seqread|seqwrite|randread|randwrite COUNT
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define REQUEST 4096

static uint64_t block_number(uint64_t i, uint64_t blocks, int random)
{
    if (!random)
        return i % blocks;
    uint64_t x = (i + 1) * 2654435761u & 0xFFFFFFFFu;
    x ^= x >> 13;
    return x % blocks;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: blockio FILE MODE COUNT\n");
        return 2;
    }
    const char *mode = argv[2];
    long count = atol(argv[3]);
    int writing = strstr(mode, "write") != NULL, random = strncmp(mode, "rand", 4) == 0;
    int fd = open(argv[1], writing ? O_RDWR : O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        perror(argv[1]);
        return 1;
    }
    uint64_t blocks = (uint64_t)st.st_size / REQUEST;
    static char buf[REQUEST];
    memset(buf, 0x5A, sizeof buf);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < count; i++) {
        off_t at = (off_t)(block_number((uint64_t)i, blocks, random) * REQUEST);
        ssize_t n = writing ? pwrite(fd, buf, REQUEST, at) : pread(fd, buf, REQUEST, at);
        if (n != REQUEST) {
            perror("io");
            return 1;
        }
    }
    if (writing && fdatasync(fd) != 0) {
        perror("fdatasync");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    long long ns = (long long)(b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    printf("bytes %lld ns %lld\n", (long long)count * REQUEST, ns);
    return 0;
}
