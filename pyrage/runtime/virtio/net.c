/*
 * TEMPORARY: the virtio-net driver replaces this. Until then a virtio image has no NIC:
 * every net call is EINVAL (no such NIC), so an app that needs one stops with a clear
 * "not attached" message.
 */
#include <pyrage/abi.h>

pyrage_result_t pyrage_net_acquire(const char *name, pyrage_handle_t *handle,
                                   struct pyrage_net_info *info)
{
    (void)name, (void)handle, (void)info;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_net_write(pyrage_handle_t handle, const uint8_t *frame, size_t size)
{
    (void)handle, (void)frame, (void)size;
    return PYRAGE_R_EINVAL;
}

pyrage_result_t pyrage_net_read(pyrage_handle_t handle, uint8_t *buf, size_t size,
                                size_t *read_size)
{
    (void)handle, (void)buf, (void)size, (void)read_size;
    return PYRAGE_R_EINVAL;
}
