"""Record parsing with find and slicing only."""


def field(text: str, index: int) -> str:
    start = 0
    for _ in range(index):
        start = text.find("|", start) + 1
    end = text.find("|", start)
    if end < 0:
        end = len(text)
    return text[start:end]


def reading(record: str) -> int:
    colon = record.find(":")
    return int(record[colon + 1:])
