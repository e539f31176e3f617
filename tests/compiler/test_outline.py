"""@outline (pyrage.stdlib.intrinsics) keeps a function or method out of line when compiled, and
is otherwise a plain function: calls work and print what CPython prints."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pyrage.compiler import driver
from tests.conftest import compile_program

PROGRAM = '''
from pyrage.stdlib.intrinsics import outline


class Counter:
    def __init__(self) -> None:
        self.n = 0

    @outline
    def bump(self, k: int) -> int:
        self.n += k
        return self.n


@outline
def twice(x: int) -> int:
    return 2 * x


c = Counter()
print(c.bump(3), c.bump(twice(4)))
'''


def test_outlined_functions_are_noinline_and_behave(tmp_path: Path) -> None:
    source = tmp_path / "main.py"
    source.write_text(PROGRAM)
    program = driver.build_ir(driver.front_end(source, "main", [tmp_path]))
    attributes = {fn.name: fn.attributes for fn in program.functions}
    assert "noinline" in attributes["main.Counter.bump"]
    assert "noinline" in attributes["main.twice"]
    image = compile_program(source)
    assert subprocess.run([str(image)], capture_output=True, text=True).stdout == "3 11\n"
