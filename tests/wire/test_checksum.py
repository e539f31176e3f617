"""The Internet checksum: data_sum (RawBytes.inet_sum) against RFC 1071's plain loop, the
pseudo-header, fold/finish/is_valid."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address
from pyrage.stdlib.rawbytes import RawBytes
from pyrage.stdlib.wire import checksum


def reference_sum(data: bytes) -> int:
    """RFC 1071 as written: add big-endian words, pad an odd byte, fold the carries."""
    if len(data) % 2:
        data += b"\x00"
    total = sum(int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return total


@given(st.binary(max_size=300), st.integers(0, 7))
def test_data_sum_is_rfc_1071(data: bytes, start: int) -> None:
    buf = Buffer.of_bytes(bytes(start) + data + b"\xff")  # (neighbours must not count)
    assert checksum.data_sum(buf.sub(start, len(data))) == reference_sum(data)


def test_data_sum_edges() -> None:
    assert checksum.data_sum(Buffer.create(0)) == 0
    assert checksum.data_sum(Buffer.create(64)) == 0
    assert checksum.data_sum(Buffer.of_bytes(b"\xff" * 64)) == 0xFFFF
    assert checksum.data_sum(Buffer.of_bytes(b"\xff\xff\x00\x01")) == 1  # (end-around carry)
    assert checksum.data_sum(Buffer.of_bytes(b"\xab")) == 0xAB00  # (odd byte: the high one)


def test_rfc_1071_example() -> None:
    # RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (folded).
    assert checksum.data_sum(Buffer.of_bytes(bytes.fromhex("0001f203f4f5f6f7"))) == 0xDDF2
    assert checksum.checksum(Buffer.of_bytes(bytes.fromhex("0001f203f4f5f6f7"))) == 0x220D


def test_inet_sum_checks_its_range() -> None:
    raw = RawBytes(8)
    for start, count in [(-1, 2), (0, 9), (7, 2), (0, -1)]:
        with pytest.raises(IndexError):
            raw.inet_sum(start, count)


def test_fold_finish_is_valid() -> None:
    assert checksum.fold(0x2FFFD) == 0xFFFF and checksum.fold(0x1234) == 0x1234
    assert checksum.finish(0xFFFF) == 0 and checksum.finish(0) == 0xFFFF
    assert checksum.is_valid(0x1FFFE) and not checksum.is_valid(0)


def test_ipv4_header_checksum() -> None:
    # The IPv4 header of a captured DNS query; its checksum field is 0x21e0.
    header = Buffer.of_bytes(bytes.fromhex("4500003904d24000401121e00a0000010a000002"))
    assert checksum.is_valid(checksum.data_sum(header))
    header.set_u16_be(10, 0)
    assert checksum.checksum(header) == 0x21E0


@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF), st.integers(0, 255),
       st.integers(0, 0xFFFF))
def test_pseudo_header_sum(src: int, dst: int, proto: int, length: int) -> None:
    pseudo = src.to_bytes(4, "big") + dst.to_bytes(4, "big") + bytes([0, proto]) + \
        length.to_bytes(2, "big")
    assert checksum.pseudo_header_sum(Ipv4Address(src), Ipv4Address(dst), proto, length) == \
        reference_sum(pseudo)


@given(st.binary(max_size=64).map(lambda b: b + bytes(len(b) % 2)), st.binary(max_size=64))
def test_sums_of_pieces_add_up(first: bytes, second: bytes) -> None:
    whole = checksum.data_sum(Buffer.of_bytes(first + second))
    parts = checksum.data_sum(Buffer.of_bytes(first)) + checksum.data_sum(
        Buffer.of_bytes(second))
    assert checksum.fold(parts) == whole
