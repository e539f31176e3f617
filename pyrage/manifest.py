"""The device manifest: the NICs and block devices an image was configured with.

A native image records its devices, kind and name in the configuration's order, in an ELF note
that the linker puts in a loaded, read-only segment, so that the tools read it from the file
and the runtime reads it in memory:

- `pyrage manifest IMAGE` prints it (`read` below);
- `pyrage run` attaches exactly its devices, and refuses a command line that lacks one or
  names another (pyrage/cli.py);
- the runtime refuses a device the manifest does not name: a boot argument `--net:NAME=...`
  or `--block:NAME=...` for another name stops the boot (status 2), and acquiring another name
  fails (runtime/core/manifest.c, docs/security.md).

The note (little-endian; runtime/include/pyrage/manifest.h declares the same layout):

    namesz 7, descsz, type NOTE_TYPE, the owner "pyrage\\0" padded to 8 bytes, then the
    descriptor: version VERSION, count, and `count` entries of 68 bytes each: the kind
    (1 a NIC, 2 a block device) as a u32, and the name, NUL-terminated in 64 bytes.

An app's manifest comes from config.py (config/generate.py's `manifest_devices`); a
single-file program has no configuration, so its manifest is what the command line declares
(`--device KIND:NAME` of compile and build, the devices `pyrage run` attaches).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

from pyrage.errors import PyrageError

SECTION = ".note.pyrage.manifest"
SYMBOL = "pyrage_manifest"
OWNER = b"pyrage\0"
NOTE_TYPE = 0x31564544  # "DEV1"
VERSION = 1
NAME_SIZE = 64  # bytes, the NUL included
MAX_DEVICES = 64
KINDS = {"net": 1, "block": 2}
#: What the messages call each kind.
WHAT = {"net": "NIC", "block": "block device"}
#: A device's name: what `pyrage run` and the runtimes accept (config.py's are stricter).
NAME = re.compile(r"^[A-Za-z0-9_.-]{1,63}$")

_HEADER = struct.Struct("<III8sII")  # namesz, descsz, type, owner, version, count
_ENTRY = struct.Struct(f"<I{NAME_SIZE}s")


@dataclass(frozen=True)
class Device:
    """One entry: `kind` is "net" or "block"."""

    kind: str
    name: str

    def __str__(self) -> str:
        return f"{WHAT.get(self.kind, self.kind)} {self.name!r}"


def parse_device(text: str) -> Device:
    """KIND:NAME (`--device net:service`), or ValueError saying what is wrong."""
    kind, colon, name = text.partition(":")
    if not colon or kind not in KINDS:
        raise ValueError(f"{text}: expected net:NAME or block:NAME")
    if not NAME.match(name):
        raise ValueError(f"{text}: {name!r} is not a device's name (1 to 63 letters, digits, "
                         "'_', '.', '-')")
    return Device(kind, name)


def check(devices: list[Device]) -> None:
    """ValueError for a manifest that an image cannot carry: too many devices, a bad name, or
    the same device twice."""
    if len(devices) > MAX_DEVICES:
        raise ValueError(f"{len(devices)} devices: a manifest holds at most {MAX_DEVICES}")
    seen: set[Device] = set()
    for d in devices:
        if d.kind not in KINDS or not NAME.match(d.name):
            raise ValueError(f"{d}: not a device a manifest can name")
        if d in seen:
            raise ValueError(f"{d} is declared twice")
        seen.add(d)


def encode(devices: list[Device]) -> bytes:
    """The whole note: its header, the owner and the descriptor."""
    check(devices)
    entries = b"".join(_ENTRY.pack(KINDS[d.kind], d.name.encode()) for d in devices)
    descsz = 8 + len(entries)
    return _HEADER.pack(len(OWNER), descsz, NOTE_TYPE, OWNER, VERSION, len(devices)) + entries


def llvm_global(devices: list[Device]) -> str:
    """The note as a global of LLVM's textual IR, for the compiled program's module. It is
    external, so no pass removes it, and the runtime finds it by its symbol."""
    note = encode(devices)
    text = "".join(chr(b) if 0x20 <= b < 0x7F and b not in b'"\\' else f"\\{b:02X}"
                   for b in note)
    return (f'@{SYMBOL} = dso_local constant [{len(note)} x i8] c"{text}", '
            f'section "{SECTION}", align 4\n')


def decode(desc: bytes) -> list[Device]:
    """The devices of a note's descriptor; ValueError when it is not a manifest."""
    if len(desc) < 8:
        raise ValueError("a descriptor too short for a manifest")
    version, count = struct.unpack_from("<II", desc)
    if version != VERSION:
        raise ValueError(f"manifest version {version} (this pyrage reads {VERSION})")
    if count > MAX_DEVICES or len(desc) != 8 + count * _ENTRY.size:
        raise ValueError(f"a manifest of {count} devices in {len(desc)} bytes")
    names = {v: k for k, v in KINDS.items()}
    devices = []
    for i in range(count):
        kind, raw = _ENTRY.unpack_from(desc, 8 + i * _ENTRY.size)
        name = raw.split(b"\0", 1)[0].decode(errors="replace")
        if kind not in names:
            raise ValueError(f"device {i} has the unknown kind {kind}")
        devices.append(Device(names[kind], name))
    return devices


def _notes(data: bytes) -> list[tuple[bytes, int, bytes]]:
    """(owner, type, descriptor) of every note in the PT_NOTE segments of an ELF64 file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian ELF64 file")
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    notes = []
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from("<IIQQQQ", data,
                                                                 phoff + i * phentsize)
        if p_type != 4:  # PT_NOTE
            continue
        at, end = p_offset, p_offset + p_filesz
        while at + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", data, at)
            name_at = at + 12
            desc_at = name_at + (namesz + 3) // 4 * 4
            notes.append((data[name_at:name_at + namesz], ntype,
                          data[desc_at:desc_at + descsz]))
            at = desc_at + (descsz + 3) // 4 * 4
    return notes


def read(image: Path) -> list[Device]:
    """The manifest of an image; a PyrageError when the file cannot be read or has none."""
    try:
        data = image.read_bytes()
    except OSError as e:
        raise PyrageError(f"{image}: {e.strerror}") from None
    try:
        found = [desc for owner, ntype, desc in _notes(data)
                 if owner == OWNER and ntype == NOTE_TYPE]
        if len(found) != 1:
            raise ValueError("no device manifest" if not found else "two device manifests")
        return decode(found[0])
    except (ValueError, struct.error) as e:
        raise PyrageError(f"{image}: {e} (not an image that pyrage built?)") from None


def format_devices(devices: list[Device]) -> str:
    """`pyrage manifest`'s output: a line per device, `KIND NAME`, in the manifest's order."""
    return "".join(f"{d.kind} {d.name}\n" for d in devices)
