"""An allocation soak: forever, build and drop binary trees (with cycles: every node points back
at its parent), dicts of strs and lists, keeping a bounded ring of survivors. Prints one line
per round, so a harness can count rounds while it samples the process's memory.

The live data is bounded by construction (a tree of depth 16 being built, RING rounds of
survivors), so a collector that reclaims garbage, cycles included, keeps memory bounded.
"""

from typing import Final

DEPTH: Final = 16
RING: Final = 8


class Node:
    def __init__(self, parent: "Node | None") -> None:
        self.parent = parent  # a cycle with the parent's children: reference counting leaks it
        self.left: Node | None = None
        self.right: Node | None = None


def tree(depth: int, parent: Node | None) -> Node:
    node = Node(parent)
    if depth > 0:
        node.left = tree(depth - 1, node)
        node.right = tree(depth - 1, node)
    return node


def count(node: Node | None) -> int:
    if node is None:
        return 0
    return 1 + count(node.left) + count(node.right)


def words(round_no: int) -> dict[str, list[int]]:
    table: dict[str, list[int]] = {}
    for i in range(2000):
        key = f"w{(i * 7919 + round_no) % 997}"
        table.setdefault(key, []).append(i)
    return table


def main() -> None:
    ring: list[dict[str, list[int]]] = []
    round_no = 0
    while True:
        nodes = count(tree(DEPTH, None))
        table = words(round_no)
        ring.append(table)
        if len(ring) > RING:
            ring.pop(0)
        print(f"round {round_no}: {nodes} nodes, {len(table)} keys, {len(ring)} kept", flush=True)
        round_no += 1


main()
