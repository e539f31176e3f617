"""Topological sort of build targets (Kahn's algorithm), with cycle detection as an exception.

Features: dict, list, set, user-exception, try-except, sorted-min-max, fstring
"""


class CycleError(Exception):
    def __init__(self, nodes: list[str]) -> None:
        super().__init__("cycle among: " + ", ".join(nodes))
        self.nodes = nodes


def toposort(deps: dict[str, list[str]]) -> list[str]:
    nodes = set(deps)
    for ds in deps.values():
        nodes.update(ds)
    indegree = {n: 0 for n in sorted(nodes)}
    users: dict[str, list[str]] = {n: [] for n in indegree}
    for target, ds in deps.items():
        for d in ds:
            indegree[target] += 1
            users[d].append(target)
    ready = sorted(n for n, k in indegree.items() if k == 0)
    order: list[str] = []
    while ready:
        n = ready.pop(0)
        order.append(n)
        for u in sorted(users[n]):
            indegree[u] -= 1
            if indegree[u] == 0:
                ready.append(u)
                ready.sort()
    if len(order) != len(indegree):
        raise CycleError(sorted(n for n, k in indegree.items() if k > 0))
    return order


build = {
    "app": ["libnet", "libfs", "runtime"],
    "libnet": ["runtime", "libbuf"],
    "libfs": ["runtime", "libbuf"],
    "libbuf": ["runtime"],
    "tests": ["app"],
    "docs": [],
}
order = toposort(build)
print(" -> ".join(order))
level: dict[str, int] = {}
for n in order:
    level[n] = 1 + max((level[d] for d in build.get(n, [])), default=-1)
for n in order:
    print(f"{'  ' * level[n]}{n} (level {level[n]})")
build["runtime"] = ["tests"]
try:
    toposort(build)
except CycleError as e:
    print("CycleError:", e, len(e.nodes))
print(toposort({}), toposort({"a": ["b"], "c": []}))
