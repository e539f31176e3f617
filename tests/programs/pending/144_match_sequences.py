"""match on sequences and mappings: fixed and starred list patterns, nested tuples, dict patterns.

Features: match, list, tuple, dict, str-methods, fstring
"""


def describe(xs: list[int]) -> str:
    match xs:
        case []:
            return "empty"
        case [x]:
            return f"one item {x}"
        case [x, y] if x == y:
            return f"a pair of {x}s"
        case [first, *_, last] if first == last:
            return f"{len(xs)} items, bookended by {first}"
        case [first, second, *rest]:
            return f"starts {first}, {second} then {len(rest)} more (sum {sum(rest)})"
    return "unreachable"


def route(request: dict[str, str]) -> str:
    match request:
        case {"method": "GET", "path": "/"}:
            return "home page"
        case {"method": "GET", "path": path} if path.startswith("/static/"):
            return f"static file {path[8:]}"
        case {"method": "POST", "path": "/login", "user": user}:
            return f"login for {user}"
        case {"method": method, **rest}:
            return f"unhandled {method} with {sorted(rest)}"
        case _:
            return "malformed"


def area(shape: tuple[str, tuple[int, ...]]) -> int:
    match shape:
        case ("square", (side,)):
            return side * side
        case ("rect", (w, h)):
            return w * h
        case ("tri", (b, h)):
            return b * h // 2
        case (kind, dims):
            raise ValueError(f"bad {kind} {dims}")


for xs in [[], [4], [3, 3], [1, 2], [7, 0, 0, 7], [1, 2, 3, 4, 5]]:
    print(f"{xs!s:<16} {describe(xs)}")
for req in [{"method": "GET", "path": "/"}, {"method": "GET", "path": "/static/app.js"},
            {"method": "POST", "path": "/login", "user": "ann"}, {"method": "PUT", "path": "/x"},
            {"path": "/nomethod"}]:
    print(route(req))
print([area(s) for s in [("square", (4,)), ("rect", (3, 5)), ("tri", (6, 3))]])
try:
    area(("rect", (1, 2, 3)))
except ValueError as e:
    print("ValueError:", e)
