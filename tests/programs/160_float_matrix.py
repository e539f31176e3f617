"""Float matrices with exactly representable entries (the determinant is a power of two, so
every result is exact): products, the inverse by cofactors, and formatted output.

Features: float, list, comprehension, enumerate-zip, fstring, builtin-exception, try-except
"""

M = list[list[float]]


def matmul(a: M, b: M) -> M:
    cols = [[row[j] for row in b] for j in range(len(b[0]))]
    return [[sum((x * y for x, y in zip(row, col)), 0.0) for col in cols] for row in a]


def det3(m: M) -> float:
    a, b, c = m[0]
    d, e, f = m[1]
    g, h, i = m[2]
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def inverse3(m: M) -> M:
    det = det3(m)
    if det == 0.0:
        raise ZeroDivisionError("matrix is singular")
    cof = [[(m[(r + 1) % 3][(c + 1) % 3] * m[(r + 2) % 3][(c + 2) % 3]
             - m[(r + 1) % 3][(c + 2) % 3] * m[(r + 2) % 3][(c + 1) % 3]) for c in range(3)]
           for r in range(3)]
    return [[cof[c][r] / det for c in range(3)] for r in range(3)]


def show(m: M) -> None:
    for row in m:
        print("  [" + " ".join(f"{v:8.4f}" for v in row) + "]")


a = [[2.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 2.0, 1.0]]
print("det:", det3(a))
inv = inverse3(a)
show(inv)
print("a * inv:")
show(matmul(a, inv))
print("raw:", matmul(a, inv)[0])
scale = [[0.5, 0.0, 0.0], [0.0, 0.25, 0.0], [0.0, 0.0, 2.0]]
print(matmul(scale, a))
print([[round(v, 3) for v in row] for row in matmul(inv, inv)])
try:
    inverse3([[1.0, 2.0, 3.0], [2.0, 4.0, 6.0], [0.0, 1.0, 1.0]])
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(sum((v for row in a for v in row), 0.0), max(max(row) for row in inv), min(min(r) for r in inv))
