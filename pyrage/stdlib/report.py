"""Reporting an exception that nobody handles (a failed task), in the same words everywhere."""

from __future__ import annotations

from pyrage.stdlib.intrinsics import extern


@extern("rt_report_failure")
def report_failure(what: str, e: BaseException) -> None:
    """report_failure(what, e): print "WHAT failed:", then e's traceback (file:line list,
    outermost first) and "module.Name: text" on the error console, as an uncaught exception
    is printed."""
    import traceback

    from pyrage.stdlib import platform

    lines = [f"{what} failed:\n", "Traceback (most recent call last):\n"]
    # CPython's collapsing of a frame repeated more than 3 times in a row, as compiled
    last: tuple[str, int | None, str] | None = None
    count = 0
    for frame in [*traceback.extract_tb(e.__traceback__), None]:
        key = (frame.filename, frame.lineno, frame.name) if frame is not None else None
        if key is not None and key == last:
            count += 1
            if count > 3:
                continue
        else:
            if count > 3:
                more = count - 3
                lines.append(f"  [Previous line repeated {more} more time{'s' if more > 1 else ''}]\n")
            last, count = key, 1
        if frame is not None:
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n')
    cls = type(e)
    name = cls.__qualname__ if cls.__module__ in ("builtins", "__main__") else \
        f"{cls.__module__}.{cls.__qualname__}"
    text = str(e)
    lines.append(f"{name}: {text}\n" if text else f"{name}\n")
    platform.console_write_err("".join(lines).encode())
