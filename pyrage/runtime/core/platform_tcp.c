/*
 * stdlib/platform.py's tcp_* functions: the ABI's TCP sockets with the results
 * as ints: -1 AGAIN, -2 a bad argument, else -(Linux errno) for the failures
 * the socket stack tells apart (ECONNREFUSED, ECONNRESET, ETIMEDOUT,
 * EADDRINUSE) and -EIO for the others, as the hosted platform returns them.
 *
 * WARNING: offsets and sizes come from pyrage code and can be anything: each is
 * checked against its RawBytes before a pointer into it is formed. Handles are
 * the platform's to check (they index nothing here).
 */
#include "object.h"

static int64_t tcp_result(pyrage_result_t r, int64_t ok)
{
    switch (r) {
    case PYRAGE_R_OK:
        return ok;
    case PYRAGE_R_AGAIN:
        return -1;
    case PYRAGE_R_EINVAL:
        return -2;
    case PYRAGE_R_EREFUSED:
        return -111;
    case PYRAGE_R_ERESET:
        return -104;
    case PYRAGE_R_ETIMEDOUT:
        return -110;
    case PYRAGE_R_EADDRINUSE:
        return -98;
    default:
        return -5;
    }
}

static bool tcp_range(const pyrage_bytes *raw, int64_t offset, int64_t size)
{
    return offset >= 0 && size >= 0 && offset <= raw->size && size <= raw->size - offset;
}

static bool is_endpoint(int64_t addr, int64_t port)
{
    return addr >= 0 && addr <= 0xFFFFFFFF && port >= 0 && port <= 0xFFFF;
}

/* The peer of the connection rt_tcp_accept last returned: addr << 16 | port. */
static int64_t accepted_peer;

int64_t rt_tcp_listen(int64_t addr, int64_t port, int64_t backlog)
{
    if (!is_endpoint(addr, port) || backlog < 0 || backlog > 0xFFFF)
        return -2;
    pyrage_handle_t h = 0;
    pyrage_result_t r = pyrage_tcp_listen((uint32_t)addr, (uint16_t)port, (uint32_t)backlog, &h);
    return tcp_result(r, (int64_t)h);
}

int64_t rt_tcp_accept(int64_t h)
{
    if (h < 0)
        return -2;
    pyrage_handle_t conn = 0;
    uint32_t addr = 0;
    uint16_t port = 0;
    pyrage_result_t r = pyrage_tcp_accept((pyrage_handle_t)h, &conn, &addr, &port);
    if (r != PYRAGE_R_OK)
        return tcp_result(r, 0);
    accepted_peer = (int64_t)addr << 16 | port;
    return (int64_t)conn;
}

int64_t rt_tcp_accepted_peer(void)
{
    return accepted_peer;
}

int64_t rt_tcp_connect(int64_t addr, int64_t port)
{
    if (!is_endpoint(addr, port))
        return -2;
    pyrage_handle_t h = 0;
    pyrage_result_t r = pyrage_tcp_connect((uint32_t)addr, (uint16_t)port, &h);
    return tcp_result(r, (int64_t)h);
}

int64_t rt_tcp_connect_result(int64_t h)
{
    return h < 0 ? -2 : tcp_result(pyrage_tcp_connect_result((pyrage_handle_t)h), 0);
}

int64_t rt_tcp_send(int64_t h, const pyrage_bytes *data, int64_t offset, int64_t size)
{
    if (h < 0 || !tcp_range(data, offset, size))
        return -2;
    size_t sent = 0;
    pyrage_result_t r = pyrage_tcp_send((pyrage_handle_t)h, (const uint8_t *)data->data + offset,
                                        (size_t)size, &sent);
    return tcp_result(r, (int64_t)sent);
}

int64_t rt_tcp_recv(int64_t h, pyrage_bytes *into, int64_t offset, int64_t size)
{
    if (h < 0 || !tcp_range(into, offset, size))
        return -2;
    size_t got = 0;
    pyrage_result_t r =
        pyrage_tcp_recv((pyrage_handle_t)h, (uint8_t *)into->data + offset, (size_t)size, &got);
    return tcp_result(r, (int64_t)got);
}

int64_t rt_tcp_shutdown(int64_t h)
{
    return h < 0 ? -2 : tcp_result(pyrage_tcp_shutdown((pyrage_handle_t)h), 0);
}

void rt_tcp_close(int64_t h)
{
    if (h >= 0)
        pyrage_tcp_close((pyrage_handle_t)h);
}

void rt_tcp_abort(int64_t h)
{
    if (h >= 0)
        pyrage_tcp_abort((pyrage_handle_t)h);
}

int64_t rt_tcp_local(int64_t h)
{
    if (h < 0)
        return -2;
    uint32_t addr = 0;
    uint16_t port = 0;
    pyrage_result_t r = pyrage_tcp_local((pyrage_handle_t)h, &addr, &port);
    return tcp_result(r, (int64_t)addr << 16 | port);
}

int64_t rt_tcp_set_nodelay(int64_t h, bool on)
{
    return h < 0 ? -2 : tcp_result(pyrage_tcp_set_nodelay((pyrage_handle_t)h, on), 0);
}

int64_t rt_tcp_set_keepalive(int64_t h, int64_t idle_s, int64_t interval_s, int64_t probes)
{
    if (h < 0 || idle_s < 0 || idle_s > 0xFFFFFFFF || interval_s < 0 ||
        interval_s > 0xFFFFFFFF || probes < 0 || probes > 0xFFFFFFFF)
        return -2;
    return tcp_result(pyrage_tcp_set_keepalive((pyrage_handle_t)h, (uint32_t)idle_s,
                                               (uint32_t)interval_s, (uint32_t)probes),
                      0);
}
