/*
 * NICs: virtio-net devices (virtio 1.2 §5.1) over virtio-mmio (mmio.c): the
 * ABI's calls and the data path. net_open.c brings a NIC up: the boot
 * argument --net:NAME=N makes the N-th virtio-net device the application's
 * NIC NAME.
 *
 * One receive queue and one transmit queue, each descriptor a fixed 2 KiB
 * buffer: the virtio-net header, then one whole frame. Copies: one per
 * direction. net_read copies a frame out of its receive buffer into the
 * application's, and the buffer goes straight back to the device; net_write
 * copies the frame into a free transmit buffer, so the caller may reuse its
 * own at once, as the ABI promises. Zero-copy would lend the application's
 * buffers to the device, which the ABI's calls cannot say.
 *
 * Memory: boot.c carved NET_MEMORY bytes from the heap for each --net entry,
 * before the application got the heap: a NIC's state, its rings and its
 * buffers, all at their guest-physical addresses (identity-mapped). An image
 * without --net entries spends nothing, and one that never calls net_acquire
 * links none of this: yield and exit reach it through hooks set there.
 *
 * Interrupts only wake yield (mmio.c, yield.c): the rings are looked at here,
 * in net_read/net_write and in net_poll, never in the interrupt handler.
 */
#include "net.h"

#define HANDLES 64   /* the ready set's bits; 0 is never given out, as on unix and hosted */
#define FLUSH_NS 1000000000ull /* pyrage_exit waits this long at most for frames to go out */

static struct nic *nics[HANDLES]; /* NULL: not a NIC's handle (free, or blk.c's) */
static unsigned nic_limit = 1; /* every NIC's handle is below this */
static uint64_t acquired; /* bit k: the k-th --net entry's NIC (the first 63 can be) */

static struct nic *get(pyrage_handle_t h)
{
    return h < HANDLES ? nics[h] : 0;
}

/* Returns the transmit buffers the device is done with to the free list. */
static void reclaim(struct nic *n)
{
    uint32_t len;
    while (virtq_pending(&n->tx)) {
        uint32_t id = virtq_take(&n->tx, &len);
        if (id < n->tx.size && n->tx_free_count < n->tx.size)
            n->tx_free[n->tx_free_count++] = (uint16_t)id;
    }
}

/*
 * yield's poller (virtio_poll[VIRTIO_NET]). WARNING: the interrupt is
 * acknowledged (`ack`: one came) before the rings are looked at: a buffer used
 * after the acknowledgement raises the (edge-triggered) line again, and one
 * used before it is seen below. With `arm`, yield is about to halt: refills go
 * to the device and interrupts are asked for, then the rings are looked at
 * once more, since what arrived before the asking raises none.
 */
static pyrage_handle_set_t net_poll(int arm, int ack)
{
    pyrage_handle_set_t ready = 0;
    for (unsigned h = 1; h < nic_limit; h++) {
        struct nic *n = nics[h];
        pyrage_handle_set_t bit = (pyrage_handle_set_t)1 << h;
        if (!n)
            continue;
        if (ack)
            virtio_ack(&n->dev);
        if (arm)
            virtq_publish(&n->dev, &n->rx);
        virtq_arm(&n->tx, arm && n->want_write);
        virtq_arm(&n->rx, arm);
        if (n->want_write) {
            reclaim(n);
            if (n->tx_free_count) { /* in the set once, when room appears */
                n->want_write = 0;
                ready |= bit;
            }
        }
        if (virtq_pending(&n->rx))
            ready |= bit;
    }
    return ready;
}

/*
 * pyrage_exit's hook (virtio_exit_flush): frames that net_write took are on
 * the transmit ring, and QEMU ends at once on exit, dropping them, where a
 * unix process's writes have reached the tap. So exit first waits (in yield,
 * woken by transmit interrupts) until the device has taken every one, or
 * FLUSH_NS. Received frames are dropped meanwhile: nobody will read them,
 * and pending they would keep yield from waiting.
 */
static void net_flush(void)
{
    pyrage_time_t deadline = pyrage_clock_monotonic() + FLUSH_NS;
    uint32_t len;
    for (unsigned h = 1; h < nic_limit; h++) {
        struct nic *n = nics[h];
        if (!n)
            continue;
        while (reclaim(n), n->tx_free_count < n->tx.size && pyrage_clock_monotonic() < deadline) {
            while (virtq_pending(&n->rx))
                virtq_put(&n->rx, (uint16_t)virtq_take(&n->rx, &len));
            n->want_write = 1;
            pyrage_yield(deadline, 0);
        }
    }
}

