"""Link and IPv4 addresses as values: MacAddress, Ipv4Address, Ipv4Prefix.

Each is immutable (mypy enforces the `Final` fields), hashable (dict keys: the ARP table,
reassembly) and compared by value. An address is an int underneath (`value`), so comparing,
hashing and masking cost what they cost on an int, compiled or not.

    mac = MacAddress.parse("52:54:00:12:34:56")
    ip = Ipv4Address.parse("10.0.0.2")          # == Ipv4Address(0x0a000002)
    net = Ipv4Prefix.parse("10.0.0.2/24")
    net.contains(Ipv4Address.parse("10.0.0.77"))  # True

Text is parsed strictly, as CPython's ipaddress does (no leading zeros in an octet: "010"
would be octal to some parsers and decimal to others), and bad text is a ValueError that
quotes it. The codecs read and write addresses in place with `read_from(buf, at)` and
`write_to(buf, at)`.

A note on the compiled subset: the fields are plain Final attributes, not properties (a
property named `value` is not compiled yet).
"""

from __future__ import annotations

from typing import ClassVar, Final

from pyrage.stdlib.buffer import Buffer

MAC_MAX: Final = (1 << 48) - 1
IPV4_MAX: Final = 0xFFFFFFFF
_HEX: Final = "0123456789abcdefABCDEF"


# --- MacAddress ---------------------------------------------------------------------------------


class MacAddress:
    """MacAddress(value): a 48-bit Ethernet address (ValueError outside 0..2**48-1)."""

    BROADCAST: ClassVar[MacAddress]  # ff:ff:ff:ff:ff:ff
    ZERO: ClassVar[MacAddress]  # 00:00:00:00:00:00: "unknown" in an ARP request

    def __init__(self, value: int) -> None:
        if value < 0 or value > MAC_MAX:
            raise ValueError(f"{value} is not a 48-bit MAC address")
        self.value: Final = value

    @staticmethod
    def parse(text: str) -> MacAddress:
        """MacAddress.parse("52:54:00:12:34:56"): six pairs of hex digits (either case)
        separated by colons; anything else is a ValueError quoting text."""
        parts = text.split(":")
        if len(parts) != 6:
            raise ValueError(f"{text!r} is not a MAC address: expected six hex pairs "
                             "separated by ':'")
        value = 0
        for part in parts:
            if len(part) != 2 or part[0] not in _HEX or part[1] not in _HEX:
                raise ValueError(f"{text!r} is not a MAC address: {part!r} is not two hex "
                                 "digits")
            value = (value << 8) | int(part, 16)
        return MacAddress(value)

    @staticmethod
    def of_bytes(data: bytes) -> MacAddress:
        """The address whose 6 bytes (network order) are data; ValueError for another length."""
        if len(data) != 6:
            raise ValueError(f"a MAC address is 6 bytes, not {len(data)}")
        return MacAddress(int.from_bytes(data, "big"))

    @staticmethod
    def of_ipv4_multicast(group: Ipv4Address) -> MacAddress:
        """The Ethernet group address of an IPv4 multicast group (RFC 1112 §6.4):
        01:00:5e followed by the group's low 23 bits."""
        return MacAddress(0x01005E000000 | (group.value & 0x7FFFFF))

    @staticmethod
    def read_from(buf: Buffer, at: int) -> MacAddress:
        """The address in buf[at:at+6] (IndexError outside the view)."""
        return MacAddress((buf.get_u16_be(at) << 32) | buf.get_u32_be(at + 2))

    def write_to(self, buf: Buffer, at: int) -> None:
        """buf[at:at+6] = the address (IndexError outside the view)."""
        buf.set_u16_be(at, self.value >> 32)
        buf.set_u32_be(at + 2, self.value & 0xFFFFFFFF)

    def to_bytes(self) -> bytes:
        return self.value.to_bytes(6, "big")

    def is_broadcast(self) -> bool:
        return self.value == MAC_MAX

    def is_multicast(self) -> bool:
        """The group bit (the low bit of the first byte): broadcast is multicast too."""
        return (self.value >> 40) & 1 == 1

    def is_unicast(self) -> bool:
        return not self.is_multicast()

    def is_local(self) -> bool:
        """The locally administered bit (set in made-up addresses such as QEMU's 52:54:...)."""
        return (self.value >> 40) & 2 == 2

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MacAddress):
            return NotImplemented
        return self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __lt__(self, other: MacAddress) -> bool:
        return self.value < other.value

    def __str__(self) -> str:
        v = self.value
        return (f"{(v >> 40) & 0xFF:02x}:{(v >> 32) & 0xFF:02x}:{(v >> 24) & 0xFF:02x}:"
                f"{(v >> 16) & 0xFF:02x}:{(v >> 8) & 0xFF:02x}:{v & 0xFF:02x}")

    def __repr__(self) -> str:
        return f"MacAddress({str(self)!r})"


