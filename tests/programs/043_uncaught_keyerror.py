"""A phone book lookup that ends with an uncaught KeyError (exit status 1, traceback on stderr).

Features: uncaught, builtin-exception, dict, str-methods, fstring
"""

ENTRIES = """
ada = 555-0101
brian=555-0199
  claude   =  555-0142
"""


def load(text: str) -> dict[str, str]:
    book: dict[str, str] = {}
    for line in text.strip().splitlines():
        name, _, number = line.partition("=")
        book[name.strip()] = number.strip()
    return book


book = load(ENTRIES)
print(f"{len(book)} entries: {', '.join(book)}")
for who in ["ada", "claude", "brian"]:
    print(f"{who:>8}: {book[who]}")
area = {number[:3] for number in book.values()}
print("area codes:", sorted(area))
print("looking up dana...")
print(book["dana"])
print("not reached")
