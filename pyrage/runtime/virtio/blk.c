/*
 * Block devices: virtio-blk (virtio 1.2 §5.2) over virtio-mmio (mmio.c). The
 * boot argument --block:NAME=N makes the N-th virtio-blk device (from 0, in
 * the command line's virtio_mmio.device= order: QEMU's -device order) the
 * application's block device NAME.
 *
 * One queue. Each request is a chain of descriptors: a 16-byte header, the
 * caller's buffer itself (no copy: the ABI lends it to the device until its
 * tag is polled, and heap addresses are guest-physical, identity-mapped by
 * entry.S), in one descriptor or a few when the device limits their size,
 * then the status byte the device writes. Up to `slots` requests are in
 * flight, and the device returns them in any order: the used ring names a
 * request by its first descriptor, which says its slot and so its tag.
 *
 * Features: VERSION_1 (modern; legacy devices work too), FLUSH (without it
 * the device has no write cache, and a FLUSH completes at once), RO,
 * BLK_SIZE (a block size above 512 makes our sectors 4096 bytes, so every
 * request is aligned to it), SIZE_MAX and SEG_MAX (how a request's data may
 * be split, hence max_request).
 *
 * Memory: the rings and request headers of BLK_DEVICES devices are in .bss,
 * linked only into images that call block_acquire; a few pages each.
 *
 * Interrupts only wake yield (yield.c): completions are taken from the used
 * ring in block_poll, and blk_poll tells yield which handles have some.
 */
#include "blk.h"

#define HANDLES 64

static struct disk disks[BLK_DEVICES];
static uint8_t rings[BLK_DEVICES][VIRTQ_MEMORY] __attribute__((aligned(4096)));
static unsigned disk_count;
static struct disk *by_handle[HANDLES];
static uint64_t acquired; /* bit k: the k-th --block entry's device */

static struct disk *get(pyrage_handle_t h)
{
    return h < HANDLES ? by_handle[h] : 0;
}

static int has_completions(const struct disk *d)
{
    return d->done_count || virtq_pending(&d->q);
}

/* yield's poller (virtio_poll[VIRTIO_BLK]), as net.c's: acknowledge, then look at the rings.
 * Interrupts are asked for only while requests are in flight: none are coming otherwise. */
static pyrage_handle_set_t blk_poll(int arm, int ack)
{
    pyrage_handle_set_t ready = 0;
    for (unsigned i = 0; i < disk_count; i++) {
        struct disk *d = &disks[i];
        if (ack)
            virtio_ack(&d->dev);
        virtq_arm(&d->q, arm && d->busy);
        if (has_completions(d))
            ready |= (pyrage_handle_set_t)1 << d->handle;
    }
    return ready;
}

