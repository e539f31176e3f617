/*
 * UDP sockets: virtio has no host kernel to lend us its sockets, so the
 * socket stack does not exist here (final: apps on virtio use the direct
 * stack over a NIC). Every call is EINVAL, as the ABI says.
 */
#include <pyrage/abi.h>

pyrage_result_t pyrage_udp_bind(uint32_t addr, uint16_t port, pyrage_handle_t *handle)
{
    (void)addr, (void)port, (void)handle;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_udp_sendto(pyrage_handle_t h, uint32_t addr, uint16_t port,
                                  const uint8_t *buf, size_t size)
{
    (void)h, (void)addr, (void)port, (void)buf, (void)size;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_udp_recvfrom(pyrage_handle_t h, uint8_t *buf, size_t size,
                                    size_t *read_size, uint32_t *addr, uint16_t *port)
{
    (void)h, (void)buf, (void)size, (void)read_size, (void)addr, (void)port;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_udp_close(pyrage_handle_t h)
{
    (void)h;
    return PYRAGE_R_EINVAL;
}
