"""Breadth-first search on an undirected graph: shortest paths, components, bipartiteness.

Features: dict, list, set, optional, tuple, sorted-min-max, fstring
"""

from typing import Optional

EDGES = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d"), ("d", "e"), ("e", "f"),
         ("g", "h"), ("h", "i"), ("i", "g"), ("x", "y")]

graph: dict[str, list[str]] = {}
for u, v in EDGES:
    graph.setdefault(u, []).append(v)
    graph.setdefault(v, []).append(u)


def bfs(start: str) -> dict[str, Optional[str]]:
    parent: dict[str, Optional[str]] = {start: None}
    queue = [start]
    head = 0
    while head < len(queue):
        node = queue[head]
        head += 1
        for nxt in graph[node]:
            if nxt not in parent:
                parent[nxt] = node
                queue.append(nxt)
    return parent


def path(start: str, goal: str) -> Optional[list[str]]:
    parent = bfs(start)
    if goal not in parent:
        return None
    out: list[str] = []
    cur: Optional[str] = goal
    while cur is not None:
        out.append(cur)
        cur = parent[cur]
    return out[::-1]


print("reached from a in order:", list(bfs("a")))
for s, g in [("a", "f"), ("f", "a"), ("a", "g"), ("g", "i"), ("x", "x")]:
    p = path(s, g)
    print(f"{s} -> {g}: {' - '.join(p) if p else 'unreachable'}")

seen: set[str] = set()
components: list[list[str]] = []
for node in graph:
    if node not in seen:
        comp = sorted(bfs(node))
        seen.update(comp)
        components.append(comp)
print("components:", components)
for comp in components:
    color = {comp[0]: 0}
    ok = True
    for node in bfs(comp[0]):
        for nxt in graph[node]:
            if nxt in color and color[nxt] == color[node]:
                ok = False
            color.setdefault(nxt, 1 - color[node])
    print(comp[0], "bipartite" if ok else "has an odd cycle", max(len(graph[n]) for n in comp))
