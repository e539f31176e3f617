/* The Internet checksum (RFC 1071) of 1500-byte packets: the reference for checksum.py.
 * usage: checksum [ROUNDS] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

enum { PACKETS = 16, PACKET_SIZE = 1500 };

static void make_packet(uint8_t *packet, uint32_t seed) {
    uint32_t state = seed;
    for (int i = 0; i < PACKET_SIZE; i++) {
        state = (state * 1103515245u + 12345u) & 0x7FFFFFFFu;
        packet[i] = (uint8_t)(32 + (state >> 16) % 95);
    }
}

static uint16_t internet_checksum(const uint8_t *data, size_t size) {
    uint64_t total = 0;
    size_t i = 0;
    for (; i + 1 < size; i += 2)
        total += (uint32_t)data[i] << 8 | data[i + 1];
    if (i < size)
        total += (uint32_t)data[i] << 8;
    while (total >> 16)
        total = (total & 0xFFFF) + (total >> 16);
    return (uint16_t)~total;
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 20000;
    static uint8_t packets[PACKETS][PACKET_SIZE];
    for (int p = 0; p < PACKETS; p++)
        make_packet(packets[p], (uint32_t)p);
    uint32_t digest = 0;
    for (long r = 0; r < rounds; r++)
        for (int p = 0; p < PACKETS; p++)
            digest = digest * 31 + internet_checksum(packets[p], PACKET_SIZE);
    printf("checksum: %ld rounds of %d x %d bytes: %08x\n", rounds, PACKETS, PACKET_SIZE, digest);
    return 0;
}
