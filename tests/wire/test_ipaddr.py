"""MacAddress, Ipv4Address, Ipv4Prefix: parsing (strict, as CPython's ipaddress), printing,
values, predicates, and reading/writing them in a Buffer."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.ipaddr import Ipv4Address, Ipv4Prefix, MacAddress


def test_mac_parse_print_and_value() -> None:
    mac = MacAddress.parse("52:54:00:AB:cd:EF")
    assert str(mac) == "52:54:00:ab:cd:ef"
    assert repr(mac) == "MacAddress('52:54:00:ab:cd:ef')"
    assert mac.value == 0x525400ABCDEF
    assert mac == MacAddress(0x525400ABCDEF) and mac != MacAddress.ZERO
    assert mac.to_bytes() == bytes.fromhex("525400abcdef")
    assert MacAddress.of_bytes(mac.to_bytes()) == mac
    assert hash(mac) == hash(MacAddress(mac.value))
    assert mac.is_unicast() and mac.is_local() and not mac.is_multicast()


def test_mac_constants_and_groups() -> None:
    assert str(MacAddress.BROADCAST) == "ff:ff:ff:ff:ff:ff"
    assert MacAddress.BROADCAST.is_broadcast() and MacAddress.BROADCAST.is_multicast()
    assert MacAddress.ZERO.value == 0 and not MacAddress.ZERO.is_broadcast()
    group = MacAddress.of_ipv4_multicast(Ipv4Address.parse("239.255.1.2"))
    assert str(group) == "01:00:5e:7f:01:02" and group.is_multicast()


@pytest.mark.parametrize("text", [
    "52:54:00:12:34", "52:54:00:12:34:56:78", "52-54-00-12-34-56", "525400123456",
    "52:54:00:12:34:5g", "5:54:00:12:34:56", "052:54:00:12:34:56", " 52:54:00:12:34:56", ""])
def test_mac_parse_rejects_and_quotes(text: str) -> None:
    with pytest.raises(ValueError) as info:
        MacAddress.parse(text)
    assert repr(text) in str(info.value)


@pytest.mark.parametrize("value", [-1, 1 << 48])
def test_mac_value_range(value: int) -> None:
    with pytest.raises(ValueError):
        MacAddress(value)
    with pytest.raises(ValueError):
        MacAddress.of_bytes(b"\x01" * 5)


def test_ipv4_parse_print_value_and_order() -> None:
    ip = Ipv4Address.parse("10.0.0.2")
    assert ip == Ipv4Address(0x0A000002) and ip.value == 0x0A000002
    assert str(ip) == "10.0.0.2" and repr(ip) == "Ipv4Address('10.0.0.2')"
    assert ip.to_bytes() == b"\x0a\x00\x00\x02" and Ipv4Address.of_bytes(ip.to_bytes()) == ip
    assert Ipv4Address(1) < ip <= Ipv4Address(0x0A000002) < Ipv4Address.parse("10.0.0.10")
    assert sorted([ip, Ipv4Address.BROADCAST, Ipv4Address.UNSPECIFIED])[0].is_unspecified()
    assert {ip: "x"}[Ipv4Address(0x0A000002)] == "x"
    assert ip != MacAddress(0x0A000002)  # (different types are never equal)


@pytest.mark.parametrize("text, flags", [
    # unspecified, broadcast, multicast, loopback, link-local, unicast
    ("0.0.0.0", (True, False, False, False, False, False)),
    ("255.255.255.255", (False, True, False, False, False, False)),
    ("224.0.0.251", (False, False, True, False, False, False)),
    ("239.255.255.255", (False, False, True, False, False, False)),
    ("127.0.0.1", (False, False, False, True, False, True)),
    ("169.254.3.4", (False, False, False, False, True, True)),
    ("192.168.1.1", (False, False, False, False, False, True)),
])
def test_ipv4_predicates(text: str, flags: tuple[bool, ...]) -> None:
    a = Ipv4Address.parse(text)
    assert (a.is_unspecified(), a.is_broadcast(), a.is_multicast(), a.is_loopback(),
            a.is_link_local(), a.is_unicast()) == flags
    c = ipaddress.IPv4Address(text)
    assert (a.is_multicast(), a.is_loopback(), a.is_link_local(), a.is_unspecified()) == \
        (c.is_multicast, c.is_loopback, c.is_link_local, c.is_unspecified)


BAD_IPV4 = ["10.0.0.01", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1.2.3.-1", "1.2.3.+1",
            " 1.2.3.4", "1.2.3.4 ", "1,2,3,4", "", "1..2.3", "a.b.c.d", "1.2.3.4444",
            "1.2.3.٤", "1.2.3.1_0", "0x1.2.3.4", "1.2.3.4/24"]


@pytest.mark.parametrize("text", BAD_IPV4)
def test_ipv4_parse_rejects_what_cpython_rejects(text: str) -> None:
    with pytest.raises(ValueError) as info:
        Ipv4Address.parse(text)
    assert repr(text) in str(info.value)
    with pytest.raises(ValueError):
        ipaddress.IPv4Address(text)


def test_ipv4_parse_messages_say_what() -> None:
    def message(text: str) -> str:
        with pytest.raises(ValueError) as info:
            Ipv4Address.parse(text)
        return str(info.value)

    assert message("10.0.0.01") == ("'10.0.0.01' is not an IPv4 address: leading zeros are not "
                                    "permitted in octet '01'")
    assert message("1.2.3.256") == "'1.2.3.256' is not an IPv4 address: octet 256 is more than 255"
    assert "found 3" in message("1.2.3")


@given(st.integers(0, 0xFFFFFFFF))
def test_ipv4_text_round_trip_agrees_with_cpython(value: int) -> None:
    a = Ipv4Address(value)
    assert str(a) == str(ipaddress.IPv4Address(value))
    assert Ipv4Address.parse(str(a)) == a


@given(st.integers(0, (1 << 48) - 1))
def test_mac_text_round_trip(value: int) -> None:
    assert MacAddress.parse(str(MacAddress(value))).value == value


@given(st.text(alphabet="0123456789./x: -+", max_size=20))
def test_ipv4_parse_agrees_with_cpython(text: str) -> None:
    try:
        expected: int | None = int(ipaddress.IPv4Address(text))
    except ValueError:
        expected = None
    try:
        got: int | None = Ipv4Address.parse(text).value
    except ValueError:
        got = None
    assert got == expected


def test_prefix() -> None:
    net = Ipv4Prefix.parse("10.0.0.2/24")
    assert net.address == Ipv4Address.parse("10.0.0.2") and net.prefix_len == 24
    assert str(net) == "10.0.0.2/24" and repr(net) == "Ipv4Prefix('10.0.0.2/24')"
    assert str(net.network()) == "10.0.0.0" and str(net.netmask()) == "255.255.255.0"
    assert str(net.broadcast()) == "10.0.0.255"
    assert net.contains(Ipv4Address.parse("10.0.0.77"))
    assert not net.contains(Ipv4Address.parse("10.0.1.1"))
    assert net == Ipv4Prefix(Ipv4Address(0x0A000002), 24) != Ipv4Prefix.parse("10.0.0.2/25")
    assert {net: 1}[Ipv4Prefix.parse("10.0.0.2/24")] == 1


@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 32), st.integers(0, 0xFFFFFFFF))
def test_prefix_agrees_with_cpython(value: int, length: int, other: int) -> None:
    ours = Ipv4Prefix(Ipv4Address(value), length)
    theirs = ipaddress.IPv4Interface((value, length)).network
    assert ours.network().value == int(theirs.network_address)
    assert ours.netmask().value == int(theirs.netmask)
    assert ours.broadcast().value == int(theirs.broadcast_address)
    assert ours.contains(Ipv4Address(other)) == (ipaddress.IPv4Address(other) in theirs)
    assert Ipv4Prefix.parse(str(ours)) == ours


@pytest.mark.parametrize("text", [
    "10.0.0.2", "10.0.0.2/33", "10.0.0.2/-1", "10.0.0.2/024", "10.0.0.2/", "10.0.0.256/8",
    "10.0.0.2/24/8", "10.0.0.2\\24", "/24", "10.0.0.2/ 24", "10.0.0.2/2.4"])
def test_prefix_parse_rejects_and_quotes(text: str) -> None:
    with pytest.raises(ValueError) as info:
        Ipv4Prefix.parse(text)
    assert repr(text) in str(info.value)


def test_prefix_length_range() -> None:
    with pytest.raises(ValueError):
        Ipv4Prefix(Ipv4Address(0), 33)
    with pytest.raises(ValueError):
        Ipv4Prefix(Ipv4Address(0), -1)


def test_read_and_write_in_a_buffer() -> None:
    buf = Buffer.create(12)
    MacAddress.parse("52:54:00:12:34:56").write_to(buf, 1)
    Ipv4Address.parse("192.168.1.254").write_to(buf.shift(7), 1)
    assert buf.hex() == "00525400123456" + "00c0a801fe"
    assert MacAddress.read_from(buf, 1) == MacAddress.parse("52:54:00:12:34:56")
    assert Ipv4Address.read_from(buf, 8) == Ipv4Address.parse("192.168.1.254")
    with pytest.raises(IndexError):
        MacAddress.read_from(buf, 7)
    with pytest.raises(IndexError):
        Ipv4Address.BROADCAST.write_to(buf, 9)
