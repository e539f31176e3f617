"""The common header base class: a registry of kinds, a parse counter, field helpers."""


def field(data: bytes, at: int, width: int) -> int:
    if at + width > len(data):
        raise IndexError(f"{width}-byte field at {at} past the end ({len(data)} bytes)")
    return int.from_bytes(data[at:at + width], "big")


def put(buf: bytearray, at: int, width: int, value: int) -> None:
    buf[at:at + width] = value.to_bytes(width, "big")


class Header:
    name = "header"
    parsed = 0
    _kinds: list[str] = []

    def __init__(self) -> None:
        Header.parsed += 1
        if self.name not in Header._kinds:
            Header._kinds.append(self.name)

    @staticmethod
    def kinds() -> list[str]:
        return list(Header._kinds)

    def encode(self, buf: bytearray, at: int) -> None:
        raise NotImplementedError(self.name)

    def describe(self) -> str:
        return self.name

    def __str__(self) -> str:
        return self.describe()
