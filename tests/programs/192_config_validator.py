"""Validating a service configuration: rules are Callables (builtins like str.isdigit, bound
methods, lambdas) in a dict, an error hierarchy with try/except/else/finally, and the final
strict load of a broken config raises uncaught.

Features: callable, user-exception, try-except, dict, list, lambda, inheritance, class, fstring, uncaught, str-methods
"""

from collections.abc import Callable


class ConfigError(Exception):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(f"{key}: {reason}")
        self.key = key


class MissingKey(ConfigError):
    pass


class InvalidValue(ConfigError):
    pass


class Ports:
    def __init__(self, reserved: list[int]) -> None:
        self.reserved = reserved

    def free(self, text: str) -> bool:
        return int(text) not in self.reserved and 0 < int(text) < 65536


ports = Ports([22, 25, 111])
RULES: dict[str, list[tuple[str, Callable[[str], bool]]]] = {
    "port": [("digits", str.isdigit), ("free", ports.free)],
    "host": [("lowercase", str.islower), ("dotted", lambda s: "." in s)],
    "mode": [("known", lambda s: s in ("server", "client", "relay"))],
    "workers": [("digits", str.isdigit), ("small", lambda s: len(s) <= 2)],
}
REQUIRED = ["port", "host", "mode"]


def parse_lines(text: str) -> dict[str, str]:
    cfg: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            key, _, value = line.partition("=")
            cfg[key.strip().lower()] = value.strip()
    return cfg


def validate(cfg: dict[str, str]) -> dict[str, str]:
    for key in REQUIRED:
        if key not in cfg:
            raise MissingKey(key, "required")
    for key, value in cfg.items():
        for name, rule in RULES.get(key, []):
            if not rule(value):
                raise InvalidValue(key, f"{value!r} fails {name}")
    return cfg


def load(text: str, log: list[str]) -> dict[str, str]:
    cfg: dict[str, str] = {}
    try:
        cfg = validate(parse_lines(text))
    except MissingKey as e:
        log.append(f"missing {e.key}")
    except ConfigError as e:
        log.append(f"{type(e).__name__}({e})")
    else:
        log.append(f"ok {len(cfg)} keys")
    finally:
        log.append("---")
    return cfg


SAMPLES = [
    "port = 8080\nhost = api.example.org  # public\nmode = server\nworkers=4",
    "PORT=22\nhost=a.b\nmode=client",
    "port=8443\nmode=relay",
    "port=80\nhost=Web.Example\nmode=server",
    "port=http\nhost=x.y\nmode=server",
    "# empty\n\nport=9000\nhost=x.y\nmode=relay\nworkers=128",
    "port=9000\nhost=x.y\nmode=proxy\nextra=ignored",
]
log: list[str] = []
for text in SAMPLES:
    cfg = load(text, log)
    print(len(parse_lines(text)), sorted(cfg.items()))
print(" | ".join(log))
counts: dict[str, int] = {}
for entry in log:
    kind = entry.split("(")[0].split(" ")[0]
    counts[kind] = counts.get(kind, 0) + 1
print(counts)
print(issubclass(MissingKey, ConfigError), isinstance(InvalidValue("k", "r"), MissingKey))
strict = validate(parse_lines(SAMPLES[-1]))
print("unreachable", strict)
