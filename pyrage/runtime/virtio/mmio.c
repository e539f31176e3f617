/*
 * The virtio-mmio transport (virtio 1.2 §4.2) and split virtqueues (§2.7),
 * for the drivers (net.c, blk.c), and what they share: the boot arguments
 * that name their devices, and their messages.
 *
 * Devices are found from the command line's virtio_mmio.device=SIZE@BASE:IRQ
 * entries (boot.c sets them aside), in their order there; a malformed one, or
 * one where no virtio-mmio device answers, is skipped. QEMU microvm writes one
 * per device with auto-kernel-cmdline=on, in the order of its -device options
 * (the first at 0xfeb00e00, IRQ 12; the next 0x200 lower, IRQ 11...);
 * Firecracker writes the same form. Nothing here runs unless a driver asks.
 *
 * Version 2 (modern: Firecracker, QEMU with virtio-mmio.force-legacy=false) is
 * the main path. Version 1 (legacy, QEMU's default) costs a few lines: no
 * feature bits above 31 (so no VERSION_1), no FEATURES_OK step, and a queue is
 * given as one page frame number with its used ring on the next page boundary,
 * a layout that suits version 2 too, so both use it.
 */
#include "virtio.h"
#include "x86.h"

#define MAGIC 0x000 /* "virt" */
#define VERSION 0x004
#define DEVICE_ID 0x008
#define DEVICE_FEATURES 0x010
#define DEVICE_FEATURES_SEL 0x014
#define DRIVER_FEATURES 0x020
#define DRIVER_FEATURES_SEL 0x024
#define GUEST_PAGE_SIZE 0x028 /* version 1 */
#define QUEUE_SEL 0x030
#define QUEUE_NUM_MAX 0x034
#define QUEUE_NUM 0x038
#define QUEUE_ALIGN 0x03c /* version 1 */
#define QUEUE_PFN 0x040   /* version 1 */
#define QUEUE_READY 0x044 /* version 2, and the addresses below */
#define QUEUE_NOTIFY 0x050
#define INTERRUPT_ACK 0x064
#define STATUS 0x070
#define QUEUE_DESC 0x080
#define QUEUE_DRIVER 0x090
#define QUEUE_DEVICE 0x0a0
#define CONFIG_GENERATION 0x0fc
#define CONFIG 0x100

#define S_ACKNOWLEDGE 1
#define S_DRIVER 2
#define S_DRIVER_OK 4
#define S_FEATURES_OK 8
#define S_FAILED 128
#define PAGE 4096u

volatile uint8_t virtio_irq_pending;
extern char virtio_isr[]; /* vectors.S */

void virtio_say(const char *const *parts)
{
    console_str("pyrage: ");
    while (*parts)
        console_str(*parts++);
    console_str("\n");
}

const char *virtio_decimal(unsigned v, char *buf)
{
    char *p = buf + 10;
    *p = 0;
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    return p;
}

static size_t cstrlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* boot.c only set the entries aside (refusing those for a device the manifest does not name):
 * they are checked here, so that an image without devices carries none of this, and a bad
 * entry is reported when its device is wanted. A device the manifest does not name is
 * refused before any entry is looked at, so no driver ever touches it. */
int virtio_find_arg(const char *prefix, uint32_t kind, const char *what, const char *name,
                    unsigned *device)
{
    size_t n = cstrlen(name);
    int found = -1, k = 0;
    if (pyrage_manifest_find(kind, name, n) < 0) {
        SAY(what, " '", name, "' is not in the image's manifest");
        return -2;
    }
    for (const char *const *arg = boot_platform_args; *arg && n; arg++) {
        const char *v = after(*arg, prefix);
        if (!v)
            continue;
        if (__builtin_memcmp(v, name, n) == 0 && (v[n] == '=' || v[n] == 0)) {
            const char *d = v + n + (v[n] == '=');
            int ok = *d != 0;
            for (*device = 0; ok && *d; d++) {
                ok = *d >= '0' && *d <= '9' && *device < 100000;
                *device = *device * 10 + (unsigned)(*d - '0');
            }
            if (!ok || found >= 0) {
                if (ok)
                    SAY("bad argument '", *arg, "': a second device for ", what, " '", name, "'");
                else
                    SAY("bad argument '", *arg, "': expected ", prefix, "NAME=N, for ", what,
                        " '", name, "'");
                return -2;
            }
            found = k;
        }
        k++;
    }
    return found;
}

