/*
 * TCP sockets of the host kernel, for the socket stack: non-blocking, each
 * polled only for what its last AGAIN asked (abi.h, yield.c), so a flow that
 * stops reading leaves the bytes to the kernel's window.
 */
#include "devices.h"
#include "sys.h"

#define SOL_SOCKET 1
#define SO_REUSEADDR 2
#define SO_ERROR 4
#define SO_KEEPALIVE 9
#define SO_LINGER 13
#define IPPROTO_TCP 6
#define TCP_NODELAY 1
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define SHUT_WR 1
#define MSG_NOSIGNAL 0x4000 /* a send to a reset peer is EPIPE, not SIGPIPE (no handler) */

/* The ABI's reason for a failed call's -errno. */
static pyrage_result_t failure(long ret)
{
    switch (-ret) {
    case ECONNREFUSED:
        return PYRAGE_R_EREFUSED;
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
        return PYRAGE_R_ERESET;
    case ETIMEDOUT:
        return PYRAGE_R_ETIMEDOUT;
    case EADDRINUSE:
    case EADDRNOTAVAIL:
        return PYRAGE_R_EADDRINUSE;
    default:
        return PYRAGE_R_EUNSPEC;
    }
}

/* As unix_handle_result, with the TCP reasons for a failure. */
static pyrage_result_t result(struct unix_handle *e, long ret, int writing)
{
    if (sys_failed(ret) && ret != -EAGAIN && ret != -EINTR)
        return failure(ret);
    return unix_handle_result(e, ret, writing);
}

static long set_int(long fd, int level, int option, int value)
{
    return sys6(SYS_setsockopt, fd, level, option, (long)&value, sizeof value, 0);
}

/* A handle for the new socket fd, or the fd closed and the reason printed. */
static pyrage_result_t open_handle(long fd, pyrage_handle_t *handle, const char *what,
                                   uint32_t addr, uint16_t port)
{
    int h = unix_handle_open((int)fd, UNIX_TCP);
    if (h < 0) {
        sys3(SYS_close, fd, 0, 0);
        unix_say_endpoint(what, addr, port, "too many devices open (1023)");
        return PYRAGE_R_EUNSPEC;
    }
    *handle = (pyrage_handle_t)h;
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_listen(uint32_t addr, uint16_t port, uint32_t backlog,
                                  pyrage_handle_t *handle)
{
    long fd = sys3(SYS_socket, AF_INET, SOCK_STREAM | O_NONBLOCK | O_CLOEXEC, 0);
    long r = fd;
    if (!sys_failed(fd)) {
        set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1); /* a restarted unikernel listens at once */
        struct unix_sockaddr_in sa = unix_sockaddr(addr, port);
        r = sys3(SYS_bind, fd, &sa, sizeof sa);
        if (!sys_failed(r))
            r = sys3(SYS_listen, fd, backlog > 4096 ? 4096 : backlog, 0);
    }
    if (sys_failed(r)) {
        if (!sys_failed(fd))
            sys3(SYS_close, fd, 0, 0);
        if (r != -EADDRINUSE)
            unix_say_endpoint("listen on TCP", addr, port, unix_strerror(-r));
        return failure(r);
    }
    return open_handle(fd, handle, "listen on TCP", addr, port);
}

pyrage_result_t pyrage_tcp_accept(pyrage_handle_t h, pyrage_handle_t *new_handle,
                                  uint32_t *peer_addr, uint16_t *peer_port)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    struct unix_sockaddr_in sa = {0};
    int sa_size = sizeof sa;
    long fd = sys6(SYS_accept4, e->fd, (long)&sa, (long)&sa_size, O_NONBLOCK | O_CLOEXEC, 0, 0);
    pyrage_result_t r = result(e, fd, 0);
    if (r != PYRAGE_R_OK)
        return r;
    *peer_addr = __builtin_bswap32(sa.addr);
    *peer_port = __builtin_bswap16(sa.port);
    return open_handle(fd, new_handle, "accept a TCP connection from", *peer_addr, *peer_port);
}

pyrage_result_t pyrage_tcp_connect(uint32_t addr, uint16_t port, pyrage_handle_t *handle)
{
    long fd = sys3(SYS_socket, AF_INET, SOCK_STREAM | O_NONBLOCK | O_CLOEXEC, 0);
    if (sys_failed(fd)) {
        unix_say_endpoint("connect to", addr, port, unix_strerror(-fd));
        return PYRAGE_R_EUNSPEC;
    }
    struct unix_sockaddr_in sa = unix_sockaddr(addr, port);
    long r = sys3(SYS_connect, fd, &sa, sizeof sa);
    if (sys_failed(r) && r != -EINPROGRESS) {
        sys3(SYS_close, fd, 0, 0);
        if (failure(r) == PYRAGE_R_EUNSPEC) /* unreachable, say: the ABI cannot tell why */
            unix_say_endpoint("connect to", addr, port, unix_strerror(-r));
        return failure(r);
    }
    pyrage_result_t opened = open_handle(fd, handle, "connect to", addr, port);
    if (opened == PYRAGE_R_OK && r == -EINPROGRESS)
        unix_handles[*handle].want_write = 1; /* writable: the handshake ended */
    return opened;
}

