"""A recursive directory-size walk over nested dicts; a cycle guard raises a user exception deep
in the recursion and nothing catches it (exit status 1).

Features: uncaught, user-exception, dict, union-isinstance, isinstance, list, fstring
"""

from typing import Union

Tree = dict[str, Union[int, "Tree"]]


class CycleDetected(Exception):
    pass


def size(tree: Tree, path: str, depth: int, limit: int) -> int:
    if depth > limit:
        raise CycleDetected(f"{path}: deeper than {limit} levels")
    total = 0
    for name, node in tree.items():
        if isinstance(node, int):
            total += node
        else:
            sub = size(node, path + "/" + name, depth + 1, limit)
            print(f"{'  ' * depth}{path}/{name}: {sub}")
            total += sub
    return total


fs: Tree = {"etc": {"hosts": 120, "passwd": 900}, "usr": {"bin": {"python": 5000, "ls": 140},
                                                          "lib": {"libc": 2000}}, "boot": 800}
print("total:", size(fs, "", 0, 10))
deep: Tree = {"f": 1}
for level in range(6):
    deep = {f"d{level}": deep, "f": level}
print("deep total:", size(deep, "", 0, 10))
print("with a limit of 3:")
print(size(deep, "", 0, 3))
