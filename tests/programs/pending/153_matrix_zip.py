"""Grid utilities with zip and enumerate: transpose, rotate, diagonals, spiral order, flood fill.

Features: enumerate-zip, list, tuple, comprehension, set, str-methods
"""

Grid = list[list[str]]

ROWS = ["#..#.", "##...", "..#.#", "....#"]
grid: Grid = [list(r) for r in ROWS]


def show(g: Grid) -> str:
    return " / ".join("".join(row) for row in g)


def transpose(g: Grid) -> Grid:
    return [list(col) for col in zip(*g)]


def rotate(g: Grid) -> Grid:
    return [list(col) for col in zip(*g[::-1])]


def spiral(g: Grid) -> str:
    out: list[str] = []
    m = [row[:] for row in g]
    while m:
        out += m.pop(0)
        m = [list(col) for col in zip(*m)][::-1]
    return "".join(out)


def flood(g: Grid, start: tuple[int, int]) -> set[tuple[int, int]]:
    seen = {start}
    todo = [start]
    while todo:
        r, c = todo.pop()
        for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if 0 <= nr < len(g) and 0 <= nc < len(g[0]) and g[nr][nc] == "." and (nr, nc) not in seen:
                seen.add((nr, nc))
                todo.append((nr, nc))
    return seen


print(show(grid))
print(show(transpose(grid)))
print(show(rotate(grid)), rotate(rotate(rotate(rotate(grid)))) == grid)
print("diagonal:", "".join(grid[i][i] for i in range(min(len(grid), len(grid[0])))))
print("anti-diagonal:", "".join(row[-1 - i] for i, row in enumerate(grid)))
print("spiral:", spiral(grid))
walls = [(r, c) for r, row in enumerate(grid) for c, ch in enumerate(row) if ch == "#"]
print("walls:", walls)
region = flood(grid, (0, 1))
print("region from (0,1):", len(region), sorted(region)[:5])
print("row counts:", [row.count("#") for row in grid], "col counts:", [col.count("#") for col in zip(*grid)])
for (i, a), b in zip(enumerate(ROWS), reversed(ROWS)):
    print(i, a, b, a == b[::-1])
