"""A user exception hierarchy for a config validator: subclasses, fields, catching by base class.

Features: user-exception, try-except, inheritance, class, dict, isinstance
"""


class ConfigError(Exception):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key


class MissingKey(ConfigError):
    def __init__(self, key: str) -> None:
        super().__init__(key, "is required")


class BadValue(ConfigError):
    def __init__(self, key: str, value: str, expected: str) -> None:
        super().__init__(key, f"{value!r} is not {expected}")
        self.value = value


REQUIRED = ["host", "port", "workers"]


def validate(cfg: dict[str, str]) -> dict[str, int | str]:
    out: dict[str, int | str] = {}
    for key in REQUIRED:
        if key not in cfg:
            raise MissingKey(key)
    out["host"] = cfg["host"]
    for key in ("port", "workers"):
        if not cfg[key].isdigit():
            raise BadValue(key, cfg[key], "a number")
        out[key] = int(cfg[key])
    if not 0 < int(out["port"]) < 65536:
        raise BadValue("port", cfg["port"], "a valid port")
    return out


configs = [
    {"host": "a.example", "port": "8080", "workers": "4"},
    {"host": "b.example", "port": "http", "workers": "4"},
    {"host": "c.example", "workers": "2"},
    {"host": "d.example", "port": "70000", "workers": "1"},
]
for cfg in configs:
    try:
        print("ok:", validate(cfg))
    except MissingKey as e:
        print("missing:", e, "| key =", e.key)
    except ConfigError as e:
        kind = type(e).__name__
        extra = e.value if isinstance(e, BadValue) else ""
        print(f"{kind}: {e} | key={e.key} value={extra}")

errors: list[ConfigError] = [MissingKey("x"), BadValue("y", "z", "good")]
print([isinstance(e, Exception) for e in errors], [str(e) for e in errors])
print(issubclass(BadValue, ConfigError), repr(ConfigError("k", "m")), ConfigError("k", "m").args)
