"""List operations: append, insert, pop, remove, index, slicing, sort, reverse, copies.

Features: list, sorted-min-max, builtin-exception, try-except, repr-str
"""

xs: list[int] = [5, 3, 8]
xs.append(1)
xs.insert(0, 9)
xs.insert(-1, 7)
xs.extend([2, 2])
print(xs, len(xs))
print(xs.pop(), xs.pop(0), xs)
xs.remove(2)
print(xs, xs.index(8), xs.count(2), 7 in xs, 4 not in xs)

ys = xs[:]
ys.sort()
print("sorted copy:", ys, "original:", xs)
ys.reverse()
print("reversed:", ys, "slice:", ys[1:4], ys[::-2], ys[-2:])
ys[1:3] = [10, 20, 30]
print("after slice assignment:", ys)
del ys[0]
del ys[-2:]
print("after del:", ys)

grid = [[0] * 3 for _ in range(3)]
grid[1][2] = 5
alias = grid[1]
alias.append(6)
print(grid)
print([1, 2] + [3], [0] * 4, [[1]] * 2, [] == [], [1, 2] < [1, 3], [2] > [1, 9])

words = ["pear", "Apple", "fig", "banana"]
words.sort(key=str.lower)
print(words)
words.sort(key=len, reverse=True)
print(words)
try:
    words.index("kiwi")
except ValueError as e:
    print("ValueError:", e)
try:
    print([1, 2, 3][3])
except IndexError as e:
    print("IndexError:", e)
empty: list[str] = []
try:
    empty.pop()
except IndexError as e:
    print("IndexError:", e)
print(xs * 0, list(range(3)), list("abc"), min(xs), max(xs))
