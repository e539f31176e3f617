"""binary-trees (the Computer Language Benchmarks Game): allocate, walk and drop perfect trees.

A stretch tree of depth N + 1, a long-lived tree of depth N, and 2**(N - depth + 4) short-lived
trees of each even depth from 4 to N, each walked to count its nodes.
"""

from typing import Final

N: Final = 16  # the maximum depth; SMALL_N is the quick one (tests, run.py --quick)
SMALL_N: Final = 6
MIN_DEPTH: Final = 4


class Node:
    def __init__(self, left: "Node | None", right: "Node | None") -> None:
        self.left = left
        self.right = right

    def check(self) -> int:
        """The number of nodes in this tree."""
        if self.left is None or self.right is None:
            return 1
        return 1 + self.left.check() + self.right.check()


def bottom_up_tree(depth: int) -> Node:
    if depth == 0:
        return Node(None, None)
    return Node(bottom_up_tree(depth - 1), bottom_up_tree(depth - 1))


def main(n: int) -> None:
    max_depth = max(MIN_DEPTH + 2, n)
    stretch_depth = max_depth + 1
    stretch_tree = bottom_up_tree(stretch_depth)
    print(f"stretch tree of depth {stretch_depth}\t check: {stretch_tree.check()}")

    long_lived_tree = bottom_up_tree(max_depth)

    for depth in range(MIN_DEPTH, max_depth + 1, 2):
        iterations = 1 << (max_depth - depth + MIN_DEPTH)
        check = 0
        for _ in range(iterations):
            check += bottom_up_tree(depth).check()
        print(f"{iterations}\t trees of depth {depth}\t check: {check}")

    print(f"long lived tree of depth {max_depth}\t check: {long_lived_tree.check()}")


if __name__ == "__main__":
    main(N)
