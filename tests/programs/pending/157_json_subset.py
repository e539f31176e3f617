"""A parser for a JSON subset (objects, arrays, ints, strings, true/false/null) producing a
Union-typed tree, and a serializer back to compact text.

Features: union-isinstance, isinstance, str-index, dict, list, builtin-exception, try-except, class
"""

from typing import Union

Json = Union[None, bool, int, str, list["Json"], dict[str, "Json"]]


class Parser:
    def __init__(self, text: str) -> None:
        self.s, self.i = text, 0

    def ws(self) -> None:
        while self.i < len(self.s) and self.s[self.i] in " \n\t":
            self.i += 1

    def expect(self, c: str) -> None:
        self.ws()
        if self.s[self.i:self.i + 1] != c:
            raise ValueError(f"expected {c!r} at {self.i}")
        self.i += 1

    def value(self) -> Json:
        self.ws()
        c = self.s[self.i:self.i + 1]
        if c in ("{", "["):
            self.i += 1
            items: list[Json] = []
            obj: dict[str, Json] = {}
            self.ws()
            while self.s[self.i:self.i + 1] != ("}" if c == "{" else "]"):
                if items or obj:
                    self.expect(",")
                item = self.value()
                if c == "[":
                    items.append(item)
                elif not isinstance(item, str):
                    raise ValueError(f"object key must be a string at {self.i}")
                else:
                    self.expect(":")
                    obj[item] = self.value()
                self.ws()
            self.i += 1
            return obj if c == "{" else items
        if c == '"':
            start, self.i = self.i + 1, self.s.index('"', self.i + 1) + 1
            return self.s[start:self.i - 1]
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.s.startswith(word, self.i):
                self.i += len(word)
                return val
        j = self.i + int(c == "-")
        while j < len(self.s) and self.s[j].isdigit():
            j += 1
        if j == self.i or self.s[self.i:j] == "-":
            raise ValueError(f"unexpected {c or 'end'!r} at {self.i}")
        num, self.i = int(self.s[self.i:j]), j
        return num


def dump(v: Json) -> str:
    if isinstance(v, dict):
        return "{" + ",".join(f'"{k}":{dump(x)}' for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dump(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return "null" if v is None else f'"{v}"' if isinstance(v, str) else str(v)


for text in ['{"a": 1, "b": [true, false, null], "c": {"d": "e"}}', "[1, -2, [3, []]]",
             '{"k" 1}', "[1, 2", '{"x": tru}', "-", '  "spaced"  ']:
    try:
        tree = Parser(text).value()
        print(f"{text!r:<54} -> {dump(tree)} {type(tree).__name__}")
    except (ValueError, IndexError) as e:
        print(f"{text!r:<54} !! {type(e).__name__}: {e}")
