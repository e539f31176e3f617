"""Generic data structures and algorithms."""

from .algos import argmin, chunks, frequencies
from .heap import Heap
from .ring import Ring

__all__ = ["Heap", "Ring", "argmin", "chunks", "frequencies"]
