"""Conway's Game of Life on a small torus, with live cells kept in a set of coordinate tuples.

Features: set, tuple, comprehension, dict, sorted-min-max, str-methods, range-step
"""

W, H = 8, 6
Cell = tuple[int, int]


def parse(rows: list[str]) -> set[Cell]:
    return {(x, y) for y, row in enumerate(rows) for x, c in enumerate(row) if c == "#"}


def step(live: set[Cell]) -> set[Cell]:
    counts: dict[Cell, int] = {}
    for x, y in live:
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if dx or dy:
                    key = ((x + dx) % W, (y + dy) % H)
                    counts[key] = counts.get(key, 0) + 1
    return {c for c, n in counts.items() if n == 3 or (n == 2 and c in live)}


def show(live: set[Cell]) -> str:
    return "\n".join("".join("#" if (x, y) in live else "." for x in range(W)) for y in range(H))


glider = parse([".#......", "..#.....", "###....."])
state = glider
for gen in range(0, 9):
    if gen % 4 == 0:
        print(f"generation {gen}: {len(state)} cells, bbox x {min(x for x, _ in state)}.."
              f"{max(x for x, _ in state)}")
        print(show(state))
    state = step(state)

blinker = parse(["", ".###"])
print(sorted(blinker), sorted(step(blinker)), step(step(blinker)) == blinker)
block = parse(["##", "##"])
print("block is still:", step(block) == block)
