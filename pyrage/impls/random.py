"""RANDOM: HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, section 10.1.2), seeded from the
platform's entropy.

    rng = Random()              # 48 bytes of platform entropy: stdlib.platform.entropy()
    isn = rng.u32()             # a TCP initial sequence number (RFC 6528's secret, say)
    key = rng.generate(16)

    Random(seed=bytes(48))      # deterministic, never touches the platform: for tests only

The same code runs hosted and compiled, so a seeded generator gives the same bytes on every
target (tests/devices/test_random.py checks CPython against unix and virtio, and the DRBG
against NIST's CAVP vectors and an independent implementation over hashlib).

The construction, as SP 800-90A gives it, for a security strength of 256 bits:
- instantiate: seed material = entropy input (32 bytes) || nonce (16 bytes) || personalization
  string; K = 0x00 * 32, V = 0x01 * 32; update(seed material); counter = 1.
- update(data): K = HMAC(K, V || 0x00 || data), V = HMAC(K, V); and when data is not empty,
  once more with 0x01 in place of 0x00.
- generate(n): blocks V = HMAC(K, V) until n bytes; then update(additional input), and the
  counter goes up. A request is at most 65536 bytes (2**19 bits); Random splits longer ones.
- reseed: update(fresh entropy || additional input); counter = 1. Random reseeds from the
  platform once the counter passes RESEED_INTERVAL (2**20 requests; the standard allows 2**48).

Where the platform's entropy comes from: stdlib.platform.entropy_source() (getrandom on unix,
os.urandom hosted, RDSEED/RDRAND on virtio, or a WEAK timing-jitter fallback on a virtio CPU
without them, which the platform reports; docs/architecture.md, "Entropy").
"""

from __future__ import annotations

from typing import Final

from pyrage.stdlib import platform
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.rawbytes import RawBytes
from pyrage.stdlib.sha256 import sha256

#: HMAC-SHA-256's output, and the size of K and V.
OUTLEN: Final = 32
#: Seed material drawn from the platform: a 32-byte entropy input and a 16-byte nonce.
SEED_SIZE: Final = 48
#: The most bytes one DRBG request may return (SP 800-90A, table 2: 2**19 bits).
MAX_REQUEST: Final = 65536
#: Requests between two reseeds from the platform.
RESEED_INTERVAL: Final = 1 << 20


def hmac_sha256(key: bytes, message: bytes) -> bytes:
    """HMAC-SHA-256 (RFC 2104, FIPS 198-1): the 32-byte tag of message under key."""
    if len(key) > 64:
        key = sha256(key)
    inner = Buffer.create(64 + len(message))
    outer = Buffer.create(64 + OUTLEN)
    for i in range(64):
        k = key[i] if i < len(key) else 0
        inner.set_u8(i, k ^ 0x36)
        outer.set_u8(i, k ^ 0x5C)
    if message:
        inner.blit_from_bytes(message, 0, 64, len(message))
    outer.blit_from_bytes(sha256(inner.to_bytes()), 0, 64, OUTLEN)
    return sha256(outer.to_bytes())


class HmacDrbg:
    """HMAC_DRBG over SHA-256 with the entropy given, not drawn: Random draws it. The names are
    the standard's (SP 800-90A Rev. 1, 10.1.2); reseed_counter counts requests since the last
    (re)seeding, and the caller decides when to reseed."""

    def __init__(self, entropy: bytes, nonce: bytes = b"", personalization: bytes = b"") -> None:
        self.key = bytes(OUTLEN)
        self.value = b"\x01" * OUTLEN
        self._update(entropy + nonce + personalization)
        self.reseed_counter = 1

    def _update(self, data: bytes) -> None:
        self.key = hmac_sha256(self.key, self.value + b"\x00" + data)
        self.value = hmac_sha256(self.key, self.value)
        if data:
            self.key = hmac_sha256(self.key, self.value + b"\x01" + data)
            self.value = hmac_sha256(self.key, self.value)

    def reseed(self, entropy: bytes, additional: bytes = b"") -> None:
        """Mix fresh entropy (and additional input) into the state; the counter restarts."""
        self._update(entropy + additional)
        self.reseed_counter = 1

    def generate(self, n: int, additional: bytes = b"") -> bytes:
        """n bytes (0 <= n <= MAX_REQUEST, else ValueError), after mixing in additional."""
        if n < 0 or n > MAX_REQUEST:
            raise ValueError(f"a DRBG request is 0 to {MAX_REQUEST} bytes, not {n}")
        if additional:
            self._update(additional)
        out = Buffer.create(n)
        at = 0
        while at < n:
            self.value = hmac_sha256(self.key, self.value)
            take = min(OUTLEN, n - at)
            out.blit_from_bytes(self.value, 0, at, take)
            at += take
        self._update(additional)
        self.reseed_counter += 1
        return out.to_bytes()


def _platform_entropy(size: int) -> bytes:
    """size bytes of the platform's entropy; RuntimeError when its source failed (a generator
    must not run on what a failed source left behind)."""
    raw = RawBytes(size)
    if platform.entropy(raw, 0, size) != 0:
        raise RuntimeError("the platform's entropy source failed")
    return raw.to_bytes(0, size)


class Random:
    """RANDOM: HMAC_DRBG-SHA-256 seeded with SEED_SIZE bytes of platform entropy when made, and
    reseeded from the platform every RESEED_INTERVAL requests.

    Random(seed) is deterministic instead: seed is the whole seed material (entropy input ||
    nonce, as the platform's 48 bytes would be) and the platform is never asked, so the same
    seed gives the same bytes on every target, forever. For tests and simulations: never for
    anything a peer must not guess. RuntimeError when the platform's source fails (at
    construction or at a reseed): the generator never runs unseeded."""

    def __init__(self, seed: bytes | None = None) -> None:
        self.deterministic = seed is not None
        material = _platform_entropy(SEED_SIZE) if seed is None else seed
        self._drbg = HmacDrbg(material[:OUTLEN], material[OUTLEN:])

    def generate(self, n: int) -> bytes:
        """rng.generate(n) -> n bytes; ValueError for n < 0."""
        if n < 0:
            raise ValueError(f"cannot generate a negative number of bytes ({n})")
        if n <= MAX_REQUEST:
            return self._request(n)
        parts: list[bytes] = []
        left = n
        while left > 0:
            take = min(left, MAX_REQUEST)
            parts.append(self._request(take))
            left -= take
        return b"".join(parts)

    def _request(self, n: int) -> bytes:
        if self._drbg.reseed_counter > RESEED_INTERVAL and not self.deterministic:
            self._drbg.reseed(_platform_entropy(OUTLEN))
        return self._drbg.generate(n)

    def u32(self) -> int:
        """A uniform int in [0, 2**32)."""
        return int.from_bytes(self.generate(4), "big")

    def randbelow(self, bound: int) -> int:
        """A uniform int in [0, bound), for 0 < bound <= 2**32 (else ValueError): rejection
        sampling over u32, so no value is likelier than another."""
        if bound <= 0 or bound > 1 << 32:
            raise ValueError(f"randbelow: the bound must be in 1..2**32, not {bound}")
        limit = (1 << 32) - (1 << 32) % bound
        while True:
            x = self.u32()
            if x < limit:
                return x % bound
