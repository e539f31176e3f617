"""The classes of a mixed-type fuzz program (tests/fuzz/fuzz_mixed.py): random hierarchies of
classes with random dunders (subclasses override some), exception classes caught as their bases,
and fixed Protocol-bound generic functions and classes.

Every class has `__init__(self, v: int)` and a field `v`. A method's signature depends only on
its name (SIGNATURES), so an override always type-checks; its body is one of a few variants
(BODIES), some of which return NotImplemented or raise.
"""

from __future__ import annotations

import random
import textwrap

from tests.fuzz.mixed_types import Hierarchy

SIGNATURES = {
    "__eq__": "(self, other: object) -> bool",
    "__ne__": "(self, other: object) -> bool",
    "__hash__": "(self) -> int",
    "__lt__": '(self, other: "{root}") -> bool',
    "__le__": '(self, other: "{root}") -> bool',
    "__gt__": '(self, other: "{root}") -> bool',
    "__ge__": '(self, other: "{root}") -> bool',
    "__str__": "(self) -> str",
    "__repr__": "(self) -> str",
    "__bool__": "(self) -> bool",
    "__len__": "(self) -> int",
    "__contains__": "(self, item: object) -> bool",
    "__add__": '(self, other: int) -> "{root}"',
    "__radd__": '(self, other: int) -> "{root}"',
    "__sub__": '(self, other: int) -> "{root}"',
    "__mul__": '(self, other: "{root}") -> int',
    "__neg__": '(self) -> "{root}"',
    "__getitem__": "(self, i: int) -> int",
    "key": "(self) -> int",
    "label": "(self) -> str",
}

#: Bodies of each method: {cls} is the class, {root} its hierarchy's root, {k} a small int,
#: {exc} a generated exception class.
BODIES: dict[str, list[str]] = {
    "__eq__": [
        "return isinstance(other, {root}) and self.v == other.v",
        "return True",
        "if isinstance(other, int):\n    return self.v == other\nreturn NotImplemented",
        "if not isinstance(other, {cls}):\n    return NotImplemented\n"
        "return self.v % {k} == other.v % {k}",
        "if isinstance(other, str):\n    raise {exc}('eq ' + other)\n"
        "return isinstance(other, {root}) and self.v == other.v",
        "return str(self) == str(other)",
    ],
    "__ne__": ["return not self == other", "return False",
               "return not isinstance(other, {cls})"],
    "__hash__": ["return self.v % {k}", "return hash(self.v)", "return -1", "return {k}",
                 "return hash((self.v, {k}))"],
    "__lt__": ["return self.v < other.v", "return self.v > other.v",
               "return self.key() < other.key()", "return str(self) < str(other)"],
    "__le__": ["return self.v <= other.v", "return not other.v < self.v", "return True"],
    "__gt__": ["return self.v > other.v", "return other.v > self.v + {k}",
               "return len(str(self)) > len(str(other))"],
    "__ge__": ["return self.v >= other.v", "return False"],
    "__str__": ['return "{cls}[" + str(self.v) + "]"', 'return f"<{self.v}>"',
                'return repr(self) + "s"',  # super().__str__() is refused (yet)
                'return type(self).__name__.lower()'],
    "__repr__": ['return f"{cls}({self.v!r})"', 'return f"{type(self).__name__}({self.v})"',
                 'return "R" + str(self.v)', 'return f"{cls}<{self.label()}>"'],
    "__bool__": ["return self.v > {k}", "return self.v % 2 == 0", "return False"],
    "__len__": ["return abs(self.v) % {k}", "return {k}", "return self.v"],
    "__contains__": ["return item == self.v",
                     "return isinstance(item, int) and 0 <= item < self.v",
                     "return str(item) in str(self)"],
    "__add__": ["return {cls}(self.v + other)", "return {root}(self.v * 10 + other)"],
    "__radd__": ["return {cls}(other * 10 + self.v)", "return {root}(other - self.v)"],
    "__sub__": ["return {cls}(self.v - other)"],
    "__mul__": ["return self.v * other.v", "return self.v + {k} * other.v"],
    "__neg__": ["return {cls}(-self.v)", "return {root}(self.v + {k})"],
    "__getitem__": ["if i >= {k}:\n    raise IndexError(i)\nreturn self.v * i",
                    "return [self.v, {k}][i]"],
    "key": ["return self.v", "return -self.v", "return self.v * {k} % 7"],
    "label": ['return "{cls}"', "return type(self).__name__", 'return "{cls}" + str(self.v)'],
}

#: How likely a root defines each method (subclasses override each with half that).
ROOT_ODDS = {"__eq__": 0.6, "__ne__": 0.1, "__hash__": 0.5, "__lt__": 0.5, "__le__": 0.2,
             "__gt__": 0.3, "__ge__": 0.15, "__str__": 0.4, "__repr__": 0.85, "__bool__": 0.3,
             "__len__": 0.3, "__contains__": 0.3, "__add__": 0.35, "__radd__": 0.2,
             "__sub__": 0.15, "__mul__": 0.2, "__neg__": 0.2, "__getitem__": 0.15, "key": 1.0,
             "label": 0.6}

EXCEPTION_BASES = ["Exception", "Exception", "ValueError", "LookupError", "RuntimeError",
                   "ArithmeticError"]

