"""Nested packages with parent-relative imports (`from ..core import ...`): a text pipeline
engine in app.core and plugins in app.plugins, registered and run in order.

Features: packages, modules, inheritance, callable, static-classmethod, list, dict, fstring
"""

from app import build_default
from app.core.engine import Engine
from app.plugins.caps import Capitalize

engine = build_default()
print("plugins:", engine.names())
for text in ["hello   world", "  pyrage compiles typed python  ", "a  b   c"]:
    out, log = engine.run(text)
    print(f"{text!r} -> {out!r}")
    print("   ", " | ".join(log))
custom = Engine()
custom.add(Capitalize(every_word=False))
print(custom.run("only the first")[0], Engine.created, len(custom.names()))
