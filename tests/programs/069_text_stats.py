"""Text statistics: lines, words, characters, sentence lengths, letter histogram, longest words.

Features: str-methods, dict, list, sorted-min-max, comprehension, float, fstring
"""

TEXT = """Call me Ishmael. Some years ago, never mind how long precisely, having little
or no money in my purse, and nothing particular to interest me on shore, I thought
I would sail about a little and see the watery part of the world. It is a way I have
of driving off the spleen and regulating the circulation."""

lines = TEXT.splitlines()
words = [w.strip(".,").lower() for w in TEXT.split()]
print(f"lines={len(lines)} words={len(words)} chars={len(TEXT)} "
      f"non-space={sum(1 for c in TEXT if not c.isspace())}")
print("line lengths:", [len(line) for line in lines])

sentences = [s.strip() for s in TEXT.replace("\n", " ").split(".") if s.strip()]
for s in sentences:
    print(f"{len(s.split()):3} words: {s[:40]}{'...' if len(s) > 40 else ''}")

letters: dict[str, int] = {}
for c in TEXT.lower():
    if c.isalpha():
        letters[c] = letters.get(c, 0) + 1
top = sorted(letters.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print("top letters:", top)
total_letters = sum(letters.values())
for ch, n in top[:3]:
    print(f"  {ch}: {n / total_letters * 100:.2f}%")

unique = sorted(set(words))
print("unique words:", len(unique), "first:", unique[:6])
longest = sorted(unique, key=lambda w: (-len(w), w))[:3]
print("longest:", longest)
mean = sum(len(w) for w in words) / len(words)
print(f"mean word length {mean:.3f}, vowels {sum(1 for c in TEXT.lower() if c in 'aeiou')}")
print("capitalized:", [w for w in TEXT.split() if w[0].isupper()])
