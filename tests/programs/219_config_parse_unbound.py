"""A settings parser whose lookups can leave a local unassigned: every path that reads one
raises UnboundLocalError as CPython does, and the last one is uncaught (exit status 1).

Features: unbound-local, try-except, dict, str-methods, uncaught
"""

from typing import Optional


def port_of(line: str) -> int:
    try:
        port = int(line.partition("=")[2])
    except ValueError:
        print(f"  bad port in {line!r}")
    return port


def last_host(lines: list[str]) -> str:
    for line in lines:
        if line.startswith("#"):
            break
        if line.startswith("host="):
            host = line[5:]
    return host


def timeout_of(settings: dict[str, str]) -> float:
    if "timeout" in settings:
        seconds = float(settings["timeout"])
    elif "timeout_ms" in settings:
        seconds = int(settings["timeout_ms"]) / 1000
    return seconds


def first_user(users: Optional[list[str]]) -> str:
    if users:
        for user in users:
            if user:
                name = user
                break
    return name


def attempt(label: str, value: object) -> None:
    print(f"{label}: {value}")


for line in ["port=8080", "port=eighty"]:
    try:
        attempt("port", port_of(line))
    except UnboundLocalError as e:
        print("port:", e)
for lines in [["host=a", "host=b", "# end", "host=c"], ["# nothing", "host=x"]]:
    try:
        attempt("host", last_host(lines))
    except UnboundLocalError as e:
        print("host:", e)
for settings in [{"timeout": "2.5"}, {"timeout_ms": "250"}, {"retries": "3"}]:
    try:
        attempt("timeout", timeout_of(settings))
    except UnboundLocalError as e:
        print("timeout:", e)
print("user:", first_user(["", "ada"]))
print("user:", first_user([]))
print("not reached")
