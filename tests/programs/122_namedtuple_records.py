"""Parsing log lines into NamedTuple records and aggregating them: counts, sums and top lists.

Features: namedtuple, str-methods, dict, list, sorted-min-max, comprehension, fstring
"""

from typing import NamedTuple

LOG = """\
2024-05-01 10:00:01 GET /index.html 200 512
2024-05-01 10:00:03 GET /style.css 200 128
2024-05-01 10:00:04 POST /login 302 0
2024-05-01 10:01:10 GET /missing 404 64
2024-05-01 10:01:11 GET /index.html 200 512
2024-05-01 10:02:45 GET /api/items 500 32
2024-05-01 10:03:00 GET /api/items 200 2048
2024-05-01 10:03:02 DELETE /api/items/7 204 0
"""


class Hit(NamedTuple):
    time: str
    method: str
    path: str
    status: int
    size: int

    @property
    def ok(self) -> bool:
        return self.status < 400


def parse(line: str) -> Hit:
    _, time, method, path, status, size = line.split()
    return Hit(time, method, path, int(status), int(size))


hits = [parse(line) for line in LOG.splitlines() if line.strip()]
print(len(hits), hits[0])
by_status: dict[int, int] = {}
for h in hits:
    by_status[h.status] = by_status.get(h.status, 0) + 1
print(dict(sorted(by_status.items())))
traffic: dict[str, int] = {}
for h in hits:
    traffic[h.path] = traffic.get(h.path, 0) + h.size
for path, size in sorted(traffic.items(), key=lambda kv: (-kv[1], kv[0]))[:3]:
    print(f"{path:<14}{size:>6}")
errors = [h for h in hits if not h.ok]
print("errors:", [(h.time, h.path, h.status) for h in errors])
print("methods:", sorted({h.method for h in hits}), "bytes:", sum(h.size for h in hits))
biggest = max(hits, key=lambda h: h.size)
print(biggest._replace(path="<redacted>"), biggest.ok, hits[2][3])