static uint32_t rd(const struct virtio_dev *d, uint32_t reg)
{
    return *(volatile uint32_t *)(d->base + reg);
}

static void wr(const struct virtio_dev *d, uint32_t reg, uint32_t v)
{
    *(volatile uint32_t *)(d->base + reg) = v;
}

/* A number in C's notation (decimal, or hex after 0x) at *p; *p is moved past it. */
static uint64_t number(const char **p)
{
    const char *s = *p;
    uint64_t v = 0, base = 10;
    if (s[0] == '0' && (s[1] | 0x20) == 'x')
        base = 16, s += 2;
    for (;; s++) {
        unsigned c = (unsigned char)*s, x = (c | 0x20) - 'a';
        unsigned d = c - '0' < 10 ? c - '0' : x < 6 ? x + 10 : 16;
        if (d >= base)
            break;
        v = v * base + d;
    }
    *p = s;
    return v;
}

/* "SIZE@BASE:IRQ" (SIZE may end in K, M or G, as Linux reads it): 0 if malformed. */
static int parse_entry(const char *s, struct virtio_dev *dev)
{
    number(&s);
    while (*s && *s != '@')
        s++;
    if (!*s++)
        return 0;
    dev->base = (uintptr_t)number(&s);
    if (*s++ != ':')
        return 0;
    dev->irq = (uint32_t)number(&s);
    return 1;
}

int virtio_find(uint32_t device_type, unsigned n, struct virtio_dev *dev, unsigned *count)
{
    *count = 0;
    for (const char *const *arg = boot_platform_args; *arg; arg++) {
        const char *entry = after(*arg, "virtio_mmio.device=");
        if (!entry || !parse_entry(entry, dev) || !paging_map_device(dev->base))
            continue;
        dev->version = rd(dev, VERSION);
        if (rd(dev, MAGIC) != 0x74726976 || (dev->version != 1 && dev->version != 2) ||
            rd(dev, DEVICE_ID) != device_type)
            continue;
        if ((*count)++ == n)
            return 1;
    }
    return 0;
}

