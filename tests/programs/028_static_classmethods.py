"""Alternate constructors with @classmethod, helpers with @staticmethod, class-level counters.

Features: static-classmethod, class, str-methods, int-base, fstring, builtin-exception
"""


class Color:
    created = 0

    def __init__(self, r: int, g: int, b: int) -> None:
        self.r = Color.clamp(r)
        self.g = Color.clamp(g)
        self.b = Color.clamp(b)
        Color.created += 1

    @staticmethod
    def clamp(v: int) -> int:
        return max(0, min(255, v))

    @classmethod
    def from_hex(cls, text: str) -> "Color":
        text = text.lstrip("#")
        if len(text) == 3:
            text = "".join(c * 2 for c in text)
        return cls(int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16))

    @classmethod
    def grey(cls, level: int) -> "Color":
        return cls(level, level, level)

    @staticmethod
    def mix(a: "Color", b: "Color") -> "Color":
        return Color((a.r + b.r) // 2, (a.g + b.g) // 2, (a.b + b.b) // 2)

    def hex(self) -> str:
        return f"#{self.r:02x}{self.g:02x}{self.b:02x}"

    def __repr__(self) -> str:
        return f"Color({self.r}, {self.g}, {self.b})"


coral = Color.from_hex("#ff7f50")
teal = Color.from_hex("088")
print(coral, coral.hex(), teal, teal.hex())
print(Color.grey(300), Color.grey(-5).hex(), Color.mix(coral, teal).hex())
print(Color.clamp(1000), Color.clamp(-1), Color.clamp(77))
print("created:", Color.created)
try:
    Color.from_hex("#zz0000")
except ValueError as e:
    print("bad hex:", e)
print("created:", Color.created, coral.created)
