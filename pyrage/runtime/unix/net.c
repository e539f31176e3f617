/*
 * NICs: Linux tap interfaces through /dev/net/tun, one Ethernet frame per
 * read(2) or write(2). The boot arguments --net:NAME=TAP say which tap is the
 * application's NIC NAME; args.c takes them out of argv at boot, before the
 * application sees its arguments, as Solo5's tenders do.
 */
#include "devices.h"
#include "sys.h"

#define IFNAMSIZ 16
#define TUNSETIFF 0x400454caL /* _IOW('T', 202, int) */
#define SIOCGIFMTU 0x8921
#define IFF_TAP 0x0002
#define IFF_NO_PI 0x1000 /* frames only: no 4-byte packet-information header */
#define ETHER_HEADER 14

struct unix_ifreq {
    char name[IFNAMSIZ];
    union {
        short flags;
        int mtu;
        char size[24]; /* the kernel's struct ifreq is 40 bytes */
    } u;
};

/*
 * The unikernel's own MAC. The tap's MAC (SIOCGIFHWADDR) is the Linux side's
 * address, not ours, so we make one from the tap's name: 02:70 (02: locally
 * administered, unicast), then the CRC-32 of the name (zlib's), big-endian.
 * The hosted target makes the same one (impls/hosted/net.py), and it is
 * stable across runs, so the host's ARP cache stays right when the unikernel
 * restarts or changes target.
 */
static void make_mac(const char *tap, uint8_t mac[6])
{
    uint32_t crc = 0xFFFFFFFFu;
    for (const char *p = tap; *p; p++) {
        crc ^= (uint8_t)*p;
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xEDB88320u & -(crc & 1));
    }
    crc = ~crc;
    mac[0] = 0x02;
    mac[1] = 0x70;
    for (int i = 0; i < 4; i++)
        mac[2 + i] = (uint8_t)(crc >> (24 - 8 * i));
}

/* The tap's fd and MTU, or -1 with *what and *why set for the message. */
static long open_tap(const char *tap, uint16_t *mtu, const char **what, const char **why)
{
    struct unix_ifreq ifr = {0};
    size_t size = unix_cstrlen(tap);
    if (size >= IFNAMSIZ) {
        *why = "interface names have at most 15 characters";
        return -1;
    }
    for (size_t i = 0; i < size; i++)
        ifr.name[i] = tap[i];
    /* SIOCGIFMTU first, for the MTU and because it fails on a missing interface:
     * WARNING: TUNSETIFF would create a missing tap (one that vanishes on exit) instead. */
    *mtu = 1500;
    long s = sys3(SYS_socket, AF_INET, SOCK_DGRAM | O_CLOEXEC, 0);
    if (!sys_failed(s)) {
        long r = sys3(SYS_ioctl, s, SIOCGIFMTU, &ifr);
        sys3(SYS_close, s, 0, 0);
        if (r == -ENODEV) {
            *why = "no such interface";
            return -1;
        }
        if (r == 0 && ifr.u.mtu > 0)
            *mtu = ifr.u.mtu < 65535 ? (uint16_t)ifr.u.mtu : 65535;
    }
    long fd = sys3(SYS_open, "/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC, 0);
    if (sys_failed(fd)) {
        *what = "/dev/net/tun: ";
        *why = unix_strerror(-fd);
        return -1;
    }
    ifr.u.flags = IFF_TAP | IFF_NO_PI;
    long r = sys3(SYS_ioctl, fd, TUNSETIFF, &ifr);
    if (sys_failed(r)) {
        sys3(SYS_close, fd, 0, 0);
        *why = r == -EINVAL  ? "not a tap interface (or a multi-queue one)"
               : r == -EBUSY ? "in use by another process"
               : r == -EPERM ? "operation not permitted (needs CAP_NET_ADMIN or the tap's owner)"
                             : unix_strerror(-r);
        return -1;
    }
    return fd;
}

pyrage_result_t pyrage_net_acquire(const char *name, pyrage_handle_t *handle,
                                   struct pyrage_net_info *info)
{
    if (!unix_device_declared(UNIX_ARG_NET, name))
        return PYRAGE_R_EUNSPEC;
    struct unix_device_arg *nic = unix_device_arg(UNIX_ARG_NET, name);
    if (!nic || nic->acquired)
        return PYRAGE_R_EINVAL;
    const char *what = "", *why = "";
    uint16_t mtu;
    long fd = open_tap(nic->value, &mtu, &what, &why);
    int h = fd < 0 ? -1 : unix_handle_open((int)fd, UNIX_TAP);
    if (fd >= 0 && h < 0) {
        sys3(SYS_close, fd, 0, 0);
        why = "too many devices open (63)";
    }
    if (h < 0) {
        const char *parts[] = {"cannot open tap '", nic->value, "' for NIC '", name, "': ", what,
                               why};
        unix_say(parts, 7);
        return PYRAGE_R_EUNSPEC;
    }
    nic->acquired = 1;
    unix_handles[h].mtu = mtu;
    info->mtu = mtu;
    make_mac(nic->value, info->mac);
    *handle = (pyrage_handle_t)h;
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_net_write(pyrage_handle_t handle, const uint8_t *frame, size_t size)
{
    struct unix_handle *e = unix_handle_get(handle, UNIX_TAP);
    if (!e || size < ETHER_HEADER || size > e->mtu + (size_t)ETHER_HEADER)
        return PYRAGE_R_EINVAL;
    long n = sys3(SYS_write, e->fd, frame, size);
    /* EIO: the Linux side of the tap is down. A NIC without a link drops what it is given,
     * and so do we: the stack above retries as it would after any loss. */
    return unix_handle_result(e, n == -EIO ? 0 : n, 1);
}

pyrage_result_t pyrage_net_read(pyrage_handle_t handle, uint8_t *buf, size_t size,
                                size_t *read_size)
{
    struct unix_handle *e = unix_handle_get(handle, UNIX_TAP);
    if (!e || size < e->mtu + (size_t)ETHER_HEADER)
        return PYRAGE_R_EINVAL;
    long n = sys3(SYS_read, e->fd, buf, size);
    pyrage_result_t r = unix_handle_result(e, n, 0);
    if (r == PYRAGE_R_OK)
        *read_size = (size_t)n;
    return r;
}
