"""Fixed-width integer helpers for wire formats: truncation, sign extension, byte swaps and
rotations on pyrage's 64-bit int. Plain Python, so hosted and compiled agree."""

from __future__ import annotations


def u8(x: int) -> int:
    """x modulo 2**8: the low byte."""
    return x & 0xFF


def u16(x: int) -> int:
    return x & 0xFFFF


def u32(x: int) -> int:
    return x & 0xFFFFFFFF


def s8(x: int) -> int:
    """The low byte of x read as a two's-complement signed byte."""
    x &= 0xFF
    return x - 0x100 if x & 0x80 else x


def s16(x: int) -> int:
    x &= 0xFFFF
    return x - 0x10000 if x & 0x8000 else x


def s32(x: int) -> int:
    x &= 0xFFFFFFFF
    return x - 0x100000000 if x & 0x80000000 else x


def bswap16(x: int) -> int:
    """The two low bytes of x swapped (ntohs/htons on a little-endian machine)."""
    return ((x & 0xFF) << 8) | ((x >> 8) & 0xFF)


def bswap32(x: int) -> int:
    return ((x & 0xFF) << 24) | ((x & 0xFF00) << 8) | ((x >> 8) & 0xFF00) | ((x >> 24) & 0xFF)


def rotl32(x: int, n: int) -> int:
    """x (as a u32) rotated left by n bits."""
    x &= 0xFFFFFFFF
    n &= 31
    return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF


def rotr32(x: int, n: int) -> int:
    return rotl32(x, 32 - (n & 31))
