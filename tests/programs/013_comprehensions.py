"""List, dict and set comprehensions: filters, nesting, conditional expressions, generators.

Features: comprehension, list, dict, set, sum-any-all, range-step
"""

nums = list(range(1, 21))
squares = [n * n for n in nums if n % 3 == 0]
print(squares)
labels = ["even" if n % 2 == 0 else "odd" for n in nums[:6]]
print(labels)

matrix = [[r * 4 + c for c in range(4)] for r in range(3)]
print(matrix)
flat = [x for row in matrix for x in row if x % 5 != 0]
print(flat)
transposed = [[row[c] for row in matrix] for c in range(4)]
print(transposed)

lengths = {w: len(w) for w in ["alpha", "be", "gamma", "pi"]}
print(lengths)
by_len = {n: [w for w in lengths if lengths[w] == n] for n in sorted(set(lengths.values()))}
print(by_len)
residues = {n % 7 for n in range(0, 100, 9)}
print(sorted(residues), len(residues))

pairs = [(a, b) for a in range(1, 5) for b in range(a, 5) if (a + b) % 3 == 0]
print(pairs)
pythagorean = [(a, b, c) for c in range(1, 30) for b in range(1, c)
               for a in range(1, b) if a * a + b * b == c * c]
print(pythagorean)
print(sum(n for n in nums if n % 2), max(n % 7 for n in nums))
total = 0
for chunk in [nums[i:i + 6] for i in range(0, len(nums), 6)]:
    total += sum(chunk)
    print(chunk, sum(chunk))
print(total, [c for c in "comprehension" if c in "aeiou"])
outer = 10
print([outer + i for i in range(3)], [[i * j for j in range(i)] for i in range(4)])
