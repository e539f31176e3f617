"""Semantic versions as a NamedTuple: parsing with prerelease tags, ordering via a sort key,
constraint checks ("^1.2", "~1.4.0", ">=2.0.0") matched with match/case, max with key, and
_replace-based bumps.

Features: namedtuple, match, tuple, list, sorted-min-max, str-methods, builtin-exception, try-except, optional, fstring, lambda
"""

from typing import NamedTuple, Optional


class Version(NamedTuple):
    major: int
    minor: int
    patch: int
    pre: str = ""

    @staticmethod
    def parse(text: str) -> "Version":
        core, _, pre = text.strip().lstrip("v").partition("-")
        parts = core.split(".")
        if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
            raise ValueError(f"invalid version {text!r}")
        nums = [int(p) for p in parts] + [0] * (3 - len(parts))
        return Version(nums[0], nums[1], nums[2], pre)

    def key(self) -> tuple[int, int, int, int, str]:
        return (self.major, self.minor, self.patch, 0 if self.pre else 1, self.pre)

    def bump(self, part: str) -> "Version":
        match part:
            case "major":
                return self._replace(major=self.major + 1, minor=0, patch=0, pre="")
            case "minor":
                return self._replace(minor=self.minor + 1, patch=0, pre="")
            case "patch":
                return self._replace(patch=self.patch + (0 if self.pre else 1), pre="")
            case _:
                raise ValueError(f"unknown part {part!r}")

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{self.pre}" if self.pre else core


def satisfies(v: Version, constraint: str) -> bool:
    match constraint[:1], constraint[1:2]:
        case "^", _:
            base = Version.parse(constraint[1:])
            upper = base.bump("major") if base.major else base.bump("minor")
            return base.key() <= v.key() < upper.key()
        case "~", _:
            base = Version.parse(constraint[1:])
            return base.key() <= v.key() < base.bump("minor").key()
        case ">", "=":
            return v.key() >= Version.parse(constraint[2:]).key()
        case "<", _:
            return v.key() < Version.parse(constraint[1:]).key()
        case _:
            return v.key() == Version.parse(constraint).key()


def newest(versions: list[Version], constraint: str) -> Optional[Version]:
    ok = [v for v in versions if satisfies(v, constraint)]
    return max(ok, key=lambda v: v.key()) if ok else None


raw = ["1.0.0", "v1.2.3", "1.2.10", "1.10.0", "2.0.0-rc.1", "2.0.0", "0.9", "1.2.3-beta",
       "0.3.1", "0.3.9", "2.1"]
versions = [Version.parse(r) for r in raw]
print([str(v) for v in sorted(versions, key=Version.key)])
print(sorted(versions)[:3])
for c in ["^1.2", "~1.2.0", ">=2.0.0", "<1.0", "^0.3.1", "1.2.3", "^3"]:
    best = newest(versions, c)
    print(f"{c:<8} -> {str(best) if best else 'none':<8} of {sum(1 for v in versions if satisfies(v, c))}")
v = Version.parse("1.4.7-alpha")
print([str(v.bump(p)) for p in ("major", "minor", "patch")], v, v._replace(pre=""), v.pre)
for bad in ["1.2.3.4", "x.1", "", "1..2"]:
    try:
        Version.parse(bad)
    except ValueError as e:
        print("ValueError:", e)
try:
    v.bump("build")
except ValueError as e:
    print("ValueError:", e)
print(Version(1, 2, 3) == Version.parse("1.2.3"), Version(1, 2, 3) < Version(1, 10, 0), v.key())
