"""Formatting helpers for reports."""

from .stats import Stats

WIDTH = 60


def report_line(s: Stats) -> str:
    return (f"{s.name:<6} words={s.words:>3} sentences={s.sentences:>2} "
            f"w/s={s.words_per_sentence:>6.2f} l/w={s.letters_per_word:.3f}")


def rule() -> str:
    return "-" * WIDTH


def listing(items: list[str]) -> str:
    return ", ".join(f"{i + 1}) {x}" for i, x in enumerate(items))


def histogram(counts: dict[str, int]) -> str:
    top = max(counts.values())
    return "\n".join(f"{k:>6} {'#' * (v * 30 // top)} {v}" for k, v in counts.items())
