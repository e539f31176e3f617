"""Collatz sequences: the longest chain below a bound, and the highest peak.

Features: int, range-step, fstring
"""


def step(n: int) -> int:
    if n % 2 == 0:
        return n // 2
    return 3 * n + 1


def chain_length(n: int) -> int:
    length = 1
    while n != 1:
        n = step(n)
        length += 1
    return length


def peak(n: int) -> int:
    top = n
    while n != 1:
        n = step(n)
        if n > top:
            top = n
    return top


best = 1
best_len = 1
for start in range(1, 5000):
    length = chain_length(start)
    if length > best_len:
        best = start
        best_len = length
print(f"longest chain below 5000 starts at {best} ({best_len} terms)")

highest = 0
where = 0
for start in range(4999, 0, -2):
    p = peak(start)
    if p > highest:
        highest = p
        where = start
print(f"highest peak among odd starts: {highest:,} from {where}")

line = str(27)
n = step(27)
for i in range(11):
    line += " -> " + str(n)
    n = step(n)
print("27 begins:", line)
for s in range(10, 101, 30):
    print(f"{s:>4}: length {chain_length(s):>3}, peak {peak(s):>6}")
