"""f-string format specs for ints and strings: fill, align, sign, width, base, grouping.

Features: fstring, hex-bin-oct, str-format-percent, int
"""

x = 3054
neg = -42
name = "pyrage"

print(f"[{x:04x}] [{x:08X}] [{x:#x}] [{x:#010b}] [{x:o}]")
print(f"[{x:>8}] [{x:<8}] [{x:^8}] [{x:*^9}] [{x:_>8}]")
print(f"[{neg:6}] [{neg:<6}] [{neg:06}] [{neg:=6}] [{neg:+}] [{x:+}] [{x: }]")
print(f"[{name:>10}] [{name:<10}] [{name:^10}] [{name:.3}] [{name:-^12.4}]")
print(f"[{1234567:,}] [{1234567:_}] [{0xFFFFFFFF:_x}] [{-9876543:,d}]")
print(f"[{name!r}] [{name!r:>10}] [{x!s:>6}]")
width = 7
print(f"[{x:{width}}] [{x:>{width}x}] [{name:{'.'}<{width + 3}}]")
print(f"{x=}, {neg=}")
print(f"{'left':<6}|{'right':>7}|{'mid':^7}|")
print("{:>5}|{:<5}|{:^5}|".format(1, 2, 3))
print("{0}-{1}-{0}".format("a", "b"), "{n:03d}".format(n=7))
for v in (0, 1, 255, 256, 65535):
    print(f"{v:5d} {v:#06x} {v:016b}")
print(format(x, "x"), format(x, ">6"), format(name, "*<8"))
