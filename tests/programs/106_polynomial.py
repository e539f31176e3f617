"""Integer polynomials as coefficient lists: add, multiply, evaluate (Horner), derive, pretty-print.

Features: class, dunder, list, enumerate-zip, str-methods, comprehension, int
"""


class Poly:
    def __init__(self, coeffs: list[int]) -> None:
        c = list(coeffs)
        while len(c) > 1 and c[-1] == 0:
            c.pop()
        self.c = c or [0]

    def degree(self) -> int:
        return len(self.c) - 1

    def __add__(self, o: "Poly") -> "Poly":
        n = max(len(self.c), len(o.c))
        a = self.c + [0] * (n - len(self.c))
        b = o.c + [0] * (n - len(o.c))
        return Poly([x + y for x, y in zip(a, b)])

    def __mul__(self, o: "Poly") -> "Poly":
        out = [0] * (len(self.c) + len(o.c) - 1)
        for i, x in enumerate(self.c):
            for j, y in enumerate(o.c):
                out[i + j] += x * y
        return Poly(out)

    def __call__(self, x: int) -> int:
        acc = 0
        for coef in reversed(self.c):
            acc = acc * x + coef
        return acc

    def derive(self) -> "Poly":
        return Poly([i * c for i, c in enumerate(self.c)][1:])

    def __eq__(self, o: object) -> bool:
        return isinstance(o, Poly) and self.c == o.c

    def __str__(self) -> str:
        terms: list[str] = []
        for i in range(len(self.c) - 1, -1, -1):
            c = self.c[i]
            if c == 0 and len(self.c) > 1:
                continue
            mag = "" if abs(c) == 1 and i > 0 else str(abs(c))
            var = "" if i == 0 else "x" if i == 1 else f"x^{i}"
            terms.append(("-" if c < 0 else "+") + " " + mag + var)
        text = " ".join(terms)
        return text[2:] if text.startswith("+") else "-" + text[2:]


p = Poly([1, 1])
q = Poly([-1, 0, 2])
print(f"p = {p}; q = {q}; p+q = {p + q}; p*q = {q * p}")
power = Poly([1])
for n in range(1, 7):
    power = power * p
print(f"(x+1)^6 = {power}")
print("coefficients:", power.c, "sum:", power(1), "at -1:", power(-1), "at 10:", power(10))
print("derivative:", power.derive(), "second:", power.derive().derive())
print(Poly([0, 0, 0]), Poly([5]).degree(), (q + Poly([1, 0, -2])).degree(), Poly([3, 0, 0]) == Poly([3]))
print(Poly([-7, 0, 0, -1]), "|", Poly([0, -1]), "|", [Poly([2, -3, 1])(x) for x in range(-2, 5)])
