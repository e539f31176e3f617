"""Word frequencies of a paragraph: counting with a dict, ranking with sorted.

Features: dict, str-methods, sorted-min-max, lambda, fstring, tuple
"""

TEXT = """It was the best of times, it was the worst of times, it was the age of
wisdom, it was the age of foolishness, it was the epoch of belief, it was the
epoch of incredulity, it was the season of Light, it was the season of Darkness."""


def words(text: str) -> list[str]:
    out: list[str] = []
    for raw in text.split():
        w = raw.strip(".,;:!?").lower()
        if w:
            out.append(w)
    return out


counts: dict[str, int] = {}
for w in words(TEXT):
    counts[w] = counts.get(w, 0) + 1

print("distinct words:", len(counts))
print("first five seen:", list(counts)[:5])
ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
for word, n in ranked[:6]:
    print(f"{word:<8}{n:>3} {'#' * n}")

longest = max(counts, key=len)
shortest = min(counts, key=lambda w: (len(w), w))
print("longest:", longest, "shortest:", shortest)
singletons = sorted(w for w, n in counts.items() if n == 1)
print("singletons:", ", ".join(singletons))

by_length: dict[int, list[str]] = {}
for w in sorted(counts):
    by_length.setdefault(len(w), []).append(w)
for length in sorted(by_length):
    print(length, by_length[length])
print("total words:", sum(counts.values()))
