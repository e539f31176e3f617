"""Iteration building blocks in a log-processing pipeline: range objects (len, indexing,
slicing, membership, reversed, equality), iter/next with defaults, map and filter with
builtins and lambdas, zip/enumerate, starred unpacking and tuple[int, ...] values.

Features: range-step, list, tuple, enumerate-zip, lambda, callable, sum-any-all, sorted-min-max, fstring, builtin-exception, try-except
"""

from collections.abc import Callable, Iterator

LOG = """\
200 GET /index.html 512
404 GET /missing 0
200 GET /style.css 2048
500 POST /api/save 17
301 GET /old 0
200 POST /api/save 99
503 GET /api/health 3
"""

ports = range(1024, 1100, 7)
print(ports, len(ports), ports[0], ports[-1], ports[3:6], 1045 in ports, 1046 in ports)
print(list(reversed(ports))[:4], ports.index(1059), ports.count(1031), range(0, 10, 2) == range(0, 9, 2))
print(list(range(10, 0, -3)), sum(range(1, 101)), max(range(-5, 5, 3)), list(range(5, 5)))

rows = [line.split() for line in LOG.splitlines()]
statuses = list(map(int, (r[0] for r in rows)))
sizes: tuple[int, ...] = tuple(map(int, [r[3] for r in rows]))
print(statuses, sizes, type(sizes).__name__, len(sizes), sizes[-2:])
errors = list(filter(lambda s: s >= 400, statuses))
nonzero = list(filter(None, sizes))
print(errors, nonzero, any(s >= 500 for s in statuses), all(s < 600 for s in statuses))

first, second, *middle, last = sizes
print(first, second, middle, last)
head, *tail = LOG.splitlines()
print(head, len(tail))
*_, (status, method, path, size) = rows
print(status, method, path, size)

it: Iterator[list[str]] = iter(rows)
header = next(it)
print("first row:", header)
posts = 0
for row in it:
    if row[1] == "POST":
        posts += 1
        if posts == 2:
            break
print("rest:", [r[2] for r in it], "next:", next(it, ["<end>"]))
try:
    next(it)
except StopIteration:
    print("StopIteration")

pipeline: list[Callable[[list[int]], list[int]]] = [
    lambda xs: list(filter(lambda x: x > 0, xs)),
    lambda xs: list(map(lambda x: x * 2, xs)),
    sorted,
    lambda xs: xs[::-1],
]
data = list(sizes)
for i, stage in enumerate(pipeline, 1):
    data = stage(data)
    print(f"stage {i}: {data}")
pairs = list(zip(map(str.upper, (r[1] for r in rows)), sizes, range(100, 200, 10)))
print(pairs[:3], list(zip(*pairs[:2])))
windows = [tuple(sizes[i:i + 3]) for i in range(0, len(sizes) - 2, 2)]
print(windows, [sum(w) for w in windows])
