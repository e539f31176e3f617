"""Default and keyword arguments: keyword-only parameters, defaults evaluated once, ordering.

Features: default-kwargs, str-methods, list, optional, fstring
"""

from typing import Optional


def banner(text: str, width: int = 20, fill: str = "=", *, upper: bool = False) -> str:
    body = f" {text.upper() if upper else text} "
    return f"{body:{fill}^{width}}"


def connect(host: str, port: int = 80, *, timeout: int = 30, retries: int = 3,
            path: str = "/") -> str:
    return f"{host}:{port}{path} (timeout={timeout}, retries={retries})"


def append_to(item: int, target: Optional[list[int]] = None) -> list[int]:
    if target is None:
        target = []
    target.append(item)
    return target


def trace(label: str) -> int:
    print("  evaluating", label)
    return len(label)


def order(a: int, b: int, c: int = 0) -> str:
    return f"a={a} b={b} c={c}"


print(banner("hi"))
print(banner("hi", 10, "*"))
print(banner("hi", fill="-", upper=True))
print(banner(width=12, text="kw"))
print(connect("example.org"))
print(connect("example.org", 8080, retries=0))
print(connect("localhost", path="/health", timeout=5))
print(append_to(1), append_to(2), append_to(3, [0]))
shared: list[int] = []
append_to(4, shared)
append_to(5, target=shared)
print(shared)
print(order(trace("first"), c=trace("third!"), b=trace("second")))
print(order(b=2, a=1), order(1, 2, 3), order(7, c=9, b=8))
