"""Text helpers that only need string concatenation and len."""


def pad(s: str, width: int) -> str:
    while len(s) < width:
        s = " " + s
    return s


def banner(title: str, width: int, fill: str = "=") -> str:
    side = (width - len(title) - 2) // 2
    out = ""
    for _ in range(side):
        out += fill
    out += " " + title + " "
    while len(out) < width:
        out += fill
    return out
