"""Domain names (RFC 1034 3.1, RFC 1035 2.3, 3.1): labels of raw bytes, compared without regard
to ASCII case.

    n = Name.of_text("www.Example.org.")          # absolute
    m = Name.of_text("www", origin=Name.of_text("example.org."))
    n == m; n.key() == "www.example.org."; n.to_text() == "www.Example.org."

A name is a list of labels from the leftmost (`www`) to the one under the root (`org`); the root
itself is the empty list. Labels are bytes of 1 to 63 octets and a name is at most 255 octets
on the wire (each label plus its length byte, plus the root's 0): longer is a NameError. Text
follows the master-file conventions (RFC 1035 5.1) as dig and NSD print them: `\\.` and
`\\\\` for a dot or backslash inside a label, `\\DDD` for any octet outside printable ASCII.
"""

from __future__ import annotations

MAX_LABEL = 63
MAX_NAME = 255
#: Octets printed with a backslash before them (as dig does) rather than as \DDD.
_SPECIAL = b'."();\\@$'


class NameError_(ValueError):
    """A name that cannot be: an empty or too long label, too long a name, a bad escape."""


class Name:
    """A domain name: labels, leftmost first; the root is no labels."""

    def __init__(self, labels: list[bytes]) -> None:
        size = 1
        for label in labels:
            if len(label) == 0 or len(label) > MAX_LABEL:
                raise NameError_(f"a label of {len(label)} octets (1 to {MAX_LABEL})")
            size += len(label) + 1
        if size > MAX_NAME:
            raise NameError_(f"a name of {size} octets (at most {MAX_NAME})")
        self.labels = labels
        self._key = ""
        #: The wire forms, made on first use (message.py's compression table is keyed by the
        #: lower-cased one's suffixes; emitting a name is one copy of the other).
        self._wire = b""
        self._wire_key = b""

    @staticmethod
    def root() -> Name:
        return Name([])

    @staticmethod
    def of_text(text: str, origin: Name | None = None) -> Name:
        """The name written as text: absolute when it ends with an unescaped dot, else relative
        to origin (NameError_ when there is none). "@" is the origin; "." is the root."""
        if text == "@":
            if origin is None:
                raise NameError_("'@' with no origin")
            return origin
        if text == ".":
            return Name.root()
        if text == "":
            raise NameError_("an empty name")
        data = text.encode()
        labels: list[bytes] = []
        current = bytearray()
        absolute = False
        i = 0
        while i < len(data):
            c = data[i]
            if c == 0x5C:  # backslash
                if i + 1 >= len(data):
                    raise NameError_(f"{text!r} ends with a lone backslash")
                d = data[i + 1]
                if 0x30 <= d <= 0x39:
                    digits = data[i + 1:i + 4]
                    if len(digits) != 3 or not digits.isdigit():
                        raise NameError_(f"{text!r}: \\DDD needs three digits")
                    value = int(digits.decode())
                    if value > 255:
                        raise NameError_(f"{text!r}: \\{value} is not an octet")
                    current.append(value)
                    i += 4
                    continue
                current.append(d)
                i += 2
                continue
            if c == 0x2E:  # dot
                if len(current) == 0:
                    raise NameError_(f"{text!r} has an empty label")
                labels.append(bytes(current))
                current = bytearray()
                if i == len(data) - 1:
                    absolute = True
                i += 1
                continue
            current.append(c)
            i += 1
        if len(current) > 0:
            labels.append(bytes(current))
        if absolute:
            return Name(labels)
        if origin is None:
            raise NameError_(f"{text!r} is relative, and there is no origin")
        return Name(labels + origin.labels)

    def is_root(self) -> bool:
        return len(self.labels) == 0

    def label_count(self) -> int:
        return len(self.labels)

    def wire_length(self) -> int:
        size = 1
        for label in self.labels:
            size += len(label) + 1
        return size

    def parent(self) -> Name:
        """The name without its leftmost label (the root's parent is the root)."""
        return Name(self.labels[1:]) if self.labels else self

    def child(self, label: bytes) -> Name:
        return Name([label] + self.labels)

    def is_wildcard(self) -> bool:
        return len(self.labels) > 0 and self.labels[0] == b"*"

    def is_subdomain_of(self, other: Name) -> bool:
        """Whether this name is other or below it."""
        n = len(other.labels)
        if n > len(self.labels):
            return False
        offset = len(self.labels) - n
        for i in range(n):
            if self.labels[offset + i].lower() != other.labels[i].lower():
                return False
        return True

    def suffix(self, count: int) -> Name:
        """The name of the rightmost `count` labels."""
        return Name(self.labels[len(self.labels) - count:])

    def key(self) -> str:
        """The lower-cased text: what two names that are equal share (dict keys)."""
        if self._key == "":
            self._key = _text(self.labels, True)
        return self._key

    def to_text(self) -> str:
        """The absolute name as text, case kept: "www.example.org.", "." for the root."""
        return _text(self.labels, False)

    def relativize(self, origin: Name) -> str:
        """The name relative to origin when under it ("www", "@"), else absolute."""
        if not self.is_subdomain_of(origin):
            return self.to_text()
        if len(self.labels) == len(origin.labels):
            return "@"
        return _text(self.labels[:len(self.labels) - len(origin.labels)], False)[:-1]

    def to_wire(self) -> bytes:
        """The uncompressed wire form, case kept: each label after its length, then a 0."""
        if len(self._wire) == 0:
            out = bytearray()
            for label in self.labels:
                out.append(len(label))
                out += label
            out.append(0)
            self._wire = bytes(out)
        return self._wire

    def wire_key(self) -> bytes:
        """The wire form lower-cased (ASCII only, as DNS compares names): what two equal names
        share on the wire. Each suffix of it is the wire key of a suffix of the name, which is
        what name compression looks up."""
        if len(self._wire_key) == 0:
            self._wire_key = self.to_wire().lower()
        return self._wire_key

    def suffix_key(self, count: int) -> bytes:
        """wire_key() of the name of the rightmost `count` labels, without making that Name:
        the tail of this one's wire key (lookups walk up a name this way)."""
        skip = len(self.labels) - count
        at = 0
        for i in range(skip):
            at += len(self.labels[i]) + 1
        return self.wire_key()[at:]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Name) and self.wire_key() == other.wire_key()

    def __hash__(self) -> int:
        return hash(self.wire_key())

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        return f"Name({self.to_text()!r})"


def _text(labels: list[bytes], lower: bool) -> str:
    if len(labels) == 0:
        return "."
    out: list[str] = []
    for label in labels:
        raw = label.lower() if lower else label
        part: list[str] = []
        for c in raw:
            if c in _SPECIAL:
                part.append("\\" + chr(c))
            elif c <= 0x20 or c >= 0x7F:
                part.append("\\" + str(c).rjust(3, "0"))
            else:
                part.append(chr(c))
        out.append("".join(part))
    return ".".join(out) + "."
