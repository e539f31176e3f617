"""User-defined __eq__ and __hash__: case-insensitive tags deduplicated in sets and dict keys.

Features: dunder, set, dict, class, repr-str, sorted-min-max
"""


class Tag:
    def __init__(self, name: str) -> None:
        self.name = name

    def key(self) -> str:
        return self.name.strip().lower()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Tag):
            return NotImplemented
        return self.key() == other.key()

    def __hash__(self) -> int:
        return len(self.key()) * 31 + sum(ord(c) for c in self.key())

    def __repr__(self) -> str:
        return f"Tag({self.name!r})"


raw = ["Python", "python ", "Rust", "PYTHON", "rust", "Go", "go", "OCaml"]
tags = [Tag(r) for r in raw]
unique: list[Tag] = []
for t in tags:
    if t not in unique:
        unique.append(t)
print(unique)

tag_set = set(tags)
print(len(tag_set), sorted(t.key() for t in tag_set))
counts: dict[Tag, int] = {}
for t in tags:
    counts[t] = counts.get(t, 0) + 1
print([(k.name, v) for k, v in counts.items()])
print(Tag("a") == Tag(" A"), Tag("a") != Tag("b"), Tag("x") == "x", Tag("x") in {Tag("X")})
print(hash(Tag("Go")) == hash(Tag("gO")), hash(Tag("go")), hash(7), hash(-1), hash(0))
