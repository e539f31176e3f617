"""RANDOM compiled: tests/devices/test_random.py runs this under CPython and compiled (unix,
virtio). Everything above "== platform" is deterministic (a seeded Random, NIST's CAVP vectors)
and must print the same on every target; below it, the platform's entropy, which must not.

argv[1]: how many bytes to draw from the platform at once (default 64); unix tests ask for more
than getrandom(2) gives in one call (32 MiB - 1).
"""

from __future__ import annotations

from pyrage.impls.random import HmacDrbg, Random, hmac_sha256
from pyrage.stdlib import platform
from pyrage.stdlib.rawbytes import RawBytes
from pyrage.stdlib.sha256 import sha256


def cavp(entropy: str, nonce: str, personalization: str, reseed: str) -> str:
    """The second 128-byte generate of an HMAC_DRBG.rsp case, as the CAVP procedure asks."""
    drbg = HmacDrbg(bytes.fromhex(entropy), bytes.fromhex(nonce), bytes.fromhex(personalization))
    if reseed:
        drbg.reseed(bytes.fromhex(reseed))
    drbg.generate(128)
    return drbg.generate(128).hex()


def deterministic() -> None:
    rng = Random(bytes(range(48)))
    for n in (0, 1, 31, 32, 33, 100):
        print("generate", n, rng.generate(n).hex())
    big = rng.generate(70000)  # two DRBG requests: 65536 + 4464
    print("generate", len(big), sha256(big).hex())
    print("u32", rng.u32(), rng.u32())
    print("randbelow", rng.randbelow(6), rng.randbelow(1000), rng.randbelow(1 << 32))
    try:
        rng.generate(-1)
    except ValueError as e:
        print("ValueError", e)
    print("after", rng.generate(8).hex())
    other = Random(b"short seed")
    print("short seed", other.generate(16).hex())
    drbg = HmacDrbg(b"\x01" * 32, b"\x02" * 16, b"personal")
    print("additional", drbg.generate(40, b"extra").hex())
    drbg.reseed(b"\x03" * 32, b"more")
    print("reseeded", drbg.generate(40).hex(), drbg.reseed_counter)
    print("hmac", hmac_sha256(b"key", b"The quick brown fox jumps over the lazy dog").hex())
    print("hmac long key", hmac_sha256(bytes(100), b"").hex())
    print("cavp no reseed", cavp("ca851911349384bffe89de1cbdc46e6831e44d34a4fb935ee285dd14b71a7488",
                                 "659ba96c601dc69fc902940805ec0ca8", "", ""))
    print("cavp reseed", cavp("06032cd5eed33f39265f49ecb142c511da9aff2af71203bffaf34a9ca5bd9c0d",
                              "0e66f71edc43e42a45ad3c6fc6cdc4df", "",
                              "01920a4e669ed3a85ae8a33b35a74ad7fb2a6bb4cf395ce00334a9c9a5a5d552"))


def from_platform() -> None:
    print("== platform")
    print("source", platform.entropy_source())
    size = int(platform.argv(1)) if platform.argc() > 1 else 64
    raw = RawBytes(size)
    print("entropy", platform.entropy(raw, 0, size))
    print("head", raw.to_bytes(0, 32).hex())
    print("tail", raw.to_bytes(size - 32, 32).hex())
    print("bad-range", platform.entropy(raw, size - 1, 2), platform.entropy(raw, -1, 1))
    print("random", Random().generate(16).hex())
    print("random", Random().generate(16).hex())


deterministic()
from_platform()