static uint32_t config32(const struct disk *d, uint32_t offset)
{
    uint8_t b[4];
    virtio_config(&d->dev, offset, b, 4);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/* The device's geometry, from its configuration: 0 (said why) when we cannot drive it. */
static const char *geometry(struct disk *d)
{
    uint64_t f = d->dev.features;
    uint8_t c[8];
    virtio_config(&d->dev, CFG_CAPACITY, c, 8);
    uint64_t capacity = 0;
    for (int i = 7; i >= 0; i--)
        capacity = capacity << 8 | c[i];
    uint32_t block = f & F_BLK_SIZE ? config32(d, CFG_BLK_SIZE) : 512;
    if (block < 512 || block > 4096 || (block & (block - 1)))
        return "a block size that is not 512 to 4096 bytes, a power of 2";
    d->sector_size = block > 512 ? 4096 : 512;
    d->shift = block > 512 ? 3 : 0;
    d->sectors = capacity >> d->shift;
    d->read_only = !!(f & F_RO);
    d->flush = !!(f & F_FLUSH);
    /* One data descriptor per request, unless size_max is below what we would put in it. */
    uint32_t segs = 1, seg_size = BLK_MAX_REQUEST;
    if (f & F_SIZE_MAX) {
        uint32_t size_max = config32(d, CFG_SIZE_MAX);
        uint32_t seg_max = f & F_SEG_MAX ? config32(d, CFG_SEG_MAX) : 1;
        if (size_max && size_max < seg_size) {
            seg_size = size_max;
            segs = seg_max < 1 ? 1 : seg_max > BLK_MAX_SEGS ? BLK_MAX_SEGS : seg_max;
        }
    }
    uint64_t most = (uint64_t)segs * seg_size;
    d->max_request = (uint32_t)(most < BLK_MAX_REQUEST ? most : BLK_MAX_REQUEST) &
                     ~(d->sector_size - 1);
    if (d->max_request < 4096) /* the ABI's least */
        return "requests of less than 4 KiB (its size_max and seg_max)";
    d->seg_size = seg_size;
    d->chain = (uint16_t)(2 + segs);
    return 0;
}

/* Brings the N-th virtio-blk device up as block device `name`, in d and ring. */
static pyrage_result_t blk_open(struct disk *d, const char *name, unsigned device, void *ring)
{
    unsigned count;
    char a[11], b[11];
    if (!virtio_find(VIRTIO_ID_BLOCK, device, &d->dev, &count)) {
        SAY("block device '", name, "': no virtio-blk device ", virtio_decimal(device, a),
            " (the VM has ", virtio_decimal(count, b), ")");
        return PYRAGE_R_EUNSPEC;
    }
    for (unsigned i = 0; i < disk_count; i++) {
        if (disks[i].dev.base == d->dev.base) { /* a reset would take it from its owner */
            SAY("block device '", name, "': virtio-blk device ", virtio_decimal(device, a),
                " is another block device's");
            return PYRAGE_R_EUNSPEC;
        }
    }
    if (!virtio_negotiate(&d->dev, BLK_WANTED)) {
        SAY("block device '", name, "': the virtio-blk device refused VERSION_1");
        return PYRAGE_R_EUNSPEC;
    }
    const char *why = geometry(d);
    if (!why && !virtq_init(&d->dev, &d->q, 0, ring))
        why = "no request queue";
    if (!why && d->q.size < d->chain)
        why = "a queue too small for one request";
    if (why) {
        SAY("block device '", name, "': the virtio-blk device has ", why);
        return PYRAGE_R_EUNSPEC;
    }
    d->slots = (uint16_t)(d->q.size / d->chain);
    if (d->slots > BLK_SLOTS)
        d->slots = BLK_SLOTS;
    for (uint16_t k = 0; k < d->slots; k++) {
        uint16_t first = (uint16_t)(k * d->chain), last = (uint16_t)(first + d->chain - 1);
        d->q.desc[first] = (struct vring_desc){(uintptr_t)&d->hdr[k], sizeof d->hdr[k],
                                               VRING_DESC_F_NEXT, (uint16_t)(first + 1)};
        d->q.desc[last] = (struct vring_desc){(uintptr_t)&d->status[k], 1, VRING_DESC_F_WRITE, 0};
        d->free[d->free_count++] = (uint16_t)(d->slots - 1 - k);
    }
    if (!virtio_start(&d->dev)) {
        SAY("block device '", name, "': its interrupt has no I/O APIC pin");
        return PYRAGE_R_EUNSPEC;
    }
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_block_acquire(const char *name, pyrage_handle_t *handle,
                                     struct pyrage_block_info *info)
{
    unsigned device;
    int k = virtio_find_arg("--block:", PYRAGE_DEVICE_BLOCK, "block device", name, &device);
    if (k == -2)
        return PYRAGE_R_EUNSPEC;
    if (k < 0 || (k < 64 && (acquired >> k & 1)))
        return PYRAGE_R_EINVAL;
    if (k >= 64 || disk_count == BLK_DEVICES || virtio_handles >= HANDLES) {
        SAY("block device '", name, "': more than 8 block devices, or 63 devices");
        return PYRAGE_R_EUNSPEC;
    }
    struct disk *d = &disks[disk_count];
    __builtin_memset(d, 0, sizeof *d);
    pyrage_result_t r = blk_open(d, name, device, rings[disk_count]);
    if (r != PYRAGE_R_OK)
        return r; /* may be tried again: negotiation starts with a reset */
    acquired |= 1ull << k;
    d->handle = virtio_handles++; /* below HANDLES, checked above */
    by_handle[d->handle] = d;
    disk_count++;
    *info = (struct pyrage_block_info){.sector_size = d->sector_size, .sectors = d->sectors,
                                       .read_only = d->read_only,
                                       .max_request = d->max_request, .queue_depth = d->slots};
    *handle = d->handle;
    virtio_poll[VIRTIO_BLK] = blk_poll;
    virtio_yield = yield_devices;
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_block_submit(pyrage_handle_t h, uint32_t op, uint64_t sector,
                                    uint8_t *buf, size_t size, uint64_t tag)
{
    struct disk *d = get(h);
    if (!d || op > PYRAGE_BLOCK_FLUSH)
        return PYRAGE_R_EINVAL;
    /* The device sees buf as a physical address: it must be inside the identity mapping. */
    if (op != PYRAGE_BLOCK_FLUSH &&
        (size == 0 || (size & (d->sector_size - 1)) || size > d->max_request ||
         sector >= d->sectors || size / d->sector_size > d->sectors - sector ||
         (op == PYRAGE_BLOCK_WRITE && d->read_only) || (uintptr_t)buf > boot_mapped_limit - size))
        return PYRAGE_R_EINVAL;
    if (!d->free_count)
        return PYRAGE_R_AGAIN; /* the handle is ready when one completes: blk_poll */
    uint16_t k = d->free[--d->free_count];
    d->tag[k] = tag;
    d->busy++;
    if (op == PYRAGE_BLOCK_FLUSH && !d->flush) { /* no write cache: every write is durable */
        d->status[k] = S_OK;
        d->done[d->done_count++] = k;
        return PYRAGE_R_OK;
    }
    uint16_t first = (uint16_t)(k * d->chain), last = (uint16_t)(first + d->chain - 1);
    d->hdr[k] = (struct blk_header){op == PYRAGE_BLOCK_READ    ? T_IN
                                    : op == PYRAGE_BLOCK_WRITE ? T_OUT
                                                               : T_FLUSH,
                                    0, op == PYRAGE_BLOCK_FLUSH ? 0 : sector << d->shift};
    d->status[k] = 0xFF; /* not S_OK: a device that never wrote it failed the request */
    uint16_t next = (uint16_t)(first + 1);
    uint16_t flags = VRING_DESC_F_NEXT | (op == PYRAGE_BLOCK_READ ? VRING_DESC_F_WRITE : 0);
    while (size) {
        uint32_t n = size < d->seg_size ? (uint32_t)size : d->seg_size;
        size -= n;
        d->q.desc[next] = (struct vring_desc){(uintptr_t)buf, n, flags,
                                              (uint16_t)(size ? next + 1 : last)};
        buf += n;
        next++;
    }
    /* The header's next: the data, or for a FLUSH straight the status. */
    d->q.desc[first].next = op == PYRAGE_BLOCK_FLUSH ? last : (uint16_t)(first + 1);
    d->in_flight[k] = 1;
    virtq_put(&d->q, first);
    virtq_publish(&d->dev, &d->q);
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_block_poll(pyrage_handle_t h, uint64_t *tag, pyrage_result_t *status)
{
    struct disk *d = get(h);
    if (!d)
        return PYRAGE_R_EINVAL;
    uint16_t k;
    if (d->done_count) {
        k = d->done[--d->done_count];
    } else {
        for (;;) {
            if (!virtq_pending(&d->q))
                return PYRAGE_R_AGAIN;
            uint32_t len, id = virtq_take(&d->q, &len);
            k = (uint16_t)(id / d->chain);
            if (id % d->chain == 0 && k < d->slots && d->in_flight[k])
                break;
            /* else a device bug: not a request of ours (or one returned twice) */
        }
        d->in_flight[k] = 0;
    }
    *tag = d->tag[k];
    *status = d->status[k] == S_OK ? PYRAGE_R_OK : PYRAGE_R_EUNSPEC;
    d->free[d->free_count++] = k;
    d->busy--;
    return PYRAGE_R_OK;
}
