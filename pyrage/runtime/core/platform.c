/*
 * stdlib/platform.py's @extern functions: the platform ABI with pyrage
 * values (str, bytes, int) in place of C buffers.
 */
#include "object.h"

void rt_console_write(const pyrage_bytes *data)
{
    pyrage_console_write(data->data, (size_t)data->size);
}

void rt_console_write_err(const pyrage_bytes *data)
{
    pyrage_console_write_err(data->data, (size_t)data->size);
}

int64_t rt_clock_monotonic(void)
{
    return (int64_t)pyrage_clock_monotonic();
}

int64_t rt_clock_wall(void)
{
    return (int64_t)pyrage_clock_wall();
}

int64_t rt_yield_until(int64_t deadline)
{
    pyrage_handle_set_t ready = 0;
    pyrage_yield(deadline < 0 ? 0 : (pyrage_time_t)deadline, &ready);
    return (int64_t)ready;
}

void rt_exit(int64_t status)
{
    pyrage_exit((int)status);
}

/* print(): the text is already joined (sep, end) by compiled code. */
void rt_print(const pyrage_str *text)
{
    pyrage_console_write(text->data, (size_t)text->size);
}

/* print(..., file=sys.stderr) */
void rt_print_err(const pyrage_str *text)
{
    pyrage_console_write_err(text->data, (size_t)text->size);
}

/*
 * Network devices (docs/network.md): handles, frames and datagrams, with the results as the
 * ints of stdlib/platform.py. The MAC and MTU of each NIC and the source of each socket's last
 * datagram are kept here, by handle, so that no target has to.
 *
 * WARNING: offsets and sizes come from pyrage code and can be anything: each is checked
 * against its RawBytes before a pointer into it is formed, and a handle before it indexes.
 */
#define HANDLES 64
#define ERR_EIO 5 /* udp_*: the host refused (the ABI carries no errno: udp_bind prints why) */

static struct pyrage_net_info net_info[HANDLES];
static uint64_t udp_peer[HANDLES]; /* addr << 16 | port */

static bool in_range(const pyrage_bytes *raw, int64_t offset, int64_t size)
{
    return offset >= 0 && size >= 0 && offset <= raw->size && size <= raw->size - offset;
}

static bool is_handle(int64_t h)
{
    return h >= 0 && h < HANDLES;
}

/* net_*: -1 AGAIN, -2 a bad argument, -3 any other error. */
static int64_t net_result(pyrage_result_t r, int64_t ok)
{
    return r == PYRAGE_R_OK ? ok : r == PYRAGE_R_AGAIN ? -1 : r == PYRAGE_R_EINVAL ? -2 : -3;
}

/* udp_*: -1 AGAIN, -2 a bad argument (as net_*), else -(errno). */
static int64_t udp_result(pyrage_result_t r, int64_t ok)
{
    return r == PYRAGE_R_OK ? ok : r == PYRAGE_R_AGAIN ? -1 : r == PYRAGE_R_EINVAL ? -2 : -ERR_EIO;
}

/* A device's name as a C string for the platform, in cname[64]; false when it does not fit or
 * has a NUL inside (which would name another device). */
static bool device_name(const pyrage_str *name, char cname[64])
{
    if (name->size >= 64)
        return false;
    memcpy(cname, name->data, (size_t)name->size);
    cname[name->size] = 0;
    return (int64_t)rt_cstrlen(cname) == name->size;
}

int64_t rt_net_acquire(const pyrage_str *name)
{
    char cname[64];
    if (!device_name(name, cname))
        return -1;
    pyrage_handle_t h;
    struct pyrage_net_info info;
    pyrage_result_t r = pyrage_net_acquire(cname, &h, &info);
    if (r == PYRAGE_R_OK && h >= HANDLES)
        r = PYRAGE_R_EUNSPEC; /* a platform bug: not a handle we can index */
    if (r != PYRAGE_R_OK)
        return r == PYRAGE_R_EINVAL ? -1 : -2;
    net_info[h] = info;
    return (int64_t)h;
}

