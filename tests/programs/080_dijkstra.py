"""Dijkstra's shortest paths over a weighted directed graph, with a hand-written binary heap.

Features: dict, list, tuple, optional, class, fstring, int
"""

from typing import Optional

INF = 1 << 60


class MinHeap:
    def __init__(self) -> None:
        self.a: list[tuple[int, str]] = []

    def push(self, item: tuple[int, str]) -> None:
        self.a.append(item)
        i = len(self.a) - 1
        while i and self.a[(i - 1) // 2] > self.a[i]:
            p = (i - 1) // 2
            self.a[p], self.a[i] = self.a[i], self.a[p]
            i = p

    def pop(self) -> Optional[tuple[int, str]]:
        if not self.a:
            return None
        self.a[0], self.a[-1] = self.a[-1], self.a[0]
        top = self.a.pop()
        i = 0
        while True:
            kids = [k for k in (2 * i + 1, 2 * i + 2) if k < len(self.a)]
            if not kids:
                return top
            k = min(kids, key=lambda j: self.a[j])
            if self.a[k] >= self.a[i]:
                return top
            self.a[k], self.a[i] = self.a[i], self.a[k]
            i = k


ROADS = {"home": {"cafe": 4, "park": 2}, "park": {"cafe": 1, "lib": 7}, "cafe": {"lib": 3, "gym": 8},
         "lib": {"gym": 1, "office": 6}, "gym": {"office": 2}, "office": {}, "island": {}}


def dijkstra(src: str) -> tuple[dict[str, int], dict[str, str]]:
    dist = {n: INF for n in ROADS}
    prev: dict[str, str] = {}
    dist[src] = 0
    heap = MinHeap()
    heap.push((0, src))
    while True:
        item = heap.pop()
        if item is None:
            break
        d, u = item
        if d > dist[u]:
            continue
        for v, w in ROADS[u].items():
            if d + w < dist[v]:
                dist[v] = d + w
                prev[v] = u
                heap.push((dist[v], v))
    return dist, prev


dist, prev = dijkstra("home")
for node in ROADS:
    if dist[node] == INF:
        print(f"{node:<7} unreachable")
        continue
    route = [node]
    while route[-1] in prev:
        route.append(prev[route[-1]])
    print(f"{node:<7} {dist[node]:>3}  {' <- '.join(route)}")
print(dijkstra("lib")[0])
