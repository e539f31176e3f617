"""Per-document statistics."""

from attrs import frozen

from .tokenize import sentences, words


@frozen
class Stats:
    name: str
    words: int
    sentences: int
    letters: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / self.sentences

    @property
    def letters_per_word(self) -> float:
        return self.letters / self.words


def analyze(name: str, text: str) -> Stats:
    ws = words(text)
    return Stats(name, len(ws), len(sentences(text)), sum(len(w) for w in ws))
