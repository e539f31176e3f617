"""Solve small linear systems with Gaussian elimination and partial pivoting, in floats.

Inputs are chosen so every intermediate is exact in binary floating point.

Features: float, list, divmod-pow-round-abs, enumerate-zip, fstring, user-exception, try-except
"""


class Singular(Exception):
    pass


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(a)
    m = [row[:] + [rhs] for row, rhs in zip(a, b)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        if m[pivot][col] == 0.0:
            raise Singular(f"no pivot in column {col}")
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    x = [0.0] * n
    for i in range(n - 1, -1, -1):
        s = m[i][n] - sum((m[i][j] * x[j] for j in range(i + 1, n)), 0.0)
        x[i] = s / m[i][i]
    return x


systems: list[tuple[list[list[float]], list[float]]] = [
    ([[2.0, 1.0], [1.0, 3.0]], [5.0, 10.0]),
    ([[1.0, 1.0, 1.0], [0.0, 2.0, 5.0], [2.0, 5.0, -1.0]], [6.0, -4.0, 27.0]),
    ([[4.0, -2.0], [1.0, 0.5]], [2.0, 3.5]),
    ([[1.0, 2.0], [2.0, 4.0]], [3.0, 6.0]),
]
for a, b in systems:
    try:
        x = solve(a, b)
        print("x =", x, "rounded:", [round(v, 3) for v in x])
        check = [sum((c * v for c, v in zip(row, x)), 0.0) for row in a]
        print("  A·x =", check, "residual ok:", all(abs(c - r) < 1e-9 for c, r in zip(check, b)))
    except Singular as e:
        print("singular:", e)
print(1 / 4, 7 / 2, -9 / 4, 0.5 + 0.25, 3 * 0.5, 10 / 5, 1e3 / 8, 2.0 * -4)
