"""Sets of ints: algebra, membership, comprehension, and sorted output for display.

Features: set, comprehension, sorted-min-max, range-step
"""

evens = set(range(0, 30, 2))
threes = {n for n in range(0, 30, 3)}
print(sorted(evens & threes))
print(sorted(evens | threes)[:10], len(evens | threes))
print(sorted(threes - evens), sorted(evens ^ threes)[:8])
print(6 in evens, 7 in evens, len(evens), min(threes), max(threes))

primes: set[int] = set()
for n in range(2, 60):
    if all(n % p != 0 for p in primes):
        primes.add(n)
print("primes:", sorted(primes))
print("twin primes:", sorted((p, p + 2) for p in primes if p + 2 in primes))

seen: set[int] = set()
dupes: list[int] = []
for x in [4, 1, 4, 7, 1, 9, 4]:
    if x in seen:
        dupes.append(x)
    seen.add(x)
print("dupes:", dupes, "unique:", sorted(seen))

a = {1, 2, 3}
b = {2, 3}
print(b <= a, b < a, a <= a, a < a, a.isdisjoint({7, 8}), a.issuperset(b))
a.discard(10)
a.discard(1)
a.update([5, 6])
print(sorted(a), len(a))
a.remove(5)
print(sorted(a))
print({1, 2} == {2, 1}, set() == set(), len(set([3, 3, 3])))
print({3, 1, 2}, {1}, set[int]())
frozen = frozenset([3, 1, 2])
print(sorted(frozen), 2 in frozen, frozen == frozenset({1, 2, 3}))
