"""A keyword-heavy API: keyword-only flags, None defaults replaced inside, keyword arguments
passed through dicts, and defaults that are never shared between calls.

Features: default-kwargs, optional, dict, list, str-methods, fstring, comprehension
"""

from typing import Optional


def render_table(rows: list[list[str]], *, header: Optional[list[str]] = None, sep: str = " | ",
                 align: str = "<", border: bool = False, max_width: int = 12) -> str:
    all_rows = ([header] if header else []) + rows
    widths = [min(max_width, max(len(r[i]) for r in all_rows)) for i in range(len(all_rows[0]))]
    lines = [sep.join(f"{cell[:w]:{align}{w}}" for cell, w in zip(r, widths)) for r in all_rows]
    if header:
        lines.insert(1, "-+-".join("-" * w for w in widths) if sep == " | " else "-" * len(lines[0]))
    if border:
        edge = "=" * len(lines[0])
        lines = [edge] + lines + [edge]
    return "\n".join(lines)


def tag(name: str, text: str = "", *, classes: Optional[list[str]] = None, close: bool = True,
        attrs: Optional[dict[str, str]] = None) -> str:
    classes = classes or []
    parts = [name] + ([f'class="{" ".join(classes)}"'] if classes else [])
    parts += [f'{k}="{v}"' for k, v in (attrs or {}).items()]
    opening = "<" + " ".join(parts) + ">"
    return opening + text + (f"</{name}>" if close else "")


data = [["pyrage", "compiler", "2024"], ["mirage", "unikernel framework", "2013"]]
print(render_table(data))
print(render_table(data, header=["name", "kind", "year"]))
print(render_table(data, header=["name", "kind", "year"], align=">", max_width=8, border=True))
print(render_table(data, sep=" : ", align="^"))
print(tag("p", "hello"))
print(tag("a", "docs", attrs={"href": "/docs"}, classes=["nav", "active"]))
print(tag("img", close=False, attrs={"src": "x.png", "alt": "logo"}))
opts: dict[str, str] = {"id": "main", "class": "wide"}
print(tag("div", "body", attrs=opts), tag(text="t", name="b"), opts)
