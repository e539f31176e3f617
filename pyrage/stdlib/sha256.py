"""SHA-256 (FIPS 180-4) in pyrage Python: KV stores' digests, and the digest of a stream.

    sha256(b"abc").hex() == "ba7816bf..."

    h = Sha256()                 # incremental: any number of updates, in pieces of any size
    h.update(buffer)             # a Buffer (hashed in place), or h.update_bytes(b"...")
    h.digest()                   # the 32 bytes; the object is done after this

The same code runs hosted and compiled; tests/storage/test_layout.py checks it against
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


def _compress(state: list[int], block: Buffer, at: int, w: list[int]) -> None:
    """One 64-byte block, block[at:at + 64], into state."""
    for t in range(16):
        w[t] = block.get_u32_be(at + 4 * t)
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


class Sha256:
    """An incremental SHA-256: update() with the message in pieces, then digest() once.
    Whole blocks of a piece are compressed where they lie; only a partial block is copied."""

    def __init__(self) -> None:
        self.state = [0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C,
                      0x1F83D9AB, 0x5BE0CD19]
        self.w = [0] * 64
        self.pending = Buffer.create(64)  # a block begun by earlier pieces
        self.filled = 0  # its bytes
        self.size = 0  # the message's bytes so far
        self.done = False

    def update(self, data: Buffer) -> None:
        """Hash the bytes of data next. ValueError after digest()."""
        if self.done:
            raise ValueError("Sha256.update after digest()")
        n = len(data)
        self.size += n
        at = 0
        if self.filled > 0:
            take = min(64 - self.filled, n)
            self.pending.blit(data, 0, self.filled, take)
            self.filled += take
            at = take
            if self.filled < 64:
                return
            _compress(self.state, self.pending, 0, self.w)
            self.filled = 0
        while n - at >= 64:
            _compress(self.state, data, at, self.w)
            at += 64
        if at < n:
            self.pending.blit(data, at, 0, n - at)
            self.filled = n - at

    def update_bytes(self, data: bytes) -> None:
        """update() with the bytes of data (copied once into a Buffer)."""
        if len(data) > 0:
            self.update(Buffer.of_bytes(data))

    def digest(self) -> bytes:
        """The 32-byte digest of everything updated. ValueError the second time."""
        if self.done:
            raise ValueError("Sha256.digest called twice")
        self.done = True
        tail = Buffer.create(128 if self.filled >= 56 else 64)
        tail.blit(self.pending, 0, 0, self.filled)
        tail.set_u8(self.filled, 0x80)
        tail.set_u64_be(len(tail) - 8, self.size * 8)
        for at in range(0, len(tail), 64):
            _compress(self.state, tail, at, self.w)
        out = Buffer.create(32)
        for i in range(8):
            out.set_u32_be(4 * i, self.state[i])
        return out.to_bytes()


def sha256(data: bytes) -> bytes:
    """The 32-byte SHA-256 digest of data."""
    h = Sha256()
    h.update_bytes(data)
    return h.digest()
