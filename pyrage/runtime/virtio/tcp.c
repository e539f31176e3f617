/*
 * TCP sockets: virtio has no host kernel to lend us its sockets, so the
 * socket stack does not exist here (final: apps on virtio use the direct
 * stack over a NIC). Every call is EINVAL, as the ABI says.
 */
#include <pyrage/abi.h>

pyrage_result_t pyrage_tcp_listen(uint32_t addr, uint16_t port, uint32_t backlog,
                                  pyrage_handle_t *handle)
{
    (void)addr, (void)port, (void)backlog, (void)handle;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_accept(pyrage_handle_t h, pyrage_handle_t *new_handle,
                                  uint32_t *peer_addr, uint16_t *peer_port)
{
    (void)h, (void)new_handle, (void)peer_addr, (void)peer_port;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_connect(uint32_t addr, uint16_t port, pyrage_handle_t *handle)
{
    (void)addr, (void)port, (void)handle;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_connect_result(pyrage_handle_t h)
{
    (void)h;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_send(pyrage_handle_t h, const uint8_t *buf, size_t size,
                                size_t *sent)
{
    (void)h, (void)buf, (void)size, (void)sent;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_recv(pyrage_handle_t h, uint8_t *buf, size_t size,
                                size_t *read_size)
{
    (void)h, (void)buf, (void)size, (void)read_size;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_shutdown(pyrage_handle_t h)
{
    (void)h;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_close(pyrage_handle_t h)
{
    (void)h;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_abort(pyrage_handle_t h)
{
    (void)h;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_local(pyrage_handle_t h, uint32_t *addr, uint16_t *port)
{
    (void)h, (void)addr, (void)port;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_set_nodelay(pyrage_handle_t h, int on)
{
    (void)h, (void)on;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_tcp_set_keepalive(pyrage_handle_t h, uint32_t idle_s,
                                         uint32_t interval_s, uint32_t probes)
{
    (void)h, (void)idle_s, (void)interval_s, (void)probes;
    return PYRAGE_R_EINVAL;
}
