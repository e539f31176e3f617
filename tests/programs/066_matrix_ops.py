"""Integer matrices as list[list[int]]: multiply, transpose, power by squaring, determinant.

Features: list, comprehension, enumerate-zip, int, fstring, builtin-exception, try-except
"""

Matrix = list[list[int]]


def mul(a: Matrix, b: Matrix) -> Matrix:
    if len(a[0]) != len(b):
        raise ValueError(f"shape mismatch: {len(a)}x{len(a[0])} times {len(b)}x{len(b[0])}")
    cols = [[row[j] for row in b] for j in range(len(b[0]))]
    return [[sum(x * y for x, y in zip(row, col)) for col in cols] for row in a]


def identity(n: int) -> Matrix:
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def power(m: Matrix, e: int) -> Matrix:
    result = identity(len(m))
    while e:
        if e & 1:
            result = mul(result, m)
        e >>= 1
        if e:
            m = mul(m, m)
    return result


def det(m: Matrix) -> int:
    if len(m) == 1:
        return m[0][0]
    total = 0
    for j, v in enumerate(m[0]):
        minor = [row[:j] + row[j + 1:] for row in m[1:]]
        total += (v if j % 2 == 0 else -v) * det(minor)
    return total


def show(m: Matrix) -> str:
    width = max(len(str(v)) for row in m for v in row)
    return "\n".join(" ".join(f"{v:>{width}}" for v in row) for row in m)


a = [[1, 2, 3], [4, 5, 6]]
b = [[7, 8], [9, 10], [11, 12]]
print(show(mul(a, b)))
print(show([[row[j] for row in a] for j in range(len(a[0]))]))
fib = power([[1, 1], [1, 0]], 90)
print("fib(90) =", fib[0][1])
print(det([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), det([[1, 2], [2, 4]]), det(identity(4)))
print(det([[3, 8, 1, -2], [4, 6, 0, 5], [7, 1, 9, 2], [-1, 0, 4, 6]]))
try:
    mul(a, a)
except ValueError as e:
    print("ValueError:", e)
rot = power([[0, -1], [1, 0]], 3)
print(rot, mul(rot, [[1], [0]]))
