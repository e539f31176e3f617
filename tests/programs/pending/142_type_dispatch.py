"""A pretty-printer that dispatches on type(x).__name__ and isinstance, for nested data.

Features: type-name, isinstance, union-isinstance, dict, list, tuple, float, repr-str
"""

from typing import Union

Data = Union[None, bool, int, float, str, bytes, list["Data"], tuple["Data", ...], dict[str, "Data"]]


def render(x: Data, indent: int = 0) -> str:
    pad = "  " * indent
    kind = type(x).__name__
    if isinstance(x, dict):
        if not x:
            return "{}"
        inner = ",\n".join(f"{pad}  {k}: {render(v, indent + 1)}" for k, v in x.items())
        return "{\n" + inner + "\n" + pad + "}"
    if isinstance(x, (list, tuple)):
        open_, close = ("[", "]") if kind == "list" else ("(", ")")
        return open_ + ", ".join(render(v, indent) for v in x) + close
    if kind == "bool":
        return "yes" if x else "no"
    if isinstance(x, float):
        return f"{x:.3g}"
    if x is None:
        return "-"
    return repr(x) if kind in ("str", "bytes") else str(x)


doc: Data = {"name": "sensor-7", "active": True, "reading": 21.456789, "calib": None,
             "history": [1, 2.5, (3, "x")], "raw": b"\x01\x02", "meta": {"tags": ["a", "b"], "empty": {}}}
print(render(doc))
counts: dict[str, int] = {}


def walk(x: Data) -> None:
    counts[type(x).__name__] = counts.get(type(x).__name__, 0) + 1
    if isinstance(x, dict):
        for v in x.values():
            walk(v)
    elif isinstance(x, (list, tuple)):
        for v in x:
            walk(v)


walk(doc)
print(sorted(counts.items()))
samples: list[Data] = [1, True, 1.0, "1", b"1", None, [], (), {}]
print([type(v).__name__ for v in samples], [render(v) for v in samples])
