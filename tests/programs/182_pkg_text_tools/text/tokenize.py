"""Splitting text into sentences and words."""


def sentences(text: str) -> list[str]:
    out: list[str] = []
    current = ""
    for ch in text:
        current += ch
        if ch in ".!?":
            if current.strip(" .!?"):
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def words(text: str) -> list[str]:
    return [w.strip(".,;:!?").lower() for w in text.split() if w.strip(".,;:!?")]
