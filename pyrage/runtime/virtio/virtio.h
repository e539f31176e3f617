/*
 * virtio over virtio-mmio (the virtio 1.2 spec, §2 and §4.2): what mmio.c
 * offers the device drivers (net.c, blk.c). Only split virtqueues; no
 * indirect descriptors, no packed rings.
 */
#ifndef PYRAGE_VIRTIO_VIRTIO_H
#define PYRAGE_VIRTIO_VIRTIO_H

#include <pyrage/manifest.h>

#include "platform.h"

/* Feature bits of every device type (§6). */
#define VIRTIO_F_ANY_LAYOUT (1ull << 27) /* legacy: a header need not be its own descriptor */
#define VIRTIO_F_EVENT_IDX (1ull << 29)  /* used_event / avail_event notification suppression */
#define VIRTIO_F_VERSION_1 (1ull << 32)  /* modern: required by a version 2 transport */

#define VRING_DESC_F_NEXT 1              /* the chain goes on at `next` (blk.c's requests) */
#define VRING_DESC_F_WRITE 2             /* the device writes this buffer (receive) */
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1

/* The rings as the device sees them. used_event follows avail->ring[size], and avail_event
 * follows used->ring[size]: virtq_* reach them through the size. */
struct vring_desc {
    uint64_t addr; /* guest-physical: the same as our pointers (identity-mapped) */
    uint32_t len;
    uint16_t flags, next;
};
struct vring_avail {
    uint16_t flags, idx, ring[];
};
struct vring_used_elem {
    uint32_t id, len;
};
struct vring_used {
    uint16_t flags, idx;
    struct vring_used_elem ring[];
};

/* One virtio-mmio transport and the device behind it. */
struct virtio_dev {
    uintptr_t base;    /* its registers */
    uint32_t irq;      /* its GSI: an I/O APIC pin */
    uint32_t version;  /* 1: legacy, 2: modern */
    uint64_t features; /* negotiated */
};

/*
 * A split virtqueue. net.c never chains descriptors (every buffer is one, at
 * a fixed place); blk.c chains a request's header, data and status, and the
 * used ring names a chain by its first descriptor.
 * WARNING: the fields behind desc/avail/used are shared with the device,
 * hence volatile; indices are free-running 16-bit counters (mod 2^16), and a
 * ring slot is counter & (size - 1).
 */
struct virtq {
    volatile struct vring_desc *desc;
    volatile struct vring_avail *avail;
    volatile struct vring_used *used;
    uint16_t size;       /* a power of 2, at most VIRTQ_MAX */
    uint16_t index;      /* the queue's number, written to QueueNotify */
    uint16_t next_avail; /* the avail index after the buffers put so far */
    uint16_t published;  /* the avail index the device has been shown */
    uint16_t last_used;  /* the used entries before this one are consumed */
    uint8_t event_idx;   /* VIRTIO_F_EVENT_IDX was negotiated */
    uint8_t armed;       /* interrupts wanted for this queue (see virtq_arm) */
};

#define VIRTQ_MAX 256                /* descriptors per queue, at most */
#define VIRTQ_MEMORY (3 * 4096)      /* a queue of VIRTQ_MAX: desc, avail, then used page-aligned */

/* Set by virtio_isr (vectors.S) when any virtio device interrupted; yield.c's poll clears it. */
extern volatile uint8_t virtio_irq_pending;

/* One line on the (single) console: "pyrage: ", the parts, "\n", as unix's messages. */
void virtio_say(const char *const *parts);
#define SAY(...) virtio_say((const char *const[]){__VA_ARGS__, 0})
/* v in decimal, in buf (at least 11 bytes): for those messages. */
const char *virtio_decimal(unsigned v, char *buf);

/*
 * The boot argument PREFIX NAME=N (prefix "--net:" or "--block:", which boot.c
 * set aside) of the device `name`, of the manifest's `kind` and called `what`
 * in messages ("NIC"): its index among the entries of that prefix, and
 * *device, its N. -1 when there is none; -2 when the image's manifest does not
 * name the device, or the entry is malformed, or there are two (said on the
 * console).
 */
int virtio_find_arg(const char *prefix, uint32_t kind, const char *what, const char *name,
                    unsigned *device);

/*
 * The n-th device (from 0) of that device type, in the order of the command
 * line's virtio_mmio.device= entries: *dev is filled and 1 returned, or 0 when
 * there are not that many (*count says how many there are).
 */
int virtio_find(uint32_t device_type, unsigned n, struct virtio_dev *dev, unsigned *count);
/* Resets the device and accepts the features of `wanted` that it offers: 0 when it refuses
 * them (it is marked FAILED). */
int virtio_negotiate(struct virtio_dev *dev, uint64_t wanted);
/* Sets up queue `index` in mem (VIRTQ_MEMORY bytes, page-aligned): its size, or 0 if none. */
unsigned virtq_init(struct virtio_dev *dev, struct virtq *q, uint16_t index, void *mem);
/* Routes the device's interrupt to virtio_isr, then sets DRIVER_OK. 0 when its IRQ has no
 * I/O APIC pin (it is marked FAILED). */
int virtio_start(struct virtio_dev *dev);
/* n bytes of the device-specific configuration (little-endian fields) from offset. */
void virtio_config(const struct virtio_dev *dev, uint32_t offset, uint8_t *out, unsigned n);
/* Lowers the device's interrupt line (acknowledges every cause). */
void virtio_ack(const struct virtio_dev *dev);

/* Makes descriptor `id` the next available buffer; the device sees it after virtq_publish. */
static inline void virtq_put(struct virtq *q, uint16_t id)
{
    q->avail->ring[q->next_avail++ & (q->size - 1)] = id;
}
/* Shows the device every buffer put, and notifies it if it asked to be. */
void virtq_publish(const struct virtio_dev *dev, struct virtq *q);
/* 1 when the device has returned buffers not yet consumed. */
static inline int virtq_pending(const struct virtq *q)
{
    return q->used->idx != q->last_used;
}
/* The next returned buffer (call only when virtq_pending): its descriptor, and *len. */
static inline uint32_t virtq_take(struct virtq *q, uint32_t *len)
{
    volatile struct vring_used_elem *e = &q->used->ring[q->last_used++ & (q->size - 1)];
    *len = e->len;
    return e->id;
}
/* Asks the device for an interrupt when it next returns a buffer (on), or for none (off). */
void virtq_arm(struct virtq *q, int on);

#endif
