"""0/1 knapsack and unbounded coin change by dynamic programming, with item reconstruction.

Features: list, tuple, comprehension, namedtuple, sorted-min-max, fstring
"""

from typing import NamedTuple


class Item(NamedTuple):
    name: str
    weight: int
    value: int


ITEMS = [Item("tent", 5, 60), Item("stove", 3, 50), Item("rope", 1, 15), Item("camera", 2, 45),
         Item("food", 4, 70), Item("book", 1, 10), Item("radio", 2, 30)]


def knapsack(items: list[Item], cap: int) -> tuple[int, list[str]]:
    best = [[0] * (cap + 1) for _ in range(len(items) + 1)]
    for i, it in enumerate(items, 1):
        for w in range(cap + 1):
            best[i][w] = best[i - 1][w]
            if it.weight <= w:
                best[i][w] = max(best[i][w], best[i - 1][w - it.weight] + it.value)
    chosen: list[str] = []
    w = cap
    for i in range(len(items), 0, -1):
        if best[i][w] != best[i - 1][w]:
            chosen.append(items[i - 1].name)
            w -= items[i - 1].weight
    return best[len(items)][cap], chosen[::-1]


def coin_ways(coins: list[int], amount: int) -> int:
    ways = [1] + [0] * amount
    for c in coins:
        for a in range(c, amount + 1):
            ways[a] += ways[a - c]
    return ways[amount]


def min_coins(coins: list[int], amount: int) -> int:
    big = amount + 1
    best = [0] + [big] * amount
    for a in range(1, amount + 1):
        best[a] = min([best[a - c] + 1 for c in coins if c <= a] + [big])
    return best[amount] if best[amount] != big else -1


for cap in (0, 4, 8, 12, 18):
    value, names = knapsack(ITEMS, cap)
    print(f"capacity {cap:>2}: value {value:>3} with {names}")
print("ways to make 100 from US coins:", coin_ways([1, 5, 10, 25, 50], 100))
print("ways to make 200p:", coin_ways([1, 2, 5, 10, 20, 50, 100, 200], 200))
print([min_coins([1, 3, 4], a) for a in range(11)], min_coins([5, 7], 3), min_coins([2], 9))
