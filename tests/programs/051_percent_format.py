"""printf-style %-formatting: widths, precision, flags, %r/%s/%x/%o/%e-free floats, and mappings.

Features: str-format-percent, float, fstring, tuple, dict
"""

print("%d items, %5d|%-5d|%05d|%+d" % (3, 42, 42, 42, 42))
print("%s and %r" % ("text", "text"), "%s" % [1, 2], "%s" % (("tuple",),))
print("%x %X %#x %o %#o %5x|" % (255, 255, 255, 8, 8, 4096))
print("%.2f|%8.3f|%-8.1f|%08.2f|%+.1f" % (3.14159, 2.5, 2.25, -1.5, 0.05))
print("%5s|%-5s|%.2s|%c%c" % ("ab", "ab", "abcdef", 72, "i"))
print("%(name)s is %(age)d years" % {"name": "Ada", "age": 36})
print("100%% done, %d%% left" % 0)
print("%3d%%" % 7, "%i" % -12, "%u" % 5)

rows = [("widget", 4, 3.5), ("gadget", 12, 0.25), ("gizmo", 1, 120.0)]
print("%-8s %5s %9s" % ("item", "qty", "total"))
for name, qty, price in rows:
    print("%-8s %5d %9.2f" % (name, qty, qty * price))
total = sum((q * p for _, q, p in rows), 0.0)
print("%-8s %5s %9.2f" % ("TOTAL", "", total))
print("{:<8}|{:^8}|{:>8}".format("l", "c", "r"), "{0:.3f} {1:d} {0:08.2f}".format(2.5, 7))
print("{name}={value:#06x}".format(name="reg", value=0x2A), "{!r:>8}".format("q"))
print("[%*d]" % (6, 42), "[%-*s]" % (6, "ab"), "%.*f" % (1, 2.25))
