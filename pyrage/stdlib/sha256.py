"""SHA-256 (FIPS 180-4) in pyrage Python: KV stores' digests.

    sha256(b"abc").hex() == "ba7816bf..."

The same code runs hosted and compiled; tests/storage/test_sha256.py checks it against
hashlib. Words are 32-bit values kept in pyrage's 64-bit ints and masked after each sum.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.buffer import Buffer

MASK: Final = 0xFFFFFFFF

_K: Final = [
    0x428A2F98, 0x71374491, 0xB5C0FBCF, 0xE9B5DBA5, 0x3956C25B, 0x59F111F1, 0x923F82A4,
    0xAB1C5ED5, 0xD807AA98, 0x12835B01, 0x243185BE, 0x550C7DC3, 0x72BE5D74, 0x80DEB1FE,
    0x9BDC06A7, 0xC19BF174, 0xE49B69C1, 0xEFBE4786, 0x0FC19DC6, 0x240CA1CC, 0x2DE92C6F,
    0x4A7484AA, 0x5CB0A9DC, 0x76F988DA, 0x983E5152, 0xA831C66D, 0xB00327C8, 0xBF597FC7,
    0xC6E00BF3, 0xD5A79147, 0x06CA6351, 0x14292967, 0x27B70A85, 0x2E1B2138, 0x4D2C6DFC,
    0x53380D13, 0x650A7354, 0x766A0ABB, 0x81C2C92E, 0x92722C85, 0xA2BFE8A1, 0xA81A664B,
    0xC24B8B70, 0xC76C51A3, 0xD192E819, 0xD6990624, 0xF40E3585, 0x106AA070, 0x19A4C116,
    0x1E376C08, 0x2748774C, 0x34B0BCB5, 0x391C0CB3, 0x4ED8AA4A, 0x5B9CCA4F, 0x682E6FF3,
    0x748F82EE, 0x78A5636F, 0x84C87814, 0x8CC70208, 0x90BEFFFA, 0xA4506CEB, 0xBEF9A3F7,
    0xC67178F2,
]


def _rotr(x: int, n: int) -> int:
    return ((x >> n) | (x << (32 - n))) & MASK


def _compress(state: list[int], block: Buffer, w: list[int]) -> None:
    for t in range(16):
        w[t] = block.get_u32_be(4 * t)
    for t in range(16, 64):
        a = w[t - 15]
        b = w[t - 2]
        s0 = _rotr(a, 7) ^ _rotr(a, 18) ^ (a >> 3)
        s1 = _rotr(b, 17) ^ _rotr(b, 19) ^ (b >> 10)
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) & MASK
    a, b, c, d = state[0], state[1], state[2], state[3]
    e, f, g, h = state[4], state[5], state[6], state[7]
    for t in range(64):
        t1 = (h + (_rotr(e, 6) ^ _rotr(e, 11) ^ _rotr(e, 25)) + ((e & f) ^ (~e & MASK & g)) +
              _K[t] + w[t]) & MASK
        t2 = ((_rotr(a, 2) ^ _rotr(a, 13) ^ _rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) & MASK
        h = g
        g = f
        f = e
        e = (d + t1) & MASK
        d = c
        c = b
        b = a
        a = (t1 + t2) & MASK
    state[0] = (state[0] + a) & MASK
    state[1] = (state[1] + b) & MASK
    state[2] = (state[2] + c) & MASK
    state[3] = (state[3] + d) & MASK
    state[4] = (state[4] + e) & MASK
    state[5] = (state[5] + f) & MASK
    state[6] = (state[6] + g) & MASK
    state[7] = (state[7] + h) & MASK


def sha256(data: bytes) -> bytes:
    """The 32-byte SHA-256 digest of data."""
    state = [0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C,
             0x1F83D9AB, 0x5BE0CD19]
    w = [0] * 64
    size = len(data)
    padded = (size + 9 + 63) // 64 * 64
    buf = Buffer.create(padded)
    if size > 0:
        buf.blit_from_bytes(data, 0, 0, size)
    buf.set_u8(size, 0x80)
    buf.set_u64_be(padded - 8, size * 8)
    for at in range(0, padded, 64):
        _compress(state, buf.sub(at, 64), w)
    out = Buffer.create(32)
    for i in range(8):
        out.set_u32_be(4 * i, state[i])
    return out.to_bytes()
