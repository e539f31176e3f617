"""An INI-file parser: sections, key/value pairs with ':' or '=', continuation lines,
${section:key} interpolation, typed getters with defaults; a parse error with a line
number ends the program uncaught.

Features: str-methods, dict, optional, user-exception, try-except, class, default-kwargs, fstring, uncaught, list
"""

from typing import Optional


class IniError(Exception):
    def __init__(self, lineno: int, message: str) -> None:
        super().__init__(f"line {lineno}: {message}")
        self.lineno = lineno


class Ini:
    def __init__(self) -> None:
        self.sections: dict[str, dict[str, str]] = {}

    @classmethod
    def parse(cls, text: str) -> "Ini":
        ini = cls()
        current: Optional[dict[str, str]] = None
        last_key = ""
        for lineno, raw in enumerate(text.splitlines(), 1):
            line = raw.rstrip()
            stripped = line.strip()
            if not stripped or stripped[0] in "#;":
                continue
            if line[0] in " \t" and current is not None and last_key:
                current[last_key] += "\n" + stripped
                continue
            if stripped.startswith("["):
                if not stripped.endswith("]"):
                    raise IniError(lineno, f"unterminated section header {stripped!r}")
                name = stripped[1:-1].strip()
                current = ini.sections.setdefault(name, {})
                last_key = ""
                continue
            if current is None:
                raise IniError(lineno, "key outside of any section")
            pos = min((p for p in (stripped.find("="), stripped.find(":")) if p >= 0), default=-1)
            if pos <= 0:
                raise IniError(lineno, f"expected key = value, got {stripped!r}")
            last_key = stripped[:pos].strip().lower()
            current[last_key] = stripped[pos + 1:].strip()
        return ini

    def get(self, section: str, key: str, default: Optional[str] = None) -> Optional[str]:
        value = self.sections.get(section, {}).get(key, default)
        depth = 0
        while value is not None and "${" in value and depth < 5:
            start = value.index("${")
            end = value.index("}", start)
            sec, _, k = value[start + 2:end].rpartition(":")
            sub = self.get(sec or section, k, "")
            value = value[:start] + (sub or "") + value[end + 1:]
            depth += 1
        return value

    def get_int(self, section: str, key: str, default: int = 0) -> int:
        value = self.get(section, key)
        return default if value is None else int(value, 0)

    def get_bool(self, section: str, key: str) -> bool:
        return (self.get(section, key) or "").lower() in ("1", "yes", "true", "on")


CONFIG = """
; service configuration
[server]
host = 0.0.0.0
port: 0x1F90
root = /srv/${name}
name = pyrage
banner = welcome to
    ${name} on ${host}
debug = yes

[limits]
max_conn = 128
timeout = ${server:port}
"""
ini = Ini.parse(CONFIG)
print(sorted(ini.sections), {k: len(v) for k, v in ini.sections.items()})
print(ini.get("server", "root"), ini.get_int("server", "port"), ini.get_bool("server", "debug"))
print(repr(ini.get("server", "banner")))
print(ini.get("limits", "timeout"), ini.get_int("limits", "max_conn"), ini.get_int("limits", "x", 7))
print(ini.get("missing", "key"), ini.get("limits", "nope", "dflt"), ini.get_bool("limits", "max_conn"))
for bad in ["key = 1", "[open\nx=1", "[s]\n= value", "[s]\njustakey"]:
    try:
        Ini.parse(bad)
    except IniError as e:
        print(f"IniError at {e.lineno}: {e}")
try:
    ini.get_int("server", "name")
except ValueError as e:
    print("ValueError:", e)
Ini.parse(CONFIG + "\n[broken\n")