pyrage_result_t pyrage_net_acquire(const char *name, pyrage_handle_t *handle,
                                   struct pyrage_net_info *info)
{
    unsigned device;
    int k = virtio_find_arg("--net:", PYRAGE_DEVICE_NET, "NIC", name, &device);
    if (k == -2)
        return PYRAGE_R_EUNSPEC;
    if (k < 0 || (k < HANDLES - 1 && (acquired >> k & 1)))
        return PYRAGE_R_EINVAL;
    if (k >= HANDLES - 1) { /* a bit of `acquired` */
        SAY("NIC '", name, "': more than 63 --net entries");
        return PYRAGE_R_EUNSPEC;
    }
    if (virtio_handles >= HANDLES) {
        SAY("NIC '", name, "': more than 63 devices");
        return PYRAGE_R_EUNSPEC;
    }
    struct nic *n = (struct nic *)(boot_net_memory + (uintptr_t)k * NET_MEMORY);
    __builtin_memset(n, 0, sizeof *n);
    pyrage_result_t r = net_open(n, name, device, nics + 1, nic_limit - 1);
    if (r != PYRAGE_R_OK)
        return r;
    if (n->dev.features & F_MAC) {
        virtio_config(&n->dev, CFG_MAC, info->mac, 6);
    } else { /* 02:70 (locally administered, as unix makes them), then "vn" and the number */
        const uint8_t made[6] = {0x02, 0x70, 'v', 'n', 0, (uint8_t)device};
        __builtin_memcpy(info->mac, made, 6);
    }
    info->mtu = n->mtu;
    acquired |= 1ull << k; /* a failed one may be tried again: negotiation starts with a reset */
    unsigned h = virtio_handles++; /* below HANDLES, checked above */
    nics[h] = n;
    nic_limit = h + 1;
    *handle = h;
    virtio_poll[VIRTIO_NET] = net_poll;
    virtio_yield = yield_devices;
    virtio_exit_flush = net_flush;
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_net_write(pyrage_handle_t handle, const uint8_t *frame, size_t size)
{
    struct nic *n = get(handle);
    if (!n || size < ETHER_HEADER || size > n->mtu + (size_t)ETHER_HEADER)
        return PYRAGE_R_EINVAL;
    if (!n->tx_free_count)
        reclaim(n);
    if (!n->tx_free_count) {
        n->want_write = 1; /* net_poll arms the transmit interrupt before yield halts */
        return PYRAGE_R_AGAIN;
    }
    uint16_t id = n->tx_free[--n->tx_free_count];
    __builtin_memcpy(n->tx_buf + id * BUF + n->header, frame, size);
    n->tx.desc[id].len = (uint32_t)(n->header + size);
    virtq_put(&n->tx, id);
    virtq_publish(&n->dev, &n->tx);
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_net_read(pyrage_handle_t handle, uint8_t *buf, size_t size,
                                size_t *read_size)
{
    struct nic *n = get(handle);
    if (!n || size < n->mtu + (size_t)ETHER_HEADER)
        return PYRAGE_R_EINVAL;
    while (virtq_pending(&n->rx)) {
        uint32_t len, id = virtq_take(&n->rx, &len);
        if (id >= n->rx.size)
            continue; /* a device bug: not a buffer of ours */
        /* A frame longer than the MTU allows is dropped, as a NIC would; the check also keeps
         * a device's wrong length from reading past the buffer or writing past buf. */
        size_t frame = len > n->header ? len - n->header : 0;
        int ok = frame >= ETHER_HEADER && frame <= n->mtu + (size_t)ETHER_HEADER;
        if (ok)
            __builtin_memcpy(buf, n->rx_buf + id * BUF + n->header, frame);
        /* Refilled in batches: one notification per quarter ring at most, and the rest when
         * the ring runs dry (below) or yield halts (net_poll). */
        virtq_put(&n->rx, (uint16_t)id);
        if ((uint16_t)(n->rx.next_avail - n->rx.published) >= n->rx.size / 4)
            virtq_publish(&n->dev, &n->rx);
        if (ok) {
            *read_size = frame;
            return PYRAGE_R_OK;
        }
    }
    virtq_publish(&n->dev, &n->rx);
    return PYRAGE_R_AGAIN;
}
