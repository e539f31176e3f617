"""Sets of small ints printed directly: CPython iterates them in hash-table order, which for
ints is deterministic (mostly, but not always, ascending). Plus set algebra for a sieve puzzle.

Features: set, comprehension, range-step, repr-str, sorted-min-max, sum-any-all
"""

small = {5, 3, 1, 4, 2}
print(small, set(range(10, 0, -2)), {n % 5 for n in range(20)})
s = {7, 1, 3}
s.add(2)
s.discard(7)
print(s, len(s), list(s), sorted(s, reverse=True))
multiples = {k: {n for n in range(1, 31) if n % k == 0} for k in (2, 3, 5)}
print(multiples[5])
print(multiples[2] & multiples[3], multiples[3] & multiples[5])
fizzbuzz = multiples[3] | multiples[5]
print(len(fizzbuzz), min(fizzbuzz), max(fizzbuzz), sum(fizzbuzz))
neither = set(range(1, 31)) - fizzbuzz
print(sorted(neither)[:8], 30 in fizzbuzz, 31 in fizzbuzz)
print(multiples[2] ^ multiples[3] == (multiples[2] | multiples[3]) - (multiples[2] & multiples[3]))
squares = {n * n for n in range(8)}
cubes = {n * n * n for n in range(5)}
print(squares & cubes, sorted(squares - cubes), squares >= {0, 1, 4})
digits_seen: set[int] = set()
n = 2 ** 40
while n:
    digits_seen.add(n % 10)
    n //= 10
print(digits_seen, set(range(10)) - digits_seen, frozenset({3, 1, 2}))
