/*
 * What net.c (the ABI's NIC calls, the data path) and net_open.c (bringing a
 * NIC up) share: a NIC's state, at the start of its NET_MEMORY.
 */
#ifndef PYRAGE_VIRTIO_NET_H
#define PYRAGE_VIRTIO_NET_H

#include "virtio.h"

#define VIRTIO_ID_NET 1
#define F_MTU (1ull << 3)
#define F_MAC (1ull << 5)
#define F_STATUS (1ull << 16)
/* Not VIRTIO_F_EVENT_IDX, though mmio.c supports it: with it, QEMU 7.2's virtio-net stopped
 * taking transmit buffers under a sustained burst (udp-echo, 8 KiB datagrams in a window of
 * 32: the device's avail_event sat on its last avail index, 256 buffers published past it and
 * never fetched, and a doorbell written by hand restarted it). The rings' flags do the
 * suppression instead, and the same test runs clean. */
#define WANTED (F_MTU | F_MAC | F_STATUS | VIRTIO_F_ANY_LAYOUT | VIRTIO_F_VERSION_1)
#define CFG_MAC 0
#define CFG_MTU 10
#define BUF 2048     /* a buffer: the header (10 or 12 bytes) and a frame */
#define ETHER_HEADER 14

struct nic {
    struct virtio_dev dev;
    struct virtq rx, tx;
    uint8_t *rx_buf, *tx_buf;   /* descriptor i's buffer is at + i * BUF */
    uint16_t header;            /* virtio_net_hdr: 12 bytes (modern), 10 (legacy) */
    uint16_t mtu;
    uint16_t tx_free_count;
    uint8_t want_write;         /* a write returned AGAIN: report the room when it comes */
    uint16_t tx_free[VIRTQ_MAX];
};

/* One --net entry's NET_MEMORY: the state, the two rings, then the buffers. */
#define NIC_PAGE 4096
_Static_assert(sizeof(struct nic) <= NIC_PAGE, "struct nic outgrew its page");
_Static_assert(NET_MEMORY == 2 * NIC_PAGE + 2 * VIRTQ_MEMORY + 2 * VIRTQ_MAX * BUF, "layout");
#define RX_RING NIC_PAGE
#define TX_RING (NIC_PAGE + VIRTQ_MEMORY)
#define BUFFERS (2 * NIC_PAGE + 2 * VIRTQ_MEMORY)

/* Brings the N-th virtio-net device up as NIC `name`, in n's NET_MEMORY: PYRAGE_R_OK, or
 * PYRAGE_R_EUNSPEC after saying why. `others` are the NICs already up (NULL entries are
 * other devices' handles). */
pyrage_result_t net_open(struct nic *n, const char *name, unsigned device,
                         struct nic *const *others, unsigned count);

#endif