pyrage_result_t pyrage_tcp_connect_result(pyrage_handle_t h)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    int err = 0;
    int size = sizeof err;
    long r = sys6(SYS_getsockopt, e->fd, SOL_SOCKET, SO_ERROR, (long)&err, (long)&size, 0);
    if (sys_failed(r))
        return PYRAGE_R_EUNSPEC;
    if (err)
        return failure(-err); /* (reading SO_ERROR cleared it: reported once) */
    struct unix_sockaddr_in sa;
    int sa_size = sizeof sa;
    r = sys3(SYS_getpeername, e->fd, &sa, &sa_size);
    if (r == -ENOTCONN) { /* still in the handshake (a spurious wake) */
        e->want_write = 1;
        return PYRAGE_R_AGAIN;
    }
    return sys_failed(r) ? failure(r) : PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_send(pyrage_handle_t h, const uint8_t *buf, size_t size,
                                size_t *sent)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    long n = sys6(SYS_sendto, e->fd, (long)buf, (long)size, MSG_NOSIGNAL, 0, 0);
    pyrage_result_t r = result(e, n, 1);
    if (r == PYRAGE_R_OK)
        *sent = (size_t)n;
    return r;
}

pyrage_result_t pyrage_tcp_recv(pyrage_handle_t h, uint8_t *buf, size_t size,
                                size_t *read_size)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    long n = sys6(SYS_recvfrom, e->fd, (long)buf, (long)size, 0, 0, 0);
    pyrage_result_t r = result(e, n, 0);
    if (r == PYRAGE_R_OK)
        *read_size = (size_t)n;
    return r;
}

pyrage_result_t pyrage_tcp_shutdown(pyrage_handle_t h)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    long r = sys3(SYS_shutdown, e->fd, SHUT_WR, 0);
    return sys_failed(r) ? failure(r == -ENOTCONN ? -ECONNRESET : r) : PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_close(pyrage_handle_t h)
{
    if (!unix_handle_get(h, UNIX_TCP))
        return PYRAGE_R_EINVAL;
    unix_handle_close(h);
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_abort(pyrage_handle_t h)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    struct {
        int on, seconds;
    } linger = {1, 0}; /* closing then resets */
    sys6(SYS_setsockopt, e->fd, SOL_SOCKET, SO_LINGER, (long)&linger, sizeof linger, 0);
    unix_handle_close(h);
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_local(pyrage_handle_t h, uint32_t *addr, uint16_t *port)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    struct unix_sockaddr_in sa = {0};
    int sa_size = sizeof sa;
    long r = sys3(SYS_getsockname, e->fd, &sa, &sa_size);
    if (sys_failed(r))
        return failure(r);
    *addr = __builtin_bswap32(sa.addr);
    *port = __builtin_bswap16(sa.port);
    return PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_set_nodelay(pyrage_handle_t h, int on)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e)
        return PYRAGE_R_EINVAL;
    return sys_failed(set_int(e->fd, IPPROTO_TCP, TCP_NODELAY, on != 0)) ? PYRAGE_R_EUNSPEC
                                                                         : PYRAGE_R_OK;
}

pyrage_result_t pyrage_tcp_set_keepalive(pyrage_handle_t h, uint32_t idle_s,
                                         uint32_t interval_s, uint32_t probes)
{
    struct unix_handle *e = unix_handle_get(h, UNIX_TCP);
    if (!e || (idle_s && (idle_s > 32767 || !interval_s || interval_s > 32767 || !probes ||
                          probes > 127))) /* Linux's limits */
        return PYRAGE_R_EINVAL;
    long r = set_int(e->fd, SOL_SOCKET, SO_KEEPALIVE, idle_s != 0);
    if (idle_s && !sys_failed(r))
        r = set_int(e->fd, IPPROTO_TCP, TCP_KEEPIDLE, (int)idle_s);
    if (idle_s && !sys_failed(r))
        r = set_int(e->fd, IPPROTO_TCP, TCP_KEEPINTVL, (int)interval_s);
    if (idle_s && !sys_failed(r))
        r = set_int(e->fd, IPPROTO_TCP, TCP_KEEPCNT, (int)probes);
    return sys_failed(r) ? PYRAGE_R_EUNSPEC : PYRAGE_R_OK;
}
