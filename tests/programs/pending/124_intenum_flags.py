"""File permission bits as IntEnum members combined with | and &, rendered like `ls -l`.

Features: enum, fixed-width, int, hex-bin-oct, int-base, list, str-methods, fstring
"""

from enum import IntEnum


class Perm(IntEnum):
    OTHER_X = 0o001
    OTHER_W = 0o002
    OTHER_R = 0o004
    GROUP_X = 0o010
    GROUP_W = 0o020
    GROUP_R = 0o040
    USER_X = 0o100
    USER_W = 0o200
    USER_R = 0o400


ORDER = [Perm.USER_R, Perm.USER_W, Perm.USER_X, Perm.GROUP_R, Perm.GROUP_W, Perm.GROUP_X,
         Perm.OTHER_R, Perm.OTHER_W, Perm.OTHER_X]


def render(mode: int) -> str:
    return "".join("rwx"[i % 3] if mode & p else "-" for i, p in enumerate(ORDER))


def parse(text: str) -> int:
    mode = 0
    for ch, p in zip(text, ORDER):
        if ch != "-":
            mode |= p
    return mode


def names(mode: int) -> list[str]:
    return [p.name for p in Perm if mode & p]


for mode in (0o755, 0o644, 0o600, 0o777, 0o000, 0o4711 & 0o777):
    print(f"{mode:04o} {render(mode)} {mode:#011b} {names(mode)[:3]}")
m = parse("rw-r-----")
print(oct(m), int("640", 8) == m, render(m | Perm.GROUP_W), render(m & ~Perm.USER_W))
umask = 0o022
print(f"default file {0o666 & ~umask:o}, dir {0o777 & ~umask:o}")
print(Perm.USER_R | Perm.USER_W, type(Perm.USER_R | Perm.USER_W).__name__, Perm(0o40).name)
print(Perm.GROUP_R > Perm.OTHER_R, sorted([Perm.USER_X, Perm.OTHER_X, Perm.GROUP_X]))
print(sum(p for p in Perm) == 0o777, hex(Perm.USER_R), f"{Perm.USER_X:o}", int(Perm.OTHER_W))
