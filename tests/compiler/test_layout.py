"""The LLVM layouts in codegen/layout.py agree with runtime/core/object.h (checked by the C
compiler itself, through _Static_assert on the numbers layout.py computes)."""

from __future__ import annotations

from pathlib import Path

from pyrage.compiler.codegen import coroutines as C
from pyrage.compiler.codegen import layout as L
from pyrage.compiler.codegen.target import target_data
from pyrage.compiler.link import runtime, toolchain


def test_object_layouts_agree_with_object_h(tmp_path: Path) -> None:
    td = target_data()
    checks = {
        "sizeof(pyrage_type)": L.TYPE_INFO.get_abi_size(td),
        "offsetof(pyrage_type, ptrmap)": L.TYPE_INFO.get_element_offset(td, 3),
        "sizeof(pyrage_loc)": L.LOC.get_abi_size(td),
        "offsetof(pyrage_loc, frame)": L.LOC.get_element_offset(td, 1),
        "sizeof(pyrage_frame)": L.FRAME.get_abi_size(td),
        "offsetof(pyrage_frame, func)": L.FRAME.get_element_offset(td, 1),
        "offsetof(pyrage_str, size)": L.STR_HEADER.get_element_offset(td, L.STR_SIZE),
        "offsetof(pyrage_str, length)": L.STR_HEADER.get_element_offset(td, L.STR_LENGTH),
        "offsetof(pyrage_str, data)": L.STR_HEADER.get_element_offset(td, 4),
        "offsetof(pyrage_str_piece, length)": L.piece_struct(0).get_element_offset(td, 1),
        "offsetof(pyrage_str_piece, data)": L.piece_struct(0).get_element_offset(td, 2),
        "PYRAGE_PIECE_TAG": L.PIECE_TAG,
        "offsetof(pyrage_bytes, size)": L.BYTES_HEADER.get_element_offset(td, L.BYTES_SIZE),
        "offsetof(pyrage_bytes, data)": L.BYTES_HEADER.get_element_offset(td, 3),
        "offsetof(pyrage_coro, awaiter)": C.CORO_HEADER.get_element_offset(td, C.AWAITER),
        "offsetof(pyrage_coro, state)": C.CORO_HEADER.get_element_offset(td, C.STATE),
        "offsetof(pyrage_coro, result)": C.CORO_HEADER.get_element_offset(td, C.RESULT),
        "offsetof(pyrage_coro, bytes)": C.CORO_HEADER.get_element_offset(td, 3),
        "offsetof(pyrage_coro, frame)": C.HEADER_SIZE,
        "PYRAGE_CORO_CREATED": C.CREATED,
        "PYRAGE_CORO_STARTED": C.STARTED,
        "PYRAGE_CORO_DONE": C.DONE,
        "PYRAGE_KIND_INSTANCE": L.KIND_INSTANCE,
        "PYRAGE_KIND_STR": L.KIND_STR,
        "PYRAGE_KIND_BYTES": L.KIND_BYTES,
    }
    object_h = runtime.RUNTIME_DIR / "core" / "object.h"
    source = tmp_path / "layout_check.c"
    source.write_text(f'#include <stddef.h>\n#include "{object_h}"\n' + "".join(
        f'_Static_assert({expr} == {value}, "{expr} is not {value}");\n'
        for expr, value in checks.items()))
    toolchain.compile_c(source, tmp_path / "layout_check.o", runtime.RUNTIME_DIR / "include")
