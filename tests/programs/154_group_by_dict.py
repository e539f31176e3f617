"""Grouping and indexing records with dicts of lists, dicts of dicts, and inverted indexes.

Features: dict, list, set, tuple, comprehension, sorted-min-max, str-methods
"""

BOOKS = [
    ("Dune", "Herbert", 1965, "sf"), ("Neuromancer", "Gibson", 1984, "sf"),
    ("Emma", "Austen", 1815, "classic"), ("Persuasion", "Austen", 1817, "classic"),
    ("Hyperion", "Simmons", 1989, "sf"), ("Count Zero", "Gibson", 1986, "sf"),
    ("Middlemarch", "Eliot", 1871, "classic"),
]

by_author: dict[str, list[str]] = {}
for title, author, _year, _genre in BOOKS:
    by_author.setdefault(author, []).append(title)
print(by_author)

by_genre_decade: dict[str, dict[int, int]] = {}
for _title, _author, year, genre in BOOKS:
    decades = by_genre_decade.setdefault(genre, {})
    decades[year // 10 * 10] = decades.get(year // 10 * 10, 0) + 1
print(by_genre_decade)

index: dict[str, set[str]] = {}
for title, *_details in BOOKS:
    for word in title.lower().split():
        for i in range(len(word) - 2):
            index.setdefault(word[i:i + 3], set()).add(title)
for tri in ["ion", "mer", "zer", "xyz"]:
    print(tri, sorted(index.get(tri, set())))
print(len(index), max(index, key=lambda k: (len(index[k]), k)))

oldest = {g: min((y, t) for t, _, y, gg in BOOKS if gg == g) for g in {b[3] for b in BOOKS}}
print(sorted(oldest.items()))
prolific = sorted(by_author.items(), key=lambda kv: (-len(kv[1]), kv[0]))
print([(a, len(ts)) for a, ts in prolific])
years = {t: y for t, _, y, _ in BOOKS}
del years["Emma"]
years["Emma"] = 1816
print(list(years)[-2:], years.get("Dune"), "Ulysses" in years, sorted(years.values())[:3])
