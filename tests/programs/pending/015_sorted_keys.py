"""Sorting with keys: stability, reverse, multi-key tuples, and min/max with key.

Features: sorted-min-max, lambda, tuple, list, fstring
"""

people = [
    ("Maya", 31, "Oslo"),
    ("Ben", 25, "Lyon"),
    ("Ana", 31, "Lima"),
    ("Zoe", 19, "Oslo"),
    ("Ian", 25, "Cork"),
]

by_age = sorted(people, key=lambda p: p[1])
print([p[0] for p in by_age])
by_age_desc = sorted(people, key=lambda p: p[1], reverse=True)
print([p[0] for p in by_age_desc])
by_city_then_name = sorted(people, key=lambda p: (p[2], p[0]))
print([f"{p[2]}/{p[0]}" for p in by_city_then_name])
by_age_then_name_desc = sorted(people, key=lambda p: (-p[1], p[0]))
print([p[0] for p in by_age_then_name_desc])

oldest = max(people, key=lambda p: p[1])
youngest = min(people, key=lambda p: p[1])
print("oldest first seen:", oldest[0], "youngest:", youngest[0])
print(max([3, 9, 2]), min(4, 1, 7), max("apple", "pear", key=len), min("b", "a", "c"))
print(max([], default=-1), min((x for x in [5, 3]), default=0))

words = "the Quick brown fox Jumps over the lazy dog".split()
print(sorted(words))
print(sorted(words, key=str.lower))
print(sorted(words, key=lambda w: (len(w), w.lower())))
print(sorted(set(words), key=lambda w: w.lower(), reverse=True)[:3])
nums = [5, -3, 2, -8, 0, 7]
print(sorted(nums, key=abs), sorted(nums, key=lambda n: n * n, reverse=True))
print(sorted("pyrage"), "".join(sorted("pyrage", reverse=True)))
nums.sort()
print(nums, sorted([]), sorted((3, 1, 2)))
print(sorted({"b": 1, "a": 2}), sorted({"b": 1, "a": 2}.items(), key=lambda kv: kv[1]))
