"""Exam statistics with sum, min, max, sorted and integer rounding: per-student and per-question.

Features: sum-any-all, sorted-min-max, list, dict, enumerate-zip, comprehension, divmod-pow-round-abs, fstring
"""

SCORES = {
    "ana": [8, 9, 7, 10, 6],
    "ben": [5, 6, 9, 4, 7],
    "cho": [10, 10, 9, 9, 10],
    "dev": [3, 7, 6, 5, 8],
    "eve": [7, 8, 8, 7, 9],
}
MAX_PER_Q = 10


def percent(points: int, out_of: int) -> str:
    tenths = (points * 1000 + out_of // 2) // out_of
    whole, frac = divmod(tenths, 10)
    return f"{whole}.{frac}%"


totals = {name: sum(s) for name, s in SCORES.items()}
out_of = MAX_PER_Q * len(SCORES["ana"])
for name, total in sorted(totals.items(), key=lambda kv: -kv[1]):
    s = SCORES[name]
    print(f"{name}: total {total:>2}/{out_of} ({percent(total, out_of):>6}) "
          f"best {max(s):>2} worst {min(s):>2} dropped-lowest {total - min(s)}")
questions = [[s[q] for s in SCORES.values()] for q in range(len(SCORES["ana"]))]
for q, col in enumerate(questions, 1):
    mean_x10 = round(sum(col) * 10 / len(col))
    print(f"Q{q}: min {min(col)} max {max(col)} mean {mean_x10 // 10}.{mean_x10 % 10} "
          f"perfect {sum(1 for c in col if c == MAX_PER_Q)}")
hardest = min(range(len(questions)), key=lambda i: sum(questions[i]))
print("hardest question: Q%d" % (hardest + 1), "spread:", max(totals.values()) - min(totals.values()))
ranks = {name: i for i, name in enumerate(sorted(totals, key=lambda n: -totals[n]), 1)}
print(ranks, sorted(totals.values()), sum(totals.values()) // len(totals))
print(all(max(s) <= MAX_PER_Q for s in SCORES.values()), any(min(s) < 4 for s in SCORES.values()))