int virtio_negotiate(struct virtio_dev *dev, uint64_t wanted)
{
    wr(dev, STATUS, 0); /* reset: QEMU and Firecracker complete it within the write */
    wr(dev, STATUS, S_ACKNOWLEDGE | S_DRIVER);
    uint64_t offered = 0;
    for (uint32_t word = 0; word < dev->version; word++) { /* version 1 has only word 0 */
        wr(dev, DEVICE_FEATURES_SEL, word);
        offered |= (uint64_t)rd(dev, DEVICE_FEATURES) << (32 * word);
    }
    dev->features = offered & wanted;
    for (uint32_t word = 0; word < dev->version; word++) {
        wr(dev, DRIVER_FEATURES_SEL, word);
        wr(dev, DRIVER_FEATURES, (uint32_t)(dev->features >> (32 * word)));
    }
    if (dev->version == 1) {
        wr(dev, GUEST_PAGE_SIZE, PAGE);
        return 1;
    }
    /* A modern device without VERSION_1 would be a legacy one behind a modern transport. */
    wr(dev, STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    if ((dev->features & VIRTIO_F_VERSION_1) && (rd(dev, STATUS) & S_FEATURES_OK))
        return 1;
    wr(dev, STATUS, S_FAILED);
    return 0;
}

unsigned virtq_init(struct virtio_dev *dev, struct virtq *q, uint16_t index, void *mem)
{
    wr(dev, QUEUE_SEL, index);
    uint32_t max = rd(dev, QUEUE_NUM_MAX);
    if (max == 0 || rd(dev, dev->version == 1 ? QUEUE_PFN : QUEUE_READY) != 0)
        return 0; /* no such queue, or already in use */
    uint16_t size = VIRTQ_MAX;
    while (size > max) /* a split ring's size is a power of 2 */
        size >>= 1;
    uintptr_t base = (uintptr_t)mem;
    uintptr_t avail = base + 16u * size, used = (avail + 6 + 2u * size + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
    __builtin_memset(mem, 0, used + 6 + 8u * size - base);
    *q = (struct virtq){(volatile void *)base, (volatile void *)avail, (volatile void *)used,
                        size, index, 0, 0, 0, !!(dev->features & VIRTIO_F_EVENT_IDX), 1};
    virtq_arm(q, 0); /* interrupts only when a poller asks (yield, about to halt) */
    wr(dev, QUEUE_NUM, size);
    if (dev->version == 1) {
        wr(dev, QUEUE_ALIGN, PAGE);
        wr(dev, QUEUE_PFN, (uint32_t)(base / PAGE));
        return size;
    }
    const uintptr_t parts[3] = {base, avail, used};
    for (int i = 0; i < 3; i++) {
        wr(dev, QUEUE_DESC + 0x10 * (uint32_t)i, (uint32_t)parts[i]);
        wr(dev, QUEUE_DESC + 0x10 * (uint32_t)i + 4, (uint32_t)((uint64_t)parts[i] >> 32));
    }
    wr(dev, QUEUE_READY, 1);
    return size;
}

int virtio_start(struct virtio_dev *dev)
{
    /* Routed before DRIVER_OK: an edge before the pin is unmasked would be lost, and the line
     * left high (edge-triggered, cpu.c) would never interrupt again. */
    cpu_set_gate(VIRTIO_VECTOR, virtio_isr);
    if (!ioapic_route(dev->irq, VIRTIO_VECTOR)) {
        wr(dev, STATUS, S_FAILED);
        return 0;
    }
    wr(dev, STATUS, rd(dev, STATUS) | S_DRIVER_OK);
    virtio_irq_pending = 1; /* the first poll acknowledges whatever is pending */
    return 1;
}

void virtio_config(const struct virtio_dev *dev, uint32_t offset, uint8_t *out, unsigned n)
{
    /* Version 2 counts configuration changes: a field that one came in the middle of (the link
     * status, say) is read again. Version 1 has no counter (QEMU logs a guest error for it). */
    uint32_t generation;
    do {
        generation = dev->version == 2 ? rd(dev, CONFIG_GENERATION) : 0;
        for (unsigned i = 0; i < n; i++)
            out[i] = *(volatile uint8_t *)(dev->base + CONFIG + offset + i);
    } while (dev->version == 2 && rd(dev, CONFIG_GENERATION) != generation);
}

void virtio_ack(const struct virtio_dev *dev)
{
    wr(dev, INTERRUPT_ACK, 3); /* used buffer | configuration change */
}

/*
 * WARNING (orderings): x86 keeps stores in order and loads in order, so only
 * the compiler must be stopped from reordering ring writes before an index
 * write (volatile does that), except store-then-load: the index we publish
 * must be visible before we read whether the device wants a notification
 * (or, in virtq_arm, an event index before we read the used index), or the
 * device and we could each miss the other's update. That needs mfence.
 */
void virtq_publish(const struct virtio_dev *dev, struct virtq *q)
{
    uint16_t old = q->published, now = q->next_avail;
    if (old == now)
        return;
    q->avail->idx = now;
    q->published = now;
    __asm__ volatile("mfence" : : : "memory");
    int kick;
    if (q->event_idx) { /* the spec's vring_need_event: did we pass the device's avail_event? */
        uint16_t event = *(volatile uint16_t *)&q->used->ring[q->size];
        kick = (uint16_t)(now - event - 1) < (uint16_t)(now - old);
    } else {
        kick = !(q->used->flags & VRING_USED_F_NO_NOTIFY);
    }
    if (kick)
        wr(dev, QUEUE_NOTIFY, q->index);
}

/*
 * With EVENT_IDX the device interrupts when its used index passes used_event:
 * on, that is the next entry; off, the entry behind us, which it passed
 * already (it would interrupt again only after 65,536 more). Without it, the
 * avail ring's NO_INTERRUPT flag, which a device may ignore (a spurious wake,
 * allowed by yield's contract).
 */
void virtq_arm(struct virtq *q, int on)
{
    if (!on && !q->armed)
        return;
    q->armed = (uint8_t)on;
    if (q->event_idx)
        *(volatile uint16_t *)&q->avail->ring[q->size] = (uint16_t)(q->last_used - !on);
    else
        q->avail->flags = on ? 0 : VRING_AVAIL_F_NO_INTERRUPT;
    if (on)
        __asm__ volatile("mfence" : : : "memory");
}
