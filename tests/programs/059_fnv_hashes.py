"""FNV-1a and djb2 string hashes in 32 bits, used to bucket keys deterministically.

Features: fixed-width, int, str-methods, bytes, dict, list, fstring
"""

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def fnv1a32(data: bytes) -> int:
    h = FNV_OFFSET
    for b in data:
        h ^= b
        h = (h * FNV_PRIME) & 0xFFFFFFFF
    return h


def djb2(s: str) -> int:
    h = 5381
    for b in s.encode():
        h = ((h << 5) + h + b) & 0xFFFFFFFF
    return h


def to_signed32(x: int) -> int:
    return x - (1 << 32) if x & 0x80000000 else x


for word in ["", "a", "foobar", "pyrage", "unikernel", "ünïcode"]:
    f = fnv1a32(word.encode())
    print(f"{word!r:12} fnv1a={f:08x} djb2={djb2(word):08x} signed={to_signed32(f)}")

buckets: dict[int, list[str]] = {}
keys = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]
for k in keys:
    buckets.setdefault(fnv1a32(k.encode()) % 4, []).append(k)
for slot in sorted(buckets):
    print(slot, buckets[slot])
load = [len(buckets.get(i, [])) for i in range(4)]
print("load:", load, "max:", max(load))
