"""MQTT control packets: the variable-length "remaining length" encoding, length-prefixed
UTF-8 strings, CONNECT/PUBLISH/SUBSCRIBE built into bytearrays, and a decoder that matches on
the packet type (an IntEnum) and flag bits.

Features: enum, bytearray, bytes, bytes-hex, int-bytes, match, list, tuple, try-except, builtin-exception, fstring, str-methods
"""

from enum import IntEnum


class PacketType(IntEnum):
    CONNECT = 1
    CONNACK = 2
    PUBLISH = 3
    PUBACK = 4
    SUBSCRIBE = 8
    PINGREQ = 12
    DISCONNECT = 14


def encode_length(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n % 128, n // 128
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def decode_length(data: bytes, at: int) -> tuple[int, int]:
    value, mult = 0, 1
    for i in range(4):
        byte = data[at + i]
        value += (byte & 0x7F) * mult
        if not byte & 0x80:
            return value, at + i + 1
        mult *= 128
    raise ValueError("remaining length longer than 4 bytes")


def mqtt_str(s: str) -> bytes:
    raw = s.encode("utf-8")
    return len(raw).to_bytes(2, "big") + raw


def packet(ptype: PacketType, flags: int, body: bytes) -> bytes:
    return bytes([(ptype << 4) | flags]) + encode_length(len(body)) + body


def connect(client_id: str, keepalive: int) -> bytes:
    body = mqtt_str("MQTT") + bytes([4, 0x02]) + keepalive.to_bytes(2, "big") + mqtt_str(client_id)
    return packet(PacketType.CONNECT, 0, body)


def publish(topic: str, payload: bytes, qos: int = 0, pid: int = 0) -> bytes:
    body = bytearray(mqtt_str(topic))
    if qos:
        body += pid.to_bytes(2, "big")
    body.extend(payload)
    return packet(PacketType.PUBLISH, qos << 1, bytes(body))


def subscribe(pid: int, topics: list[tuple[str, int]]) -> bytes:
    body = pid.to_bytes(2, "big") + b"".join(mqtt_str(t) + bytes([q]) for t, q in topics)
    return packet(PacketType.SUBSCRIBE, 0x2, body)


def read_str(data: bytes, at: int) -> tuple[str, int]:
    n = int.from_bytes(data[at:at + 2], "big")
    return data[at + 2:at + 2 + n].decode("utf-8"), at + 2 + n


def describe(data: bytes) -> str:
    ptype = PacketType(data[0] >> 4)
    flags = data[0] & 0xF
    length, at = decode_length(data, 1)
    body = data[at:at + length]
    match ptype:
        case PacketType.CONNECT:
            proto, i = read_str(body, 0)
            client, _ = read_str(body, i + 4)
            return f"CONNECT {proto} v{body[i]} id={client!r} keepalive={int.from_bytes(body[i + 2:i + 4], 'big')}"
        case PacketType.PUBLISH if flags & 0x6:
            topic, i = read_str(body, 0)
            pid = int.from_bytes(body[i:i + 2], "big")
            return f"PUBLISH qos={(flags >> 1) & 3} pid={pid} {topic} {body[i + 2:]!r}"
        case PacketType.PUBLISH:
            topic, i = read_str(body, 0)
            return f"PUBLISH {topic} {len(body) - i} bytes"
        case PacketType.SUBSCRIBE:
            subs, i = [], 2
            while i < len(body):
                t, i = read_str(body, i)
                subs.append(f"{t}@{body[i]}")
                i += 1
            return f"SUBSCRIBE pid={int.from_bytes(body[:2], 'big')} {subs}"
        case PacketType.PINGREQ | PacketType.DISCONNECT:
            return ptype.name
        case _:
            return f"{ptype.name} ({length} bytes)"


for n in (0, 127, 128, 16383, 16384, 2097151, 268435455):
    enc = encode_length(n)
    print(f"{n:>10} -> {enc.hex(' '):<12} {decode_length(enc, 0)}")
packets = [connect("sensor-1", 60), publish("home/temp", b"21.5"),
           publish("home/dz\u00f6", b"on", qos=1, pid=7), subscribe(10, [("home/#", 1), ("sys/+", 0)]),
           packet(PacketType.PINGREQ, 0, b""), packet(PacketType.CONNACK, 0, b"\x00\x00"),
           publish("big", bytes(200))]
for p in packets:
    print(f"{p[:16].hex():<34} {describe(p)}")
print(len(packets[-1]), packets[-1][1:3].hex(), [t.name for t in PacketType if t > 4])
for bad in [b"\x30\xff\xff\xff\xff\x01", b"\x30\x80", b"\x00\x00"]:
    try:
        print(describe(bad))
    except (ValueError, IndexError) as e:
        print(f"{type(e).__name__}: {e}")
