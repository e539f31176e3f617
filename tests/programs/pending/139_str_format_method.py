"""str.format in depth: positional and keyword fields, attribute and index lookup, nested specs.

Features: str-format-percent, class, list, dict, tuple, float, fstring
"""


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x = x
        self.y = y


p = Point(3, -4)
items = ["zero", "one", "two"]
cfg = {"host": "localhost", "port": 8080}

print("{} + {} = {}".format(1, 2, 1 + 2))
print("{1} before {0}, {0} again".format("a", "b"))
print("{name} is {age} years old".format(name="Ada", age=36))
print("p = ({0.x}, {0.y})".format(p), "first={0[0]} last={0[2]}".format(items))
print("{c[host]}:{c[port]}".format(c=cfg), "{0[port]:>6}".format(cfg))
print("[{:^11}] [{:*<7}] [{:#>5}]".format("centre", "left", 42))
print("{:08.3f} {:+.2e} {:.1%} {:,d}".format(3.14159, 12345.678, 0.256, 10**9))
for width, prec in [(8, 2), (10, 4), (6, 0)]:
    print("[{:{w}.{p}f}]".format(2 / 3, w=width, p=prec), end=" ")
print()
print("{:x} {:X} {:#o} {:b} {:#b} {:c}".format(255, 255, 8, 5, 5, 65))
print("{!r} {!s} {!r:>8}".format("text", "text", 7))
row = "{:<8}|{:>5}|{:>7}"
print(row.format("name", "qty", "price"))
for name, qty, price in [("apple", 3, 0.5), ("melon", 1, 2.75), ("fig", 12, 0.125)]:
    print(row.format(name, qty, "{:.2f}".format(qty * price)))
template = "{greeting}, {who}! You have {n} new message{s}."
for n in (0, 1, 5):
    print(template.format(greeting="Hi", who="Sam", n=n, s="" if n == 1 else "s"))
print("{{}} {{{0}}}".format("braced"), "{0}{0}{0}".format("ab"), "{:>3}".format(""))
