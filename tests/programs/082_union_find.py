"""Union-find with path compression and union by size: connectivity queries and Kruskal's MST.

Features: class, list, tuple, sorted-min-max, dict, fstring, lambda
"""


class DisjointSet:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.sets = n

    def find(self, x: int) -> int:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        self.sets -= 1
        return True


ds = DisjointSet(10)
for a, b in [(0, 1), (2, 3), (1, 3), (5, 6), (7, 8), (8, 9), (9, 7)]:
    print(f"union({a}, {b}) -> {ds.union(a, b)}, sets={ds.sets}")
print([ds.find(i) for i in range(10)])
groups: dict[int, list[int]] = {}
for i in range(10):
    groups.setdefault(ds.find(i), []).append(i)
print(sorted(groups.values(), key=lambda g: (-len(g), g)))

edges = [(7, "A", "B"), (5, "A", "D"), (8, "B", "C"), (9, "B", "D"), (7, "B", "E"), (5, "C", "E"),
         (15, "D", "E"), (6, "D", "F"), (8, "E", "F"), (9, "E", "G"), (11, "F", "G")]
names = sorted({n for _, a, b in edges for n in (a, b)})
idx = {n: i for i, n in enumerate(names)}
mst = DisjointSet(len(names))
chosen = [(w, a, b) for w, a, b in sorted(edges) if mst.union(idx[a], idx[b])]
print("MST:", [f"{a}{b}:{w}" for w, a, b in chosen], "weight", sum(w for w, _, _ in chosen))
