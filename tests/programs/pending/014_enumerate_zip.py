"""enumerate and zip: indexed loops, parallel lists, unzipping, and zip of three.

Features: enumerate-zip, list, tuple, dict, fstring, builtin-exception
"""

names = ["ada", "brian", "claude", "dana"]
scores = [91, 78, 85]
cities = ["Paris", "Leeds", "Berlin", "Oslo"]

for i, name in enumerate(names):
    print(i, name)
for i, name in enumerate(names, start=100):
    print(f"#{i}: {name.title()}")

for name, score in zip(names, scores):
    print(f"{name:>8} scored {score}")
print(list(zip(names, scores, cities)))
print(dict(zip(names, cities)))

pairs = [(1, "one"), (2, "two"), (3, "three")]
numbers, words = zip(*pairs)
print(numbers, words)

best_index = 0
for i, s in enumerate(scores):
    if s > scores[best_index]:
        best_index = i
print("best:", names[best_index], scores[best_index])

diffs = [b - a for a, b in zip(scores, scores[1:])]
print("diffs:", diffs)
running: list[int] = []
acc = 0
for idx, s in enumerate(scores, 1):
    acc += s
    running.append(acc // idx)
print("running means:", running)
print(list(enumerate("abc")), list(zip("ab", range(5))), list(zip()))
for (i, a), b in zip(enumerate(names), reversed(cities)):
    print(i, a, b)
try:
    list(zip(names, scores, strict=True))
except ValueError as e:
    print("ValueError:", e)
