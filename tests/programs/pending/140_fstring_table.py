"""f-strings with computed widths and precisions, expressions, conversions and nested quotes.

Features: fstring, list, tuple, float, dict, sorted-min-max, str-methods
"""

planets = [("Mercury", 57.9, 0.055, 0), ("Venus", 108.2, 0.815, 0), ("Earth", 149.6, 1.0, 1),
           ("Mars", 227.9, 0.107, 2), ("Jupiter", 778.5, 317.8, 95), ("Saturn", 1432.0, 95.2, 146)]

w = max(len(name) for name, *_ in planets)
print(f"{'planet':<{w}} | {'distance':>9} | {'mass':>7} | {'moons':^5}")
print(f"{'':-<{w}}-+-{'':-<9}-+-{'':-<7}-+-{'':-<5}")
for name, dist, mass, moons in planets:
    print(f"{name:<{w}} | {dist:>9.1f} | {mass:>7.3f} | {moons:^5d}")
total_moons = sum(m for *_, m in planets)
print(f"{'total':<{w}} | {'':>9} | {sum((p[2] for p in planets), 0.0):>7.2f} | {total_moons:^5}")

for prec in range(4):
    print(f"pi to {prec} places: {355 / 113:.{prec}f}", end="; " if prec < 3 else "\n")
d = {"key": 3, "n": 7}
print(f"{d['key']!r} {d['n'] * 6} {'yes' if d['n'] > 5 else 'no'} {len(d)=}")
name = "Ada"
print(f"{name!r:>8}|{name.upper():.<8}|{name[::-1]}|{name!s:^7}|")
big = 12345678
print(f"{big:,} {big:_} {big:>15,} {big:e} {big / 1e6:.2f}M {-big:+,}")
print(f"{0.5:.0%} {1 / 8:.3%} {2 ** 10:#x} {255:#o} {ord('A'):08b}")
nested = f"{f'{big:,}':>15}"
print(nested, len(nested), f"{'{'}{'}'}", f"{{literal}}")
best = max(planets, key=lambda p: p[3])
print(f"most moons: {best[0]} ({best[3]}), {best[3] / total_moons:.1%} of all")
