"""Word count: split text into words and count them in a dict, then print the most frequent.

The text is N generated lines of WORDS_PER_LINE words drawn, with a skew towards the first
ones, from a generated vocabulary; each line starts with a capital and ends with a period, so
that counting normalises words with lower() and strip().
"""

from typing import Final

N: Final = 200_000  # the benchmark's size; SMALL_N is the quick one (tests, run.py --quick)
SMALL_N: Final = 500
VOCABULARY: Final = 5000
WORDS_PER_LINE: Final = 12
LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"


class Random:
    """A 31-bit linear congruential generator (the same in the C version)."""

    def __init__(self, seed: int) -> None:
        self.state = seed

    def below(self, bound: int) -> int:
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return (self.state >> 8) % bound


def make_vocabulary(random: Random) -> list[str]:
    words = []
    for _ in range(VOCABULARY):
        length = 2 + random.below(8)
        words.append("".join(LETTERS[random.below(26)] for _ in range(length)))
    return words


def make_text(lines: int) -> list[str]:
    random = Random(42)
    vocabulary = make_vocabulary(random)
    text = []
    for _ in range(lines):
        words = []
        for _ in range(WORDS_PER_LINE):
            rank = random.below(VOCABULARY)
            words.append(vocabulary[rank * rank // VOCABULARY])
        text.append(" ".join(words).capitalize() + ".")
    return text


def count_words(text: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in text:
        for word in line.lower().split():
            word = word.strip(".,;:!?")
            counts[word] = counts.get(word, 0) + 1
    return counts


def main(lines: int) -> None:
    counts = count_words(make_text(lines))
    print(f"{sum(counts.values())} words, {len(counts)} distinct")
    ranking = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    for word, count in ranking[:10]:
        print(f"{count:8d} {word}")


if __name__ == "__main__":
    main(N)
