"""The size report (link/sizes.py, `pyrage compile --size`): every byte of the image's sections
counts for one part, and a program's own functions count for the app."""

from __future__ import annotations

from pathlib import Path

from pyrage.compiler.link import sizes
from tests.conftest import compile_program, run_pyrage

MAP = """\
             VMA              LMA     Size Align Out     In      Symbol
          200000           200000      100    16 .rodata
          200000           200000       40    16         /w/prog.o:(.rodata)
          200000           200000       18     1                 .loc.1
          200020           200020       18     1                 .loc.2
          200040           200040       30     8         /cache/core_str.c.o:(.rodata.table)
          200040           200040       30     1                 table
          200070           200070       90     1         <internal>:(.rodata.str1.1)
          201000           201000      200    16 .text
          201000           201000      180    16         /w/prog.o:(.text)
          201000           201000       50     1                 main.f
          201050           201050       30     1                 pyrage.stdlib._list.List[main.C].append
          201080           201080      100     1                 pyrage.functors.net.udp.Udp[x].input.<raise:9>
          201180           201180       80    16         /cache/unix_boot.c.o:(.text.unix_boot)
          203000           203000       10     8 .bss
          203000           203000       10     8         /cache/core_exceptions.c.o:(.bss.rt_exc)
               0                0       40     1 .comment
               0                0       40     1         <internal>:(.comment)
"""


def test_map_attribution_adds_up_to_the_sections() -> None:
    report = sizes.parse_map(MAP, "prog.o", image=4096)
    assert dict(report.parts) == {
        ("compiled data: source locations", "data"): 0x40,
        ("runtime C: core/str.c", "data"): 0x30,
        ("merged strings", "data"): 0x90,
        ("app", "code"): 0x50,
        ("pyrage builtins (list, dict, str...)", "code"): 0x30,
        ("pyrage.functors", "code"): 0x100,
        ("runtime C: unix/boot.c", "code"): 0x80,
        ("runtime C: core/exceptions.c", "bss"): 0x10,
    }
    assert report.total("code") == 0x200 and report.total("data") == 0x100
    text = sizes.format_report(report)
    assert "runtime C" in text and "    unix/boot.c" in text and "4,096" in text


def test_report_of_a_compiled_program(tmp_path: Path) -> None:
    source = tmp_path / "prog.py"
    source.write_text("def greet(n: int) -> str:\n    return f'hello {n}'\n\nprint(greet(3))\n")
    image = compile_program(source)
    report = sizes.size_report(tmp_path / "_build" / "prog.o", "unix", image)
    parts = {part for part, _ in report.parts}
    assert {"app", "runtime C: core/str.c", "compiled data: str and bytes constants"} <= parts
    assert report.parts[("app", "code")] > 0
    assert 0 < report.total("code") + report.total("data") < report.image


def test_compile_size_flag(tmp_path: Path) -> None:
    source = tmp_path / "prog.py"
    source.write_text("print('hi')\n")
    result = run_pyrage("compile", str(source), "--size")
    assert result.returncode == 0, result.stderr
    assert "app" in result.stdout and "runtime C" in result.stdout
    assert "stripped image:" in result.stdout


def test_runtime_sources_optimized_for_size_exist() -> None:
    from pyrage.compiler.link import runtime

    names = {f"{p.parent.name}/{p.name}" for t in runtime.NATIVE_TARGETS
             for p in runtime.runtime_sources(t)}
    assert runtime.FOR_SIZE <= names
