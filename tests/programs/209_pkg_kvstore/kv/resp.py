"""The RESP wire protocol: arrays of bulk strings in, simple values out."""

from typing import Optional, Union

Reply = Union[str, int, bytes, list[str], None]


class ProtocolError(Exception):
    pass


def _line(data: bytes, at: int) -> Optional[tuple[bytes, int]]:
    end = data.find(b"\r\n", at)
    if end < 0:
        return None
    return data[at:end], end + 2


def _int(raw: bytes) -> int:
    if not raw.lstrip(b"-").isdigit():
        raise ProtocolError(f"bad integer {raw!r}")
    return int(raw)


def parse_stream(data: bytes) -> tuple[list[list[str]], bytes]:
    commands: list[list[str]] = []
    at = 0
    while at < len(data):
        start = at
        head = _line(data, at)
        if head is None:
            break
        line, at = head
        if line[:1] != b"*":
            raise ProtocolError(f"expected array, got {line[:1]!r}")
        args: list[str] = []
        for _ in range(_int(line[1:])):
            got = _line(data, at)
            if got is None:
                return commands, data[start:]
            line, at = got
            if line[:1] != b"$":
                raise ProtocolError(f"expected bulk string, got {line[:1]!r}")
            n = _int(line[1:])
            if at + n + 2 > len(data):
                return commands, data[start:]
            args.append(data[at:at + n].decode())
            at += n + 2
        commands.append(args)
    return commands, data[at:]


def encode(reply: Reply) -> bytes:
    if reply is None:
        return b"$-1\r\n"
    if isinstance(reply, int):
        return b":%d\r\n" % reply
    if isinstance(reply, bytes):
        return b"$%d\r\n%s\r\n" % (len(reply), reply)
    if isinstance(reply, list):
        return b"*%d\r\n" % len(reply) + b"".join(encode(x.encode()) for x in reply)
    if reply.startswith("ERR"):
        return b"-" + reply.encode() + b"\r\n"
    return b"+" + reply.encode() + b"\r\n"
