"""Lists used as a stack, a queue and a deque: bracket matching, BFS levels, sliding window max.

Features: list, tuple, dict, optional, comprehension, fstring
"""

from typing import Optional


def matching(text: str) -> Optional[int]:
    """Index of the first unmatched bracket, or None when balanced."""
    stack: list[tuple[str, int]] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for i, ch in enumerate(text):
        if ch in "([{":
            stack.append((ch, i))
        elif ch in pairs:
            if not stack or stack[-1][0] != pairs[ch]:
                return i
            stack.pop()
    return stack[0][1] if stack else None


def levels(tree: dict[int, list[int]], root: int) -> list[list[int]]:
    out: list[list[int]] = []
    queue = [root]
    while queue:
        out.append(queue[:])
        queue = [child for node in queue for child in tree.get(node, [])]
    return out


def window_max(xs: list[int], k: int) -> list[int]:
    dq: list[int] = []
    out: list[int] = []
    for i, x in enumerate(xs):
        while dq and xs[dq[-1]] <= x:
            dq.pop()
        dq.append(i)
        if dq[0] <= i - k:
            dq.pop(0)
        if i >= k - 1:
            out.append(xs[dq[0]])
    return out


for t in ["(a[b]{c})", "(]", "((x)", "no brackets", "}{", "[()()]{"]:
    print(f"{t!r:<14} {matching(t)}")
tree = {1: [2, 3, 4], 2: [5, 6], 4: [7], 7: [8, 9]}
print(levels(tree, 1), levels(tree, 7), levels({}, 0))
print(window_max([1, 3, -1, -3, 5, 3, 6, 7], 3), window_max([9, 8, 7], 1), window_max([4, 2], 5))
undo: list[str] = []
doc = ""
for op in ["type:Hello", "type: world", "undo", "type:!", "type:!", "undo", "undo", "type:?"]:
    kind, _, arg = op.partition(":")
    if kind == "type":
        undo.append(doc)
        doc += arg
    elif undo:
        doc = undo.pop()
    print(f"{op:<12} -> {doc!r} (history {len(undo)})")
