"""Wiring functors across modules, as pyrage's config does: signatures (Protocols), two sets of
implementations, and an application generic over them, specialized twice.

Features: functor, generic-class, modules, class, fstring
"""

from app import Uploader
from impls import BufferConsole, LossyNet, PerfectNet, StdoutConsole

print("== perfect network, stdout console ==")
up = Uploader(StdoutConsole("up1"), PerfectNet(), chunk=5)
sent = up.upload("hello functors")
print("sent chunks:", sent)

print("== lossy network, buffered console ==")
console = BufferConsole()
up2 = Uploader(console, LossyNet(every=3), chunk=4, retries=2)
sent = up2.upload("abcdefghijklmnopqrstuvwxyz")
print("sent chunks:", sent)
print("console captured", console.count, "lines; last:", console.last)
print("checksum:", up2.checksum, "vs", up.checksum)
