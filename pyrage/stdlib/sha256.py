"""SHA-256 (FIPS 180-4) in pyrage Python: KV stores' digests.

    sha256(b"abc").hex() == "ba7816bf..."

The same code runs hosted and compiled; tests/storage/test_sha256.py checks it against
hashlib. Words are 32-bit values kept in pyrage's 64-bit ints and masked after each sum.
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib.buffer import Buffer

MASK: Final = 0xFFFFFFFF

#: The round constants, big-endian words of a bytes constant (a list display of 64 ints
#: would compile to 64 stores: 10 KB of code in every image that hashes).
_K_WORDS: Final = bytes.fromhex(
    "428a2f9871374491b5c0fbcfe9b5dba53956c25b59f111f1923f82a4ab1c5ed5d807aa9812835b01243185be"
    "550c7dc372be5d7480deb1fe9bdc06a7c19bf174e49b69c1efbe47860fc19dc6240ca1cc2de92c6f4a7484aa"
    "5cb0a9dc76f988da983e5152a831c66db00327c8bf597fc7c6e00bf3d5a7914706ca63511429296727b70a85"
    "2e1b21384d2c6dfc53380d13650a7354766a0abb81c2c92e92722c85a2bfe8a1a81a664bc24b8b70c76c51a3"
    "d192e819d6990624f40e3585106aa07019a4c1161e376c082748774c34b0bcb5391c0cb34ed8aa4a5b9cca4f"
    "682e6ff3748f82ee78a5636f84c878148cc7020890befffaa4506cebbef9a3f7c67178f2"
)


def _round_constants() -> list[int]:
    words = Buffer.of_bytes(_K_WORDS)
    return [words.get_u32_be(4 * i) for i in range(64)]


_K: Final = _round_constants()


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