MacAddress.BROADCAST = MacAddress(MAC_MAX)
MacAddress.ZERO = MacAddress(0)


# --- Ipv4Address --------------------------------------------------------------------------------


class Ipv4Address:
    """Ipv4Address(value): an IPv4 address from its 32-bit value in host order
    (Ipv4Address(0x0a000002) is 10.0.0.2; ValueError outside 0..2**32-1)."""

    UNSPECIFIED: ClassVar[Ipv4Address]  # 0.0.0.0
    BROADCAST: ClassVar[Ipv4Address]  # 255.255.255.255, the limited broadcast

    def __init__(self, value: int) -> None:
        if value < 0 or value > IPV4_MAX:
            raise ValueError(f"{value} is not a 32-bit IPv4 address")
        self.value: Final = value

    @staticmethod
    def parse(text: str) -> Ipv4Address:
        """Ipv4Address.parse("10.0.0.2"): four decimal octets 0..255 separated by dots, without
        leading zeros; anything else is a ValueError quoting text."""
        return Ipv4Address(_parse_ipv4(text, text, "an IPv4 address"))

    @staticmethod
    def of_bytes(data: bytes) -> Ipv4Address:
        """The address whose 4 bytes (network order) are data; ValueError for another length."""
        if len(data) != 4:
            raise ValueError(f"an IPv4 address is 4 bytes, not {len(data)}")
        return Ipv4Address(int.from_bytes(data, "big"))

    @staticmethod
    def read_from(buf: Buffer, at: int) -> Ipv4Address:
        """The address in buf[at:at+4] (IndexError outside the view)."""
        return Ipv4Address(buf.get_u32_be(at))

    def write_to(self, buf: Buffer, at: int) -> None:
        """buf[at:at+4] = the address (IndexError outside the view)."""
        buf.set_u32_be(at, self.value)

    def to_bytes(self) -> bytes:
        return self.value.to_bytes(4, "big")

    def is_unspecified(self) -> bool:
        """0.0.0.0."""
        return self.value == 0

    def is_broadcast(self) -> bool:
        """255.255.255.255 (a subnet's broadcast is Ipv4Prefix.broadcast())."""
        return self.value == IPV4_MAX

    def is_multicast(self) -> bool:
        """224.0.0.0/4."""
        return self.value >> 28 == 0xE

    def is_loopback(self) -> bool:
        """127.0.0.0/8."""
        return self.value >> 24 == 127

    def is_link_local(self) -> bool:
        """169.254.0.0/16."""
        return self.value >> 16 == 0xA9FE

    def is_unicast(self) -> bool:
        """Neither unspecified, broadcast nor multicast (a valid source address)."""
        return not (self.value == 0 or self.value == IPV4_MAX or self.value >> 28 == 0xE)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ipv4Address):
            return NotImplemented
        return self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __lt__(self, other: Ipv4Address) -> bool:
        return self.value < other.value

    def __le__(self, other: Ipv4Address) -> bool:
        return self.value <= other.value

    def __gt__(self, other: Ipv4Address) -> bool:
        return self.value > other.value

    def __ge__(self, other: Ipv4Address) -> bool:
        return self.value >= other.value

    def __str__(self) -> str:
        v = self.value
        return f"{v >> 24}.{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}"

    def __repr__(self) -> str:
        return f"Ipv4Address({str(self)!r})"


