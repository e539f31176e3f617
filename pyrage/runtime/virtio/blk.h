/*
 * virtio-blk (virtio 1.2 §5.2): the device's features, its configuration and
 * its requests, and blk.c's state for one device.
 */
#ifndef PYRAGE_VIRTIO_BLK_H
#define PYRAGE_VIRTIO_BLK_H

#include "virtio.h"

#define VIRTIO_ID_BLOCK 2
#define F_SIZE_MAX (1ull << 1) /* a data descriptor holds at most size_max bytes */
#define F_SEG_MAX (1ull << 2)  /* a request has at most seg_max data descriptors */
#define F_RO (1ull << 5)       /* the device refuses writes */
#define F_BLK_SIZE (1ull << 6) /* its logical block size, when not 512 */
#define F_FLUSH (1ull << 9)    /* it has a write cache, and VIRTIO_BLK_T_FLUSH */
/* Not VIRTIO_F_EVENT_IDX, as for net (net.h): the rings' flags suppress notifications. */
#define BLK_WANTED (F_SIZE_MAX | F_SEG_MAX | F_RO | F_BLK_SIZE | F_FLUSH | VIRTIO_F_VERSION_1)

#define CFG_CAPACITY 0  /* le64: the size in 512-byte units, whatever the block size */
#define CFG_SIZE_MAX 8  /* le32 */
#define CFG_SEG_MAX 12  /* le32 */
#define CFG_BLK_SIZE 20 /* le32 */

#define T_IN 0    /* read */
#define T_OUT 1   /* write */
#define T_FLUSH 4
#define S_OK 0    /* the status byte the device writes last; IOERR 1, UNSUPP 2 */

/* The request header: the first descriptor of each request, which the device reads. */
struct blk_header {
    uint32_t type;
    uint32_t reserved;
    uint64_t sector; /* in 512-byte units, whatever the block size */
};

#define BLK_DEVICES 8            /* the most devices one image drives (rings: in .bss) */
#define BLK_MAX_REQUEST (1u << 20) /* what a request may move, unless the device says less */
#define BLK_MAX_SEGS 4           /* data descriptors per request, when size_max splits one */
#define BLK_SLOTS (VIRTQ_MAX / 3) /* requests in flight, at most: 3 descriptors each, at least */

/*
 * One device. Request slot k owns descriptors [k * chain, (k + 1) * chain):
 * the header (hdr[k]), `segs` data descriptors at most, the status byte
 * (status[k]), linked once at start but for the data's; the used ring returns
 * a request as its first descriptor, k * chain. Slots are given out from
 * `free`; a FLUSH the device needs not see (it has no write cache) completes
 * at once, through `done`.
 */
struct disk {
    struct virtio_dev dev;
    struct virtq q;
    pyrage_handle_t handle;
    uint64_t sectors;          /* in sector_size units */
    uint32_t sector_size;      /* 512, or 4096 when the device's block size is larger */
    uint32_t shift;            /* log2(sector_size / 512): to the device's sectors */
    uint32_t max_request;      /* bytes */
    uint32_t seg_size;         /* bytes per data descriptor, at most */
    uint16_t chain;            /* descriptors per slot: 2 + segs */
    uint16_t slots;            /* the queue depth */
    uint16_t busy;             /* slots in flight (given out, not yet polled) */
    uint16_t free_count, done_count;
    uint8_t read_only, flush;
    uint16_t free[BLK_SLOTS], done[BLK_SLOTS];
    uint8_t in_flight[BLK_SLOTS]; /* 1 while the device has slot k */
    uint64_t tag[BLK_SLOTS];
    struct blk_header hdr[BLK_SLOTS];
    volatile uint8_t status[BLK_SLOTS];
};

#endif
