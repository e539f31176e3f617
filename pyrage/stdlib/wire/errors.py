"""The errors of the wire codecs: what a frame from the network can be wrong with.

Protocol logic catches `WireError` where a frame enters it, counts the drop and goes on: a
codec raises nothing else for any input (an IndexError or ValueError from a codec on a
received frame would be a bug in the codec). Each message says which protocol, which field
and what was found, e.g. "IPv4: total length 1500 is more than the 60 bytes received".
"""

from __future__ import annotations


class WireError(Exception):
    """A frame or packet that cannot be taken as it is."""


class Truncated(WireError):
    """Shorter than its minimum size, or than a length field says."""


class Malformed(WireError):
    """A field holds a value the protocol forbids (or that this stack does not handle)."""


class BadChecksum(WireError):
    """The checksum does not match the bytes it covers."""
