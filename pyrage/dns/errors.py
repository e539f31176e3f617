"""The errors of the DNS codec: what a message from the network can be wrong with.

A server catches `DnsError` where a datagram enters it: `parse_message` raises nothing else for
any input (an IndexError or a ValueError out of it would be a bug in the codec). A
`FormatError` carries what a FORMERR reply needs (RFC 1035 4.1.1: the reply copies the id):
the header's id, opcode and RD flag when the 12-byte header was there, and the first
question when it parsed, so the server may echo it.

The question is held as its three fields rather than as a message.Question, so that this
module depends on name.py only (rdata.py and message.py both raise these errors).
"""

from __future__ import annotations

from pyrage.dns.name import Name


class DnsError(Exception):
    """A DNS message, or a part of one, that cannot be taken as it is."""


class FormatError(DnsError):
    """Malformed wire data (RCODE 1, FORMERR). `has_header` says whether id, opcode and rd
    were read from the message; `qname` is None unless the first question parsed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.has_header = False
        self.id = 0
        self.opcode = 0
        self.rd = False
        self.qname: Name | None = None
        self.qtype = 0
        self.qclass = 0
