"""A generic data-structure library in a package (a heap, a bounded deque, generic algorithms),
used at several element types from the entry module.

Features: packages, modules, generic-class, generic-function, callable, optional, list, tuple
"""

from structs import Heap, Ring, argmin, chunks, frequencies
from structs.algos import merge_sorted

h: Heap[str] = Heap(key=len)
for w in ["banana", "fig", "cherry", "kiwi", "apple", "date"]:
    h.push(w)
print([h.pop() for _ in range(len(h))])
nums: Heap[int] = Heap(key=lambda n: -n)
for n in [5, 1, 9, 3, 7]:
    nums.push(n)
print(nums.peek(), len(nums), [nums.pop() for _ in range(3)])

r: Ring[float] = Ring(3)
for v in [1.5, 2.5, 3.5, 4.5]:
    dropped = r.push(v)
    print(f"push {v} dropped {dropped} -> {r.items()}")
print(argmin([4, -2, 7], abs), argmin(["pear", "fig", "apple"], len), argmin([], len))
print(chunks(list(range(7)), 3), chunks(list("abcde"), 2))
print(frequencies("mississippi"), frequencies([3, 1, 3, 3]))
print(merge_sorted([1, 4, 9], [2, 3, 10, 11], lambda x, y: x < y),
      merge_sorted(["bb", "dddd"], ["a", "ccc"], lambda x, y: len(x) < len(y)))
