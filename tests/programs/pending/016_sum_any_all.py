"""sum, any and all over lists and generators, with start values and short-circuits.

Features: sum-any-all, comprehension, list, closure, print-options
"""

readings = [12, 15, 9, 22, 18, 7]
print(sum(readings), sum(readings, 100), sum([]), sum(r * r for r in readings))
print(any(r > 20 for r in readings), all(r > 5 for r in readings))
print(any([]), all([]), any([0, 0]), all([1, 2, 3]), any(["", "x"]))

visited: list[int] = []


def check(n: int) -> bool:
    visited.append(n)
    return n > 10


print(any(check(r) for r in readings), visited)
visited.clear()
print(all(check(r) for r in readings), visited)

grid = [[1, 0, 1], [1, 1, 1], [0, 0, 0]]
print([all(row) for row in grid], [any(row) for row in grid])
print(sum(sum(row) for row in grid), sum(grid, []))
full_rows = len([row for row in grid if all(row)])
print("full rows:", full_rows)

prices = {"tea": 350, "cake": 425, "jam": 199}
total = sum(prices.values())
print(f"total {total // 100}.{total % 100:02d}")
print(sum(n for n in range(1, 101) if n % 3 == 0 or n % 5 == 0))
print(sum([[1], [2, 3]], [0]), sum(((1,), (2,)), ()))
evens = sum(1 for r in readings if r % 2 == 0)
print("even readings:", evens)
print(all(a <= b for a, b in zip(readings, readings[1:])))
print(all(a <= b for a, b in zip(sorted(readings), sorted(readings)[1:])))