pyrage_bytes *rt_net_mac(int64_t h)
{
    pyrage_bytes *mac = rt_alloc((int64_t)sizeof(pyrage_bytes) + 6, &rt_type_bytes);
    mac->size = 6;
    if (is_handle(h))
        memcpy(mac->data, net_info[h].mac, 6);
    return mac;
}

int64_t rt_net_mtu(int64_t h)
{
    return is_handle(h) ? net_info[h].mtu : 0;
}

int64_t rt_net_read(int64_t h, pyrage_bytes *into, int64_t offset, int64_t size)
{
    if (!is_handle(h) || !in_range(into, offset, size))
        return -2;
    size_t got = 0;
    pyrage_result_t r =
        pyrage_net_read((pyrage_handle_t)h, (uint8_t *)into->data + offset, (size_t)size, &got);
    return net_result(r, (int64_t)got);
}

int64_t rt_net_write(int64_t h, const pyrage_bytes *frame, int64_t offset, int64_t size)
{
    if (!is_handle(h) || !in_range(frame, offset, size))
        return -2;
    return net_result(pyrage_net_write((pyrage_handle_t)h,
                                       (const uint8_t *)frame->data + offset, (size_t)size),
                      0);
}

int64_t rt_udp_bind(int64_t addr, int64_t port)
{
    if (addr < 0 || addr > 0xFFFFFFFF || port < 0 || port > 0xFFFF)
        return -2;
    pyrage_handle_t h;
    pyrage_result_t r = pyrage_udp_bind((uint32_t)addr, (uint16_t)port, &h);
    if (r == PYRAGE_R_OK && h >= HANDLES) { /* a platform bug: not a handle we can index */
        pyrage_udp_close(h);
        r = PYRAGE_R_EUNSPEC;
    }
    if (r != PYRAGE_R_OK)
        return udp_result(r, 0);
    udp_peer[h] = 0;
    return (int64_t)h;
}

int64_t rt_udp_sendto(int64_t h, int64_t addr, int64_t port, const pyrage_bytes *data,
                      int64_t offset, int64_t size)
{
    if (!is_handle(h) || addr < 0 || addr > 0xFFFFFFFF || port < 0 || port > 0xFFFF ||
        !in_range(data, offset, size))
        return -2;
    return udp_result(pyrage_udp_sendto((pyrage_handle_t)h, (uint32_t)addr, (uint16_t)port,
                                        (const uint8_t *)data->data + offset, (size_t)size),
                      0);
}

int64_t rt_udp_recvfrom(int64_t h, pyrage_bytes *into, int64_t offset, int64_t size)
{
    if (!is_handle(h) || !in_range(into, offset, size))
        return -2;
    size_t got = 0;
    uint32_t addr = 0;
    uint16_t port = 0;
    pyrage_result_t r = pyrage_udp_recvfrom((pyrage_handle_t)h, (uint8_t *)into->data + offset,
                                            (size_t)size, &got, &addr, &port);
    if (r == PYRAGE_R_OK)
        udp_peer[h] = (uint64_t)addr << 16 | port;
    return udp_result(r, (int64_t)got);
}

int64_t rt_udp_peer(int64_t h)
{
    return is_handle(h) ? (int64_t)udp_peer[h] : 0;
}

void rt_udp_close(int64_t h)
{
    if (is_handle(h) && pyrage_udp_close((pyrage_handle_t)h) == PYRAGE_R_OK)
        udp_peer[h] = 0;
}

/*
 * Block devices: requests that run asynchronously, each the caller's tag, with the results as
 * the ints of stdlib/platform.py. The geometry of each device and the status of the request
 * each handle's block_poll last returned are kept here, by handle.
 *
 * WARNING: the platform holds on to buf[offset:offset+size] until the request's tag comes back
 * from block_poll (abi.h: nothing is copied), so a bad range must be refused here, before the
 * platform sees a pointer, exactly as for net_read.
 */
