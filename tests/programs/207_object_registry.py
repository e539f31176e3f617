"""A device registry holding values as `object`: instances created through classmethods,
counted with class variables (subclasses shadowing the base's), printed with str/repr at run
time, dispatched by isinstance and type(x).__name__.

Features: static-classmethod, inheritance, class, repr-str, isinstance, type-name, list, dict, fstring, optional
"""

from typing import Optional


class Device:
    kind = "device"
    created = 0
    by_name: dict[str, "Device"] = {}

    def __init__(self, name: str) -> None:
        self.name = name
        Device.created += 1
        Device.by_name[name] = self

    @classmethod
    def make(cls, name: str) -> "Device":
        d = cls(name)
        print(f"  made {d!r} via {cls.kind}")
        return d

    @classmethod
    def find(cls, name: str) -> Optional["Device"]:
        return cls.by_name.get(name)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}"


class Disk(Device):
    kind = "disk"
    created = 0

    def __init__(self, name: str, sectors: int = 2048) -> None:
        super().__init__(name)
        Disk.created += 1
        self.sectors = sectors

    def __str__(self) -> str:
        return f"{super().__str__()}[{self.sectors * 512 // 1024}K]"


class Nic(Device):
    kind = "nic"

    def __init__(self, name: str, mac: str = "02:00:00:00:00:00") -> None:
        super().__init__(name)
        self.mac = mac


class Console(Device):
    pass


def describe(x: object) -> str:
    if isinstance(x, Disk):
        return f"disk with {x.sectors} sectors"
    if isinstance(x, Nic):
        return f"nic {x.mac}"
    if isinstance(x, Device):
        return f"plain {x.kind}"
    if isinstance(x, (int, float)):
        return f"number {x}"
    return f"other {type(x).__name__}"


things: list[object] = [Disk.make("vda"), Nic.make("eth0"), Console.make("hvc0"),
                        Device.make("rng"), Disk("vdb", 64), 42, 2.5, "text", None, [1, 2],
                        (3, "x"), {"k": 1}]
for t in things:
    print(f"{str(t):<18} {repr(t):<18} {type(t).__name__:<8} {describe(t)}")
print(Device.created, Disk.created, Nic.created, Console.created, Console.kind)
print(sorted(Device.by_name), Device.find("vdb"), Disk.find("eth0"), Device.find("nope"))
found = Device.find("vda")
if found is not None and isinstance(found, Disk):
    found.sectors *= 2
    print("grown:", found, found.sectors)
print([str(d) for d in Device.by_name.values() if not isinstance(d, (Disk, Nic))])
print(repr(things[-3:]), str(things[5]), [repr(x) for x in things[6:9]])
