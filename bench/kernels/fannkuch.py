"""fannkuch-redux (the Computer Language Benchmarks Game): pancake flips over all permutations.

For every permutation of 0..N-1, in the benchmark's order, count the flips of the first
perm[0] + 1 elements until 0 comes first; print the alternating checksum of the counts and
the maximum.
"""

from typing import Final

N: Final = 10  # the benchmark's size; SMALL_N is the quick one (tests, run.py --quick)
SMALL_N: Final = 7


def fannkuch(n: int) -> tuple[int, int]:
    """(checksum, maximum flips) over all n! permutations."""
    perm1 = list(range(n))
    count = [0] * n
    max_flips = 0
    checksum = 0
    permutation = 0
    r = n
    while True:
        while r != 1:
            count[r - 1] = r
            r -= 1

        perm = perm1.copy()
        flips = 0
        k = perm[0]
        while k != 0:
            i, j = 0, k  # reverse perm[0..k]
            while i < j:
                perm[i], perm[j] = perm[j], perm[i]
                i += 1
                j -= 1
            flips += 1
            k = perm[0]
        max_flips = max(max_flips, flips)
        checksum += flips if permutation % 2 == 0 else -flips

        # The next permutation: rotate the first r + 1 elements left until a count runs out.
        while True:
            if r == n:
                return checksum, max_flips
            first = perm1[0]
            for i in range(r):
                perm1[i] = perm1[i + 1]
            perm1[r] = first
            count[r] -= 1
            if count[r] > 0:
                break
            r += 1
        permutation += 1


def main(n: int) -> None:
    checksum, max_flips = fannkuch(n)
    print(checksum)
    print(f"Pfannkuchen({n}) = {max_flips}")


if __name__ == "__main__":
    main(N)
