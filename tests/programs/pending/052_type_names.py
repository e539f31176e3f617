"""type(x).__name__ for builtins and user classes, and dispatch on it in a tiny serializer.

Features: type-name, isinstance, union-isinstance, class, inheritance, list, dict
"""

from typing import Union


class Base:
    pass


class Derived(Base):
    pass


values: list[object] = [1, 2.0, "s", b"b", True, None, [1], (1,), {1: 2}, {1}, bytearray(),
                        Base(), Derived(), range(3), frozenset([1])]
print([type(v).__name__ for v in values])
print(type(Derived()).__name__, type(Derived()).__mro__[1].__name__, Base.__name__)

Json = Union[None, bool, int, str, list["Json"], dict[str, "Json"]]


def encode(v: Json) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return '"' + v.replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ",".join(encode(x) for x in v) + "]"
    return "{" + ",".join(f"{encode(k)}:{encode(x)}" for k, x in v.items()) + "}"


doc: Json = {"name": "pyrage", "ok": True, "n": 3, "tags": ["a", 'q"d'], "none": None,
             "nested": {"list": [1, [2, []]]}}
print(encode(doc))
kinds: dict[str, int] = {}
assert isinstance(doc, dict)
for value in doc.values():
    name = type(value).__name__
    kinds[name] = kinds.get(name, 0) + 1
print(kinds)
print(type(3) is int, type(True) is int, type(True) is bool, type(3).__name__ == "int")
