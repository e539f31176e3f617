"""A binary search tree with Optional children: insert, search, in-order walk, height, deletion.

Features: optional, class, list, tuple, closure, nonlocal, fstring
"""

from typing import Optional


class Node:
    def __init__(self, key: int) -> None:
        self.key = key
        self.left: Optional[Node] = None
        self.right: Optional[Node] = None


def insert(root: Optional[Node], key: int) -> Node:
    if root is None:
        return Node(key)
    if key < root.key:
        root.left = insert(root.left, key)
    elif key > root.key:
        root.right = insert(root.right, key)
    return root


def contains(root: Optional[Node], key: int) -> bool:
    while root is not None and root.key != key:
        root = root.left if key < root.key else root.right
    return root is not None


def inorder(root: Optional[Node]) -> list[int]:
    return [] if root is None else inorder(root.left) + [root.key] + inorder(root.right)


def height(root: Optional[Node]) -> int:
    return 0 if root is None else 1 + max(height(root.left), height(root.right))


def delete(root: Optional[Node], key: int) -> Optional[Node]:
    if root is None:
        return None
    if key < root.key:
        root.left = delete(root.left, key)
    elif key > root.key:
        root.right = delete(root.right, key)
    elif root.left is None or root.right is None:
        return root.left or root.right
    else:
        succ = root.right
        while succ.left is not None:
            succ = succ.left
        root.key = succ.key
        root.right = delete(root.right, succ.key)
    return root


def range_count(root: Optional[Node], lo: int, hi: int) -> int:
    count = 0

    def walk(n: Optional[Node]) -> None:
        nonlocal count
        if n is None:
            return
        if lo <= n.key <= hi:
            count += 1
        walk(n.left)
        walk(n.right)
    walk(root)
    return count


tree: Optional[Node] = None
for k in [50, 30, 70, 20, 40, 60, 80, 35, 45, 65, 30]:
    tree = insert(tree, k)
print(inorder(tree), "height", height(tree))
print([contains(tree, k) for k in (45, 55, 80, 10)], range_count(tree, 33, 66))
for k in (20, 30, 50, 99):
    tree = delete(tree, k)
    print(f"after deleting {k}: {inorder(tree)} root={tree.key if tree else None} h={height(tree)}")
