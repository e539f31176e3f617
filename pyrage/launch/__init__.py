"""Booting pyrage images: the host side of the native targets (today, QEMU for `virtio`)."""
