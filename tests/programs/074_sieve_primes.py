"""Sieve of Eratosthenes, prime gaps, factorization and Goldbach pairs.

Features: list, range-step, dict, comprehension, sum-any-all, enumerate-zip, fstring
"""


def sieve(n: int) -> list[bool]:
    is_prime = [True] * (n + 1)
    is_prime[0] = is_prime[1] = False
    p = 2
    while p * p <= n:
        if is_prime[p]:
            for multiple in range(p * p, n + 1, p):
                is_prime[multiple] = False
        p += 1
    return is_prime


def factorize(n: int) -> dict[int, int]:
    factors: dict[int, int] = {}
    d = 2
    while d * d <= n:
        while n % d == 0:
            factors[d] = factors.get(d, 0) + 1
            n //= d
        d += 1
    if n > 1:
        factors[n] = factors.get(n, 0) + 1
    return factors


flags = sieve(1000)
primes = [i for i, p in enumerate(flags) if p]
print(len(primes), primes[:10], primes[-3:])
gaps = [b - a for a, b in zip(primes, primes[1:])]
widest = max(range(len(gaps)), key=lambda i: gaps[i])
print(f"widest gap below 1000: {gaps[widest]} after {primes[widest]}")
print("twin pairs:", sum(1 for g in gaps if g == 2))
for n in [360, 97, 1001, 2**20, 600851475143, 9999991]:
    f = factorize(n)
    print(n, "=", " * ".join(f"{p}^{e}" if e > 1 else str(p) for p, e in f.items()))
for even in range(4, 31, 6):
    pairs = [(p, even - p) for p in primes if p <= even - p and flags[even - p]]
    print(f"goldbach {even}: {pairs}")
