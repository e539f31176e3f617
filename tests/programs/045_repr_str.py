"""repr and str of builtin values: quoting and escapes in strings, containers, nesting, None.

Features: repr-str, list, dict, tuple, set, float, bytes
"""

values: list[object] = [
    "plain", "it's", 'say "hi"', "both ' and \"", "tab\there", "new\nline", "back\\slash",
    "", "ünïcödé", "\x07bell", 42, -7, 3.0, 0.1, 2.5e-10, 1e22, None, True, False,
    [1, "two", [3.0]], (1,), (), {"k": [1, 2]}, {7}, b"bytes\x00\xff'", bytearray(b"ba"),
]
for v in values:
    print(f"{type(v).__name__:<9} str={str(v)!s:<24} repr={v!r}")
print(repr(repr("x")), str(["a", "b"]), str(("a",)), repr({"a": "b"}))
print([None, [None]], {1: None}, (None, "None"))
print(repr(-0.0), str(1.5), repr(100.0), str(1e16), repr(123456789.125))
nested: dict[str, list[tuple[int, str]]] = {"x": [(1, "a"), (2, "b")], "y": []}
print(nested, str(nested) == repr(nested))
