"""range with starts, stops and steps: negative steps, empty ranges, len, indexing, reversed.

Features: range-step, list, builtin-exception, try-except, fstring
"""

print(list(range(5)), list(range(2, 8)), list(range(0, 20, 5)))
print(list(range(10, 0, -3)), list(range(-5, 5, 2)), list(range(5, -6, -5)))
print(list(range(3, 3)), list(range(5, 0)), list(range(0, 10, -1)))

r = range(7, 100, 9)
print(len(r), r[0], r[-1], r[3], 16 in r, 17 in r, r.index(34))
print(list(reversed(range(0, 10, 3))), list(range(0, 10, 3))[::-1])
print(len(range(0, -10, -4)), len(range(100, 0, -7)), sum(range(0, 101, 10)))

step = -2
total = 0
for i in range(20, 0, step):
    total += i
print("total", total)

for start, stop, stp in [(0, 10, 4), (10, 0, -4), (1, 2, 5), (-1, -10, -3)]:
    print(f"range({start}, {stop}, {stp}) -> {list(range(start, stop, stp))}")

try:
    range(1, 5, 0)
except ValueError as e:
    print("ValueError:", e)
try:
    print(range(3)[5])
except IndexError as e:
    print("IndexError:", e)

countdown = ""
for i in range(10, -1, -1):
    countdown += str(i) + ("!" if i == 0 else " ")
print(countdown)
odd_squares = [i * i for i in range(1, 20, 2)]
print(odd_squares, range(0, 5) == range(0, 5), list(range(4))[1::2])
