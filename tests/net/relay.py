"""The impairment relay: a userspace forwarder of Ethernet frames between two taps that drops,
duplicates, reorders, delays and corrupts them, seeded, per direction, with counters.

The kernels of these machines have no netem, so this is how a test gets a bad link between a
unikernel and a real Linux peer (tests/net/netns.py's `unikernel_link(impair=...)` wires it):

    unikernel <-> tapu ==bridge br-tapu== tapu-r <=relay=> tapu-l (the peer's address) <-> Linux

Each direction has its own `Impairment` and its own random stream (from the seed and the
direction), so a direction's decisions depend only on the frames it carried. For every frame,
in this order:

- loss: dropped with probability `loss`;
- corrupt: with probability `corrupt`, one bit flipped in one byte at offset >= `corrupt_from`
  (14 by default: past the Ethernet header, so the frame still reaches the stack and its
  checksums drop it; 34 is the first byte past an IPv4 header without options);
- duplicate: sent twice with probability `duplicate`;
- delay: each copy leaves `delay` s plus a uniform 0..`jitter` s later (jitter reorders);
- reorder: with probability `reorder`, a copy is held back until `reorder_gap` later frames of
  its direction have left, or `reorder_timeout` s passed.

As a thread of the test process::

    relay = Relay(fd_a, fd_b, a_to_b=Impairment(loss=0.3), seed=1); relay.start()
    ...; relay.stop(); relay.counters["a_to_b"].dropped

or as a process (benchmarks: no GIL shared with the test):
``python -m tests.net.relay TAP_A TAP_B --a-to-b loss=0.3,delay=0.01 --seed 1 --stats F``
(in the namespace of the taps, or NETNS:TAP), which writes its counters as JSON to F at
SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import dataclasses
import errno
import heapq
import json
import os
import random
import select
import signal
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DIRECTIONS = ("a_to_b", "b_to_a")
#: Frames read from one tap per wakeup before looking at the other (fairness).
BATCH = 64
MAX_FRAME = 65536


@dataclass(frozen=True)
class Impairment:
    """What one direction of the relay does to its frames (probabilities in 0..1, times in s)."""

    loss: float = 0.0
    duplicate: float = 0.0
    corrupt: float = 0.0
    corrupt_from: int = 14
    delay: float = 0.0
    jitter: float = 0.0
    reorder: float = 0.0
    reorder_gap: int = 1
    reorder_timeout: float = 0.05

    def __post_init__(self) -> None:
        for name in ("loss", "duplicate", "corrupt", "reorder"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"Impairment.{name} = {value}: a probability is in 0..1")
        if min(self.delay, self.jitter, self.reorder_timeout) < 0 or self.reorder_gap < 1 \
                or self.corrupt_from < 0:
            raise ValueError(f"negative time or gap < 1 in {self}")

    @classmethod
    def parse(cls, text: str) -> Impairment:
        """From "loss=0.3,delay=0.01,reorder_gap=2" (the CLI's form)."""
        fields = {f.name: f.type for f in dataclasses.fields(cls)}
        values: dict[str, float | int] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, value = item.partition("=")
            if not sep or key not in fields:
                raise ValueError(f"{item!r}: expected one of {', '.join(fields)} =VALUE")
            values[key] = int(value) if key in ("corrupt_from", "reorder_gap") else float(value)
        return cls(**values)  # type: ignore[arg-type]

    @property
    def is_clean(self) -> bool:
        return self == Impairment()


@dataclass
class Counters:
    """One direction's frames: read from the source tap (`frames_in`), written to the other
    (`frames_out`, duplicates included), and what happened on the way."""

    frames_in: int = 0
    bytes_in: int = 0
    frames_out: int = 0
    bytes_out: int = 0
    dropped: int = 0
    corrupted: int = 0
    duplicated: int = 0
    delayed: int = 0
    reordered: int = 0
    write_errors: int = 0

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass
class _Held:
    gap: int  # frames of its direction still to leave before it
    deadline: float
    frame: bytes


class _Direction:
    def __init__(self, name: str, src: int, dst: int, impairment: Impairment, seed: int) -> None:
        self.name = name
        self.src = src
        self.dst = dst
        self.impairment = impairment
        self.clean = impairment.is_clean
        self.rng = random.Random(f"{seed}/{name}")
        self.counters = Counters()
        self.held: list[_Held] = []


class Relay:
    """Forwards frames between the tap fds `fd_a` and `fd_b` (opened IFF_TAP | IFF_NO_PI;
    Namespace.open_tap gives such fds) on a thread, until stop(). It does not close the fds."""

    def __init__(self, fd_a: int, fd_b: int, *, a_to_b: Impairment = Impairment(),
                 b_to_a: Impairment = Impairment(), seed: int = 0, name: str = "relay") -> None:
        self.name = name
        self.seed = seed
        self._dirs = {
            "a_to_b": _Direction("a_to_b", fd_a, fd_b, a_to_b, seed),
            "b_to_a": _Direction("b_to_a", fd_b, fd_a, b_to_a, seed),
        }
        self._by_src = {d.src: d for d in self._dirs.values()}
        self._timers: list[tuple[float, int, int, bytes]] = []  # (when, order, dst, frame)
        self._order = 0
        self._wake_r, self._wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.error: BaseException | None = None

    # -- control
    def start(self) -> Relay:
        for fd in (d.src for d in self._dirs.values()):
            os.set_blocking(fd, False)
        self._thread = threading.Thread(target=self._main, name=f"relay {self.name}",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop forwarding (frames still delayed or held are dropped, uncounted). Raises what
        ended the thread, if it failed."""
        if self._thread is not None:
            self._stopping = True
            os.write(self._wake_w, b"x")
            self._thread.join(5)
            self._thread = None
            os.close(self._wake_r)
            os.close(self._wake_w)
        if self.error is not None:
            raise RuntimeError(f"relay {self.name} failed: {self.error!r}") from self.error

    def __enter__(self) -> Relay:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def set(self, direction: str, impairment: Impairment) -> None:
        """Change a direction's impairment while it runs ("a_to_b" or "b_to_a")."""
        d = self._dirs[direction]
        d.impairment, d.clean = impairment, impairment.is_clean

    @property
    def counters(self) -> dict[str, Counters]:
        """A snapshot of both directions' counters."""
        return {name: dataclasses.replace(d.counters) for name, d in self._dirs.items()}

    def describe(self) -> str:
        lines = []
        for name, d in self._dirs.items():
            counts = " ".join(f"{k}={v}" for k, v in d.counters.as_dict().items() if v)
            lines.append(f"{name}: {d.impairment}\n    {counts or 'no frames'}")
        if self.error is not None:
            lines.append(f"failed: {self.error!r}")
        return "\n".join(lines)

    # -- the loop
    def _main(self) -> None:
        try:
            self._loop()
        except BaseException as e:  # reported by stop() and describe()
            self.error = e

    def _loop(self) -> None:
        poll = select.epoll()
        try:
            for fd in self._by_src:
                poll.register(fd, select.EPOLLIN)
            poll.register(self._wake_r, select.EPOLLIN)
            while not self._stopping:
                events = poll.poll(self._timeout())
                for fd, _ in events:
                    if fd == self._wake_r:
                        return
                    self._drain(self._by_src[fd])
                self._fire_timers()
        finally:
            poll.close()

    def _timeout(self) -> float:
        deadlines = [t[0] for t in self._timers[:1]]
        deadlines += [h.deadline for d in self._dirs.values() for h in d.held]
        if not deadlines:
            return -1
        return max(0.0, min(deadlines) - time.monotonic())

    def _drain(self, d: _Direction) -> None:
        for _ in range(BATCH):
            try:
                frame = os.read(d.src, MAX_FRAME)
            except BlockingIOError:
                return
            except OSError as e:
                if e.errno == errno.EBADFD:  # the tap went away under us
                    return
                raise
            self._handle(d, frame)

    def _handle(self, d: _Direction, frame: bytes) -> None:
        imp, rng, c = d.impairment, d.rng, d.counters
        c.frames_in += 1
        c.bytes_in += len(frame)
        if d.clean:
            self._send(d, frame)
            return
        if imp.loss and rng.random() < imp.loss:
            c.dropped += 1
            return
        if imp.corrupt and rng.random() < imp.corrupt and len(frame) > imp.corrupt_from:
            buf = bytearray(frame)
            buf[rng.randrange(imp.corrupt_from, len(buf))] ^= 1 << rng.randrange(8)
            frame = bytes(buf)
            c.corrupted += 1
        copies = 1
        if imp.duplicate and rng.random() < imp.duplicate:
            copies = 2
            c.duplicated += 1
        now = time.monotonic()
        for _ in range(copies):
            if imp.reorder and rng.random() < imp.reorder:
                c.reordered += 1
                d.held.append(_Held(imp.reorder_gap, now + imp.reorder_timeout, frame))
                continue
            wait = imp.delay + (rng.uniform(0, imp.jitter) if imp.jitter else 0.0)
            if wait > 0:
                c.delayed += 1
                self._order += 1
                heapq.heappush(self._timers, (now + wait, self._order, d.src, frame))
            else:
                self._send(d, frame)

    def _send(self, d: _Direction, frame: bytes, *, released: bool = False) -> None:
        try:
            os.write(d.dst, frame)
        except OSError:  # the other tap is down (EIO) or full: the frame is lost
            d.counters.write_errors += 1
            return
        d.counters.frames_out += 1
        d.counters.bytes_out += len(frame)
        if d.held and not released:
            # a frame passed the held ones: count it against their gaps
            ready = []
            for h in d.held:
                h.gap -= 1
                if h.gap <= 0:
                    ready.append(h)
            for h in ready:
                d.held.remove(h)
                self._send(d, h.frame, released=True)

    def _fire_timers(self) -> None:
        now = time.monotonic()
        while self._timers and self._timers[0][0] <= now:
            _, _, src, frame = heapq.heappop(self._timers)
            self._send(self._by_src[src], frame)
        for d in self._dirs.values():
            late = [h for h in d.held if h.deadline <= now]
            for h in late:
                d.held.remove(h)
                self._send(d, h.frame, released=True)


# ---- the command line ----------------------------------------------------------------------

def _open(spec: str) -> int:
    from tests.net.netns import in_namespace, open_tap_here

    ns, sep, tap = spec.rpartition(":")
    if sep:
        return in_namespace(ns, lambda: open_tap_here(tap))
    return open_tap_here(tap)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.net.relay",
                                     description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("tap_a", help="TAP (in this namespace) or NETNS:TAP")
    parser.add_argument("tap_b")
    parser.add_argument("--a-to-b", type=Impairment.parse, default=Impairment(),
                        metavar="K=V,...", help="e.g. loss=0.3,duplicate=0.1,delay=0.01")
    parser.add_argument("--b-to-a", type=Impairment.parse, default=Impairment(),
                        metavar="K=V,...")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stats", type=Path, help="write the counters here (JSON) at exit")
    args = parser.parse_args(argv)
    relay = Relay(_open(args.tap_a), _open(args.tap_b), a_to_b=args.a_to_b,
                  b_to_a=args.b_to_a, seed=args.seed, name=f"{args.tap_a}<->{args.tap_b}")
    done = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: done.set())
    relay.start()
    print(f"relay: forwarding {args.tap_a} <-> {args.tap_b}", flush=True)
    while not done.wait(0.2):
        if relay.error is not None:
            break
    relay.stop()
    stats = {name: c.as_dict() for name, c in relay.counters.items()}
    if args.stats:
        args.stats.write_text(json.dumps(stats, indent=1))
    print(f"relay: {json.dumps(stats)}", file=sys.stderr)


if __name__ == "__main__":
    main()
