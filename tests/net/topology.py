"""Lab topologies beyond one peer on the tap (tests/net/netns.py's unikernel_link), and reading
a lab's captures frame by frame with scapy.

- `bridged_link`: the unikernel's tap and a second Linux peer (a namespace of its own, with
  its own MAC) on one bridge, the first peer being the bridge itself:

      unikernel <-> tapu ==br0 (10.0.0.1)== vp2 <-> eth0 (10.0.0.3, namespace "peer2")

- `routed_peer`: a namespace on another network, routed to the unikernel's link through the
  link's namespace (a Linux router):

      unikernel <-> tapu (10.0.0.1) [router] vfar (10.9.0.1) <-> eth0 (10.9.0.2, "far")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.net.netns import Capture, Lab, LabError, Namespace, UnikernelLink

if TYPE_CHECKING:
    from scapy.packet import Packet

SECOND_PEER = "10.0.0.3"
FAR_ROUTER, FAR_PEER = "10.9.0.1", "10.9.0.2"


def bridged_link(lab: Lab, *, tap: str = "tapu") -> tuple[UnikernelLink, Namespace]:
    """The link (peer 10.0.0.1/24 on the bridge, guest 10.0.0.2, the capture on the tap: every
    frame to and from the unikernel) and the second peer's namespace (10.0.0.3/24 on eth0)."""
    ns = lab.namespace("uk")
    peer2 = lab.namespace("peer2")
    ns.tap(tap)
    lab.veth(ns, "vp2", peer2, "eth0", address_b=f"{SECOND_PEER}/24")
    ns.bridge("br0", [tap, "vp2"], address="10.0.0.1/24")
    capture = ns.capture(tap, name=f"uk-{tap}")
    return UnikernelLink(ns, tap, "10.0.0.1", 24, "10.0.0.2", "br0", None, capture), peer2


def routed_peer(lab: Lab, link: UnikernelLink) -> Namespace:
    """A namespace "far" at 10.9.0.2/24 whose default route is link's namespace (10.9.0.1),
    which forwards between the two networks. Start the unikernel with
    --ipv4-gateway=link.peer_ip to answer it."""
    link.ns.sysctl("net.ipv4.ip_forward", "1")
    far = lab.namespace("far")
    lab.veth(link.ns, "vfar", far, "eth0", address_a=f"{FAR_ROUTER}/24",
             address_b=f"{FAR_PEER}/24")
    far.ip("route", "add", "default", "via", FAR_ROUTER)
    return far


def frames(capture: Capture) -> list[Packet]:
    """The frames of a capture so far, decoded by scapy."""
    from scapy.utils import rdpcap

    capture.settle()
    if not capture.pcap.exists() or capture.pcap.stat().st_size <= 24:
        return []
    return list(rdpcap(str(capture.pcap)))


def arp_frames(capture: Capture) -> list[Any]:
    """The ARP frames of a capture (scapy packets with an ARP layer)."""
    from scapy.layers.l2 import ARP

    return [p for p in frames(capture) if ARP in p]


def announcement_mac(capture: Capture, ip: str) -> str:
    """The MAC of the gratuitous ARP announcing `ip` (a broadcast request for ip, from ip)."""
    from scapy.layers.l2 import ARP, Ether

    for p in arp_frames(capture):
        a = p[ARP]
        if a.op == 1 and a.psrc == ip and a.pdst == ip and p[Ether].dst == "ff:ff:ff:ff:ff:ff":
            return str(p[Ether].src)
    raise LabError(f"no gratuitous ARP for {ip} in {capture.pcap}")


def neighbour(ns: Namespace, iface: str, ip: str) -> tuple[str, str] | None:
    """(MAC, state) of ip in ns's neighbour table on iface, or None."""
    for line in ns.ip("neigh", "show", "dev", iface).splitlines():
        parts = line.split()
        if parts and parts[0] == ip and "lladdr" in parts:
            return parts[parts.index("lladdr") + 1], parts[-1]
    return None