#: What every program has after its classes: Protocol-bound and unbound generics.
GENERICS = '''
class HasKey(Protocol):
    def key(self) -> int: ...


KT = TypeVar("KT", bound=HasKey)
ST = TypeVar("ST", bound=Sized)
T = TypeVar("T")


def g_key(x: KT) -> int:
    return x.key() * 2


def g_show(x: KT) -> str:
    return f"{x}|{x!r}"


def g_same(x: KT, y: KT) -> bool:
    return x == y


def g_best(xs: list[KT]) -> KT:
    best = xs[0]
    for x in xs:
        if x.key() > best.key():
            best = x
    return best


def g_len(x: ST) -> int:
    return len(x)


def g_truth(x: ST) -> str:
    return "yes" if x else "no"


def g_id(x: T) -> T:
    return x


def g_str(x: T) -> str:
    return str(x) + "/" + repr(x)


def g_eq(x: T, y: T) -> bool:
    return x == y and not x != y


def g_in(x: T, xs: list[T]) -> bool:
    return x in xs


def g_pair(x: T, y: T) -> list[T]:
    return [x, y]


class Box(Generic[T]):
    def __init__(self, item: T) -> None:
        self.item = item

    def __repr__(self) -> str:
        return f"Box({self.item!r})"

    def get(self) -> T:
        return self.item


class KBag(Generic[KT]):
    def __init__(self, items: list[KT]) -> None:
        self.items = items

    def total(self) -> int:
        return sum([x.key() for x in self.items])

    def __str__(self) -> str:
        return ",".join([str(x) for x in self.items])

    def __contains__(self, x: object) -> bool:
        return any(x == item for item in self.items)  # `x in self.items` is refused (yet)

    def __len__(self) -> int:
        return len(self.items)
'''


def method_source(name: str, cls: str, root: str, rng: random.Random, excs: list[str],
                  has_label: bool) -> str:
    body = rng.choice(BODIES[name])
    if "super()" in body and cls == root or "self.label()" in body and not has_label:
        body = BODIES[name][0]
    body = body.replace("{cls}", cls).replace("{root}", root).replace(
        "{k}", str(rng.choice([2, 3, 5, 7]))).replace("{exc}", rng.choice(excs))
    sig = SIGNATURES[name].replace("{root}", root)
    return f"    def {name}{sig}:\n" + textwrap.indent(body, "        ") + "\n"


def exceptions(rng: random.Random, h: Hierarchy) -> list[tuple[str, str]]:
    """(name, source) of the exception classes: X0 (a root) and a few below it or beside it."""
    out: list[tuple[str, str]] = []
    for i in range(rng.randint(2, 4)):
        name = f"X{i}"
        known = [n for n, _ in out]
        base = rng.choice(known) if known and rng.random() < 0.6 else rng.choice(EXCEPTION_BASES)
        variant = rng.randint(0, 4)
        body = "    pass\n"
        if variant == 1:  # TODO: super().__str__() is refused here ("(yet)")
            body = '    def __str__(self) -> str:\n        return "' + name + '-" + "str"\n'
        elif variant == 2:
            body = '    def __repr__(self) -> str:\n        return "' + name + '!"\n'
        elif variant == 3:
            arg = "code" if base in known and h.defines(base, "__init__int") else 'f"code {code}"'
            body = ("    def __init__(self, code: int) -> None:\n"
                    f"        super().__init__({arg})\n        self.code = code\n")
        h.add(name, base if base in known else None, {"__init__int"} if variant == 3 else set(),
              exception=True)
        out.append((name, f"class {name}({base}):\n{body}"))
    return out


def classes(rng: random.Random, h: Hierarchy, excs: list[str]) -> list[tuple[str, str]]:
    """(name, source) of one or two hierarchies of plain classes."""
    out: list[tuple[str, str]] = []
    for r in range(rng.randint(1, 2)):
        root = "AB"[r]
        names = [root]
        for i in range(rng.randint(1, 3)):
            names.append(f"{root}{i + 1}")
        for name in names:
            base = None if name == root else rng.choice(
                [n for n in names[:names.index(name)]])
            odds = {m: (p if base is None else p / 2) for m, p in ROOT_ODDS.items()}
            if base is None:
                odds["key"] = 1.0
            methods = {m for m, p in odds.items() if rng.random() < p}
            lines = [f"class {name}{f'({base})' if base else ''}:\n"]
            if base is None:
                lines.append("    def __init__(self, v: int) -> None:\n        self.v = v\n")
            elif rng.random() < 0.2:
                lines.append("    def __init__(self, v: int) -> None:\n"
                             "        super().__init__(v * 2)\n")
            h.add(name, base, methods)
            if base is not None and not methods and len(lines) == 1:
                lines.append("    pass\n")
            for m in sorted(methods):
                lines.append(method_source(m, name, root, rng, excs, h.defines(name, "label")))
            out.append((name, "\n".join(lines)))
    return out


def raisers(h: Hierarchy) -> str:
    """`def boom(k: int) -> None`: raises the k-th generated exception (or a builtin one)."""
    lines = ["def boom(k: int) -> None:"]
    excs = sorted(h.exceptions)
    for i, name in enumerate(excs):
        arg = str(i + 40) if h.defines(name, "__init__int") else f'"m{i}"'
        lines.append(f"    if k == {i}:\n        raise {name}({arg})")
    lines.append(f"    if k == {len(excs)}:\n        raise KeyError(k)")
    lines.append(f"    if k == {len(excs) + 1}:\n        raise ValueError(\"bad\")")
    lines.append("    print(\"no raise\", k)")
    return "\n".join(lines) + "\n"
