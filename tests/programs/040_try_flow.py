"""try/except/else/finally control flow: which blocks run, in which order, with returns and loops.

Features: try-except, builtin-exception, list, fstring
"""

log: list[str] = []


def attempt(x: int) -> str:
    log.clear()
    try:
        log.append("try")
        value = 100 // x
        if value > 50:
            return "early return"
    except ZeroDivisionError:
        log.append("except")
        return "division failed"
    else:
        log.append("else")
    finally:
        log.append("finally")
    log.append("after")
    return f"value {value}"


for x in (0, 1, 4):
    result = attempt(x)
    print(f"attempt({x}) -> {result!r:20} {log}")


def loop_with_finally() -> list[str]:
    seen: list[str] = []
    for i in range(5):
        try:
            if i == 1:
                continue
            if i == 3:
                break
            seen.append(f"body{i}")
        finally:
            seen.append(f"fin{i}")
    return seen


print(loop_with_finally())


def nested(kind: str) -> str:
    try:
        try:
            if kind == "value":
                raise ValueError("inner value")
            if kind == "key":
                raise KeyError("k")
            return "no error"
        except ValueError as e:
            return f"inner caught {e}"
        finally:
            print(f"  inner finally ({kind})")
    except KeyError as e:
        return f"outer caught {e!r}"


for kind in ("none", "value", "key"):
    print(nested(kind))


def finally_overrides() -> int:
    try:
        return 1
    finally:
        print("  finally runs before the return completes")


print(finally_overrides())
