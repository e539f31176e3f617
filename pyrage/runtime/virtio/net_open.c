/*
 * Bringing a NIC up: the N-th virtio-net device (from 0, in the command
 * line's virtio_mmio.device= order: QEMU's -device order), which the
 * --net:NAME=N entry names (mmio.c's virtio_find_arg), its features, its two
 * queues, and its buffers, all in the NET_MEMORY that boot.c carved for the
 * entry.
 *
 * Features: VERSION_1 (modern), MAC, MTU (up to what a 2 KiB buffer holds),
 * STATUS; ANY_LAYOUT on legacy devices (not EVENT_IDX: net.h says why). No mergeable buffers, no
 * checksum or segmentation offloads: each buffer holds one whole frame, which
 * the stack above checksums.
 */
#include "net.h"

pyrage_result_t net_open(struct nic *n, const char *name, unsigned device,
                         struct nic *const *others, unsigned count_up)
{
    unsigned count;
    if (!virtio_find(VIRTIO_ID_NET, device, &n->dev, &count)) {
        char a[11], b[11];
        SAY("NIC '", name, "': no virtio-net device ", virtio_decimal(device, a), " (the VM has ",
            virtio_decimal(count, b), ")");
        return PYRAGE_R_EUNSPEC;
    }
    for (unsigned i = 0; i < count_up; i++) {
        if (others[i] && others[i]->dev.base == n->dev.base) { /* a reset would take it */
            char a[11];
            SAY("NIC '", name, "': virtio-net device ", virtio_decimal(device, a),
                " is another NIC's");
            return PYRAGE_R_EUNSPEC;
        }
    }
    if (!virtio_negotiate(&n->dev, WANTED)) {
        SAY("NIC '", name, "': the virtio-net device refused VERSION_1");
        return PYRAGE_R_EUNSPEC;
    }
    uint8_t *base = (uint8_t *)n;
    if (!virtq_init(&n->dev, &n->rx, 0, base + RX_RING) ||
        !virtq_init(&n->dev, &n->tx, 1, base + TX_RING)) {
        SAY("NIC '", name, "': the virtio-net device has no receive or transmit queue");
        return PYRAGE_R_EUNSPEC;
    }
    n->rx_buf = base + BUFFERS;
    n->tx_buf = n->rx_buf + VIRTQ_MAX * BUF;
    n->header = n->dev.features & VIRTIO_F_VERSION_1 ? 12 : 10;
    n->mtu = 1500;
    if (n->dev.features & F_MTU) {
        uint8_t m[2];
        virtio_config(&n->dev, CFG_MTU, m, 2);
        uint16_t mtu = (uint16_t)(m[0] | m[1] << 8), max = (uint16_t)(BUF - 12 - ETHER_HEADER);
        n->mtu = mtu < max ? mtu : max;
    }
    for (uint16_t i = 0; i < n->rx.size; i++) {
        n->rx.desc[i] = (struct vring_desc){(uintptr_t)(n->rx_buf + i * BUF), BUF,
                                            VRING_DESC_F_WRITE, 0};
        virtq_put(&n->rx, i);
    }
    /* Transmit headers stay zero (no offloads): written once here, never by the device. */
    __builtin_memset(n->tx_buf, 0, (size_t)VIRTQ_MAX * BUF);
    for (uint16_t i = 0; i < n->tx.size; i++) {
        n->tx.desc[i] = (struct vring_desc){(uintptr_t)(n->tx_buf + i * BUF), 0, 0, 0};
        n->tx_free[n->tx_free_count++] = (uint16_t)(n->tx.size - 1 - i);
    }
    if (!virtio_start(&n->dev)) {
        SAY("NIC '", name, "': its interrupt has no I/O APIC pin");
        return PYRAGE_R_EUNSPEC;
    }
    virtq_publish(&n->dev, &n->rx); /* after DRIVER_OK: no notification before it */
    return PYRAGE_R_OK;
}