Ipv4Address.UNSPECIFIED = Ipv4Address(0)
Ipv4Address.BROADCAST = Ipv4Address(IPV4_MAX)


def _parse_decimal(part: str, limit: int, text: str, what: str, field: str) -> int:
    """part, the `field` of `text` (which is to be `what`), as a decimal 0..limit: ASCII digits
    only (int() would take "+1", " 1", "1_0" and other scripts' digits), no leading zero."""
    if part == "":
        raise ValueError(f"{text!r} is not {what}: an empty {field}")
    for c in part:
        if c < "0" or c > "9":
            raise ValueError(f"{text!r} is not {what}: {field} {part!r} is not a decimal "
                             "number")
    if len(part) > 1 and part[0] == "0":
        raise ValueError(f"{text!r} is not {what}: leading zeros are not permitted in "
                         f"{field} {part!r}")
    if len(part) > 3 or int(part) > limit:  # (the length first: no huge int from long text)
        raise ValueError(f"{text!r} is not {what}: {field} {part} is more than {limit}")
    return int(part)


def _parse_ipv4(part: str, text: str, what: str) -> int:
    """The value of the dotted quad `part` of `text` (which is to be `what`)."""
    octets = part.split(".")
    if len(octets) != 4:
        raise ValueError(f"{text!r} is not {what}: expected 4 octets separated by '.', "
                         f"found {len(octets)}")
    value = 0
    for octet in octets:
        value = (value << 8) | _parse_decimal(octet, 255, text, what, "octet")
    return value


# --- Ipv4Prefix ---------------------------------------------------------------------------------


class Ipv4Prefix:
    """Ipv4Prefix(address, prefix_len): an interface's address with the length of its
    network's prefix (10.0.0.2/24); ValueError unless 0 <= prefix_len <= 32."""

    def __init__(self, address: Ipv4Address, prefix_len: int) -> None:
        if prefix_len < 0 or prefix_len > 32:
            raise ValueError(f"an IPv4 prefix length is 0 to 32, not {prefix_len}")
        self.address: Final = address
        self.prefix_len: Final = prefix_len

    @staticmethod
    def parse(text: str) -> Ipv4Prefix:
        """Ipv4Prefix.parse("10.0.0.2/24"): an address, '/', and a decimal length 0..32; the
        length is required (a missing one is more likely a mistake than a /32)."""
        address, slash, length = text.partition("/")
        if slash == "":
            raise ValueError(f"{text!r} is not an IPv4 prefix: expected ADDRESS/LENGTH, such "
                             "as 10.0.0.2/24")
        what = "an IPv4 prefix"
        value = _parse_ipv4(address, text, what)
        return Ipv4Prefix(Ipv4Address(value),
                          _parse_decimal(length, 32, text, what, "prefix length"))

    def mask(self) -> int:
        """The netmask as an int (0xFFFFFF00 for /24)."""
        # Not 0xFFFFFFFF << (32 - n): that passes 2**63 (a trap compiled) for small n.
        return IPV4_MAX ^ ((1 << (32 - self.prefix_len)) - 1)

    def netmask(self) -> Ipv4Address:
        """255.255.255.0 for /24."""
        return Ipv4Address(self.mask())

    def network(self) -> Ipv4Address:
        """The address with its host bits cleared (10.0.0.0 for 10.0.0.2/24)."""
        return Ipv4Address(self.address.value & self.mask())

    def broadcast(self) -> Ipv4Address:
        """The address with its host bits set (10.0.0.255 for 10.0.0.2/24)."""
        return Ipv4Address(self.address.value | (IPV4_MAX ^ self.mask()))

    def contains(self, addr: Ipv4Address) -> bool:
        """Whether addr is on this network (its prefix bits are ours)."""
        mask = self.mask()
        return addr.value & mask == self.address.value & mask

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ipv4Prefix):
            return NotImplemented
        return self.address.value == other.address.value and \
            self.prefix_len == other.prefix_len

    def __hash__(self) -> int:
        return hash((self.address.value << 6) | self.prefix_len)

    def __str__(self) -> str:
        return f"{self.address}/{self.prefix_len}"

    def __repr__(self) -> str:
        return f"Ipv4Prefix({str(self)!r})"
