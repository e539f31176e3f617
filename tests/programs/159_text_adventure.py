"""A scripted text adventure: rooms in a dict, an Enum of directions, inventory as a set[str]
(always sorted before printing), and commands parsed with match.

Features: enum, match, dict, set, list, optional, str-methods, fstring
"""

from enum import Enum
from typing import Optional


class Dir(Enum):
    N = "north"
    S = "south"
    E = "east"
    W = "west"


ROOMS: dict[str, tuple[str, dict[Dir, str], list[str]]] = {
    "hall": ("a dusty hall", {Dir.N: "library", Dir.E: "kitchen"}, ["lamp"]),
    "library": ("rows of books", {Dir.S: "hall"}, ["key", "book"]),
    "kitchen": ("a cold kitchen", {Dir.W: "hall", Dir.N: "vault"}, []),
    "vault": ("the vault!", {Dir.S: "kitchen"}, ["gold"]),
}
items = {name: list(room[2]) for name, room in ROOMS.items()}


def parse_dir(word: str) -> Optional[Dir]:
    for d in Dir:
        if d.value.startswith(word):
            return d
    return None


here = "hall"
bag: set[str] = set()
script = ["look", "take lamp", "go n", "take key", "take sword", "go south", "go e", "go north",
          "drop lamp", "go n", "take gold", "inventory", "dance"]
for line in script:
    match line.split():
        case ["look"]:
            desc, exits, _ = ROOMS[here]
            out = f"{desc}; exits {[d.value for d in exits]}; items {items[here]}"
        case ["go", word]:
            d = parse_dir(word)
            dest = ROOMS[here][1].get(d) if d else None
            if dest == "vault" and "key" not in bag:
                out = "the vault is locked"
            elif dest is None:
                out = f"you cannot go {word}"
            else:
                here = dest
                out = f"you enter the {here}"
        case ["take", thing] if thing in items[here]:
            items[here].remove(thing)
            bag.add(thing)
            out = f"taken {thing}"
        case ["drop", thing] if thing in bag:
            bag.discard(thing)
            items[here].append(thing)
            out = f"dropped {thing}"
        case ["inventory" | "i"]:
            out = "carrying " + ", ".join(sorted(bag))
        case [verb, *_]:
            out = f"cannot {verb} that"
        case _:
            out = "?"
    print(f"> {line:<12} {out}")
print("final room:", here, "score:", 10 * len(bag) + (50 if "gold" in bag else 0))
