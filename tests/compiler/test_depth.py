"""The recursion depth crosses into the runtime only through rt_depth, around a call of a runtime
function that calls compiled code back (codegen/emit.py's CALLS_BACK). This checks that list
against the runtime's C sources: the functions that reach a type info's str/repr/eq or a
coroutine's resume, directly or through other runtime functions."""

from __future__ import annotations

import re

from pyrage.compiler.codegen.emit import CALLS_BACK
from pyrage.compiler.link.runtime import RUNTIME_DIR

#: How the runtime calls compiled code: through these fields and this symbol.
CALLBACKS = re.compile(r"\b(str_fn|repr_fn|eq_fn|pyrage_coro_resume)\b")
DEFINITION = re.compile(r"^(?:static )?[a-z_][\w \*]*?\b(\w+)\(")


def runtime_functions() -> dict[str, tuple[bool, str]]:
    """Every function defined in runtime/*/*.c: name -> (static, body)."""
    found: dict[str, tuple[bool, str]] = {}
    for path in sorted(RUNTIME_DIR.glob("*/*.c")):
        name: str | None = None
        static = False
        body: list[str] = []
        for line in path.read_text().splitlines():
            if name is None:
                m = DEFINITION.match(line)
                if m and not line.rstrip().endswith(";"):
                    name, static, body = m.group(1), line.startswith("static"), []
                continue
            body.append(line)
            if line == "}":
                found[name] = (static, "\n".join(body))
                name = None
    return found


def test_calls_back_lists_every_runtime_function_that_calls_compiled_code() -> None:
    functions = runtime_functions()
    reaching = {name for name, (_, body) in functions.items() if CALLBACKS.search(body)}
    changed = True
    while changed:
        changed = False
        for name, (_, body) in functions.items():
            if name not in reaching and any(re.search(rf"\b{callee}\(", body)
                                            for callee in reaching):
                reaching.add(name)
                changed = True
    public = {name for name in reaching if not functions[name][0]}
    assert public == set(CALLS_BACK)