static struct pyrage_block_info block_info[HANDLES]; /* sector_size 0: not a block handle */
static uint8_t block_failed[HANDLES];                /* the last polled request failed */

int64_t rt_block_acquire(const pyrage_str *name)
{
    char cname[64];
    if (!device_name(name, cname))
        return -1;
    pyrage_handle_t h;
    struct pyrage_block_info info;
    pyrage_result_t r = pyrage_block_acquire(cname, &h, &info);
    if (r == PYRAGE_R_OK && (h >= HANDLES || info.sector_size == 0))
        r = PYRAGE_R_EUNSPEC; /* a platform bug: not a handle we can index, or no sectors */
    if (r != PYRAGE_R_OK)
        return r == PYRAGE_R_EINVAL ? -1 : -2;
    block_info[h] = info;
    block_failed[h] = 0;
    return (int64_t)h;
}

static bool is_block(int64_t h)
{
    return is_handle(h) && block_info[h].sector_size != 0;
}

int64_t rt_block_geometry(int64_t h, int64_t field)
{
    if (!is_block(h))
        return -1;
    const struct pyrage_block_info *b = &block_info[h];
    switch (field) {
    case 0:
        return (int64_t)b->sector_size;
    case 1:
        return (int64_t)b->sectors;
    case 2:
        return b->read_only != 0;
    case 3:
        return b->max_request;
    case 4:
        return b->queue_depth;
    default:
        return -1;
    }
}

int64_t rt_block_submit(int64_t h, int64_t op, int64_t sector, pyrage_bytes *buf,
                        int64_t offset, int64_t size, int64_t tag)
{
    if (!is_block(h) || op < PYRAGE_BLOCK_READ || op > PYRAGE_BLOCK_FLUSH || tag < 0)
        return -2;
    uint8_t *data = 0;
    if (op == PYRAGE_BLOCK_FLUSH) { /* sector, offset and size mean nothing: never looked at */
        sector = 0;
        size = 0;
    } else {
        if (sector < 0 || !in_range(buf, offset, size))
            return -2;
        data = (uint8_t *)buf->data + offset;
    }
    pyrage_result_t r = pyrage_block_submit((pyrage_handle_t)h, (uint32_t)op, (uint64_t)sector,
                                            data, (size_t)size, (uint64_t)tag);
    /* The ABI's EUNSPEC is not a submit result (a device's failure is the request's status):
     * from a platform it is as good as a refusal. */
    return r == PYRAGE_R_OK ? 0 : r == PYRAGE_R_AGAIN ? -1 : -2;
}

int64_t rt_block_poll(int64_t h)
{
    if (!is_block(h))
        return -2;
    uint64_t tag = 0;
    pyrage_result_t status = PYRAGE_R_OK;
    pyrage_result_t r = pyrage_block_poll((pyrage_handle_t)h, &tag, &status);
    if (r == PYRAGE_R_AGAIN)
        return -1;
    if (r != PYRAGE_R_OK || tag > (uint64_t)INT64_MAX)
        return -2; /* a platform bug: submit takes no negative tag */
    block_failed[h] = status != PYRAGE_R_OK;
    return (int64_t)tag;
}

int64_t rt_block_status(int64_t h)
{
    return is_block(h) ? block_failed[h] : 1;
}

/*
 * Entropy: into[offset:offset+size] from the platform's source. 0, -2 for a bad range, -3
 * when the source failed (then nothing written may be used).
 */
int64_t rt_entropy(pyrage_bytes *into, int64_t offset, int64_t size)
{
    if (!in_range(into, offset, size))
        return -2;
    return pyrage_entropy((uint8_t *)into->data + offset, (size_t)size) == PYRAGE_R_OK ? 0 : -3;
}

int64_t rt_entropy_source(void)
{
    return pyrage_entropy_source();
}
