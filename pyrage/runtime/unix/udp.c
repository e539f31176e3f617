/*
 * UDP sockets of the host kernel, for the socket stack: non-blocking, so a
 * full send buffer is AGAIN and yield.c polls the socket for room.
 */
#include "devices.h"
#include "sys.h"

#define SOL_SOCKET 1
#define SO_REUSEADDR 2

/* The socket stack has no other way to say why: the ABI's EUNSPEC carries no errno. */
static pyrage_result_t refused(uint32_t addr, uint16_t port, long fd, const char *why)
{
    unix_say_endpoint("bind a UDP socket to", addr, port, why);
    if (fd >= 0)
        sys3(SYS_close, fd, 0, 0);
    return PYRAGE_R_EUNSPEC;
}

pyrage_result_t pyrage_udp_bind(uint32_t addr, uint16_t port, pyrage_handle_t *handle)
{
    long fd = sys3(SYS_socket, AF_INET, SOCK_DGRAM | O_NONBLOCK | O_CLOEXEC, 0);
    if (sys_failed(fd))
        return refused(addr, port, -1, unix_strerror(-fd));
    /* SO_REUSEADDR: a restarted unikernel binds its port at once. */
    int one = 1;
    sys6(SYS_setsockopt, fd, SOL_SOCKET, SO_REUSEADDR, (long)&one, sizeof one, 0);
    struct unix_sockaddr_in sa = unix_sockaddr(addr, port);
    long r = sys3(SYS_bind, fd, &sa, sizeof sa);
    if (sys_failed(r))
        return refused(addr, port, fd, unix_strerror(-r));
    int h = unix_handle_open((int)fd, UNIX_UDP);
    if (h < 0)
        return refused(addr, port, fd, "too many devices open (63)");
    *handle = (pyrage_handle_t)h;
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_udp_sendto(pyrage_handle_t h, uint32_t addr, uint16_t port,
                                  const uint8_t *buf, size_t size)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_UDP);
    if (!e)
        return PYRAGE_R_EINVAL;
    struct unix_sockaddr_in sa = unix_sockaddr(addr, port);
    long n = sys6(SYS_sendto, e->fd, (long)buf, (long)size, 0, (long)&sa, sizeof sa);
    if (n == -EMSGSIZE) /* larger than a datagram can be */
        return PYRAGE_R_EINVAL;
    return unix_handle_result(e, n, 1);
}

pyrage_result_t pyrage_udp_recvfrom(pyrage_handle_t h, uint8_t *buf, size_t size,
                                    size_t *read_size, uint32_t *addr, uint16_t *port)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_UDP);
    if (!e)
        return PYRAGE_R_EINVAL;
    struct unix_sockaddr_in sa = {0};
    int sa_size = sizeof sa;
    /* No MSG_TRUNC: the return value is what was kept of a larger datagram, as the ABI says;
     * the kernel drops the rest. */
    long n = sys6(SYS_recvfrom, e->fd, (long)buf, (long)size, 0, (long)&sa, (long)&sa_size);
    pyrage_result_t r = unix_handle_result(e, n, 0);
    if (r == PYRAGE_R_OK) {
        *read_size = (size_t)n;
        *addr = __builtin_bswap32(sa.addr);
        *port = __builtin_bswap16(sa.port);
    }
    return r;
}

pyrage_result_t pyrage_udp_close(pyrage_handle_t h)
{
    if (!unix_handle_get(h, UNIX_UDP))
        return PYRAGE_R_EINVAL;
    unix_handle_close(h);
    return PYRAGE_R_OK;
}
