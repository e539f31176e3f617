"""Refusals of names whose module pyrage does not compile, in the program's words.

mypy resolves `struct.pack` to `_struct.pack` and `eval` to `builtins.eval`; a user wrote
neither. These messages name what the user wrote, the module as the user imports it, and,
for the names people reach for most, what to write instead.
"""

from __future__ import annotations

from mypy import nodes as n

#: CPython's private modules behind the public ones a program imports.
PUBLIC_MODULES = {"_struct": "struct", "_socket": "socket", "posix": "os", "_io": "io",
                  "_random": "random", "_hashlib": "hashlib", "_collections": "collections",
                  "_functools": "functools", "_operator": "operator", "_json": "json",
                  "_datetime": "datetime", "_heapq": "heapq", "_bisect": "bisect"}

#: What to write instead, by public module or by full name.
INSTEAD = {
    "builtins.eval": "there is no interpreter in the image: pyrage compiles the program ahead "
                     "of time",
    "builtins.exec": "there is no interpreter in the image: pyrage compiles the program ahead "
                     "of time",
    "builtins.compile": "there is no interpreter in the image",
    "builtins.open": "a unikernel has no files: read data through a KV_RO or BLOCK device "
                     "(docs/storage.md)",
    "builtins.input": "read the console through a device, or take boot arguments (config.py)",
    "struct": "read and write fixed-width ints with int.from_bytes / int.to_bytes, or a "
              "pyrage.stdlib.buffer.Buffer (get_u16_be, set_u32_be...)",
    "time": "a unikernel keeps time through its devices: the TIME and MCLOCK signatures "
            "(docs/signatures.md)",
    "socket": "a unikernel reaches the network through its devices: the STACK, UDP and TCP "
              "signatures (docs/network.md)",
    "os": "a unikernel has no operating system under it: boot arguments come from config.py, "
          "devices from the signatures (docs/signatures.md)",
    "asyncio": "pyrage has its own scheduler: pyrage.stdlib.sched (docs/language.md)",
    "random": "randomness comes from a RANDOM device (docs/signatures.md)",
}


def written(e: n.Expression) -> str:
    """The callee as the program spells it: `struct.pack`, `pack`, `eval`."""
    if isinstance(e, n.NameExpr):
        return e.name
    if isinstance(e, n.MemberExpr):
        inner = written(e.expr)
        return f"{inner}.{e.name}" if inner else e.name
    return ""


def not_compiled(callee: n.Expression | None, fullname: str, calling: bool) -> str:
    """The message for a name of a module pyrage does not compile (after "pyrage does not
    support ")."""
    module = fullname.rpartition(".")[0]
    public = PUBLIC_MODULES.get(module, module)
    name = (written(callee) if callee is not None else "") or \
        f"{public}.{fullname.rpartition('.')[2]}"
    what = f"{name}()" if calling else name
    instead = INSTEAD.get(fullname) or INSTEAD.get(public)
    if module == "builtins":
        return f"{what}: {instead}" if instead else f"{what} (yet)"
    where = f"{what} (the {public} module is not compiled)"
    return f"{where}: {instead}" if instead else where
