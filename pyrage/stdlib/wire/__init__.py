"""Wire codecs: bytes in, bytes out, nothing else (smoltcp's wire module).

One module per protocol (ethernet, arp, ipv4, icmpv4, udp), plus checksum and errors. Each
protocol has a checked view over a Buffer (`XxxPacket`) and a parsed record (`XxxRepr`); see
docs/network.md, "Wire codecs".
"""
