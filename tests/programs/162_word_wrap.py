"""Greedy word wrapping and justification of a paragraph at several widths.

Features: str-methods, list, fstring, enumerate-zip, divmod-pow-round-abs
"""

TEXT = """Unikernels are specialised, single-address-space machine images constructed by using
library operating systems. A developer selects, from a modular stack, the minimal set of
libraries which correspond to the OS constructs required for their application to run."""


def wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in text.split():
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        length += len(word) + (1 if current else 0)
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines


def justify(line: str, width: int) -> str:
    words = line.split()
    if len(words) == 1:
        return line.ljust(width)
    gaps = len(words) - 1
    spaces, extra = divmod(width - sum(len(w) for w in words), gaps)
    out = ""
    for i, w in enumerate(words[:-1]):
        out += w + " " * (spaces + (1 if i < extra else 0))
    return out + words[-1]


for width in (60, 34):
    lines = wrap(TEXT, width)
    print(f"--- width {width}: {len(lines)} lines ---")
    for i, line in enumerate(lines):
        body = justify(line, width) if i < len(lines) - 1 else line
        print(f"|{body:<{width}}|")
narrow = wrap("a bb ccc dddd supercalifragilistic e", 6)
print(narrow, [len(x) for x in narrow])
print(wrap("", 10), wrap("   spaced    out   ", 20), "  x  ".strip().center(5, "*"))
