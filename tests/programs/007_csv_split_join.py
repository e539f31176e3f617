"""A small CSV-ish parser: comments, blank lines, padding, quoted-free fields.

Features: str-methods, list, dict, fstring, enumerate-zip
"""

DATA = """
# name, age, city
  Alice , 34, Lisbon
Bob,27 ,Oslo

# a comment in the middle
Chloé,  45,  Kraków
Dmitri,19,Tbilisi
"""


def parse(text: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        rows.append([field.strip() for field in line.split(",")])
    return rows


rows = parse(DATA)
print(f"{len(rows)} rows")
header = ["name", "age", "city"]
records: list[dict[str, str]] = []
for row in rows:
    records.append(dict(zip(header, row)))

for i, rec in enumerate(records, start=1):
    print(f"{i}. {rec['name']:<8} {rec['age']:>3} {rec['city']}")

print(" | ".join(header))
print("\n".join(",".join(r) for r in rows))
ages = [int(r["age"]) for r in records]
print("ages:", ages, "total:", sum(ages))
print("cities:", "/".join(sorted(r["city"] for r in records)))
print("x,,y".split(","), "a b  c".split(), "a b  c".split(" "), "k=v=w".split("=", 1))
print("--".join(["only"]), repr("".join([])), "  pad\t\n".strip(), "xxhixx".strip("x"))
print("path/to/file.txt".rsplit("/", 1), "  left".lstrip(), "right  ".rstrip() + "|")
print("data.csv".endswith(".csv"), "data.csv".startswith("dat"), "data".startswith("at", 1))
