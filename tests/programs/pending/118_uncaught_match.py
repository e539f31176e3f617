"""A message dispatcher using match on tuples; an unknown message kind falls through to a raise
that nobody catches (exit status 1).

Features: uncaught, match, tuple, builtin-exception, list, dict, fstring
"""

Message = tuple[str, int, int]

state: dict[str, int] = {"x": 0, "y": 0, "moves": 0}


def dispatch(msg: Message) -> str:
    match msg:
        case ("move", dx, dy) if dx or dy:
            state["x"] += dx
            state["y"] += dy
            state["moves"] += 1
            return f"moved to ({state['x']}, {state['y']})"
        case ("move", _, _):
            return "no-op move"
        case ("reset", _, _):
            state.update(x=0, y=0)
            return "reset"
        case ("scale", k, 0) if k > 0:
            state["x"] *= k
            state["y"] *= k
            return f"scaled by {k}"
        case (kind, a, b):
            raise ValueError(f"cannot dispatch {kind!r} with ({a}, {b})")


messages: list[Message] = [("move", 1, 2), ("move", 0, 0), ("scale", 3, 0), ("move", -1, 1),
                           ("reset", 0, 0), ("move", 5, 5), ("jump", 9, 9), ("move", 1, 1)]
for m in messages:
    print(f"{m!s:<18} -> {dispatch(m)}")
print("unreachable", state)
