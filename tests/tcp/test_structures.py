"""The connection's data structures against plain models, over random operations: the flow's
send queue (chunks, small writes sharing a tail chunk, copies at any offset, acknowledged bytes
freed), the out-of-order queue (overlapping segments, delivered once and in order) and the SACK
scoreboard (ranges merged, trimmed, and what recovery asks of it)."""

from __future__ import annotations

import random

import pytest

from pyrage.functors.net.tcp.out_of_order import OutOfOrder
from pyrage.functors.net.tcp.scoreboard import Scoreboard
from pyrage.stdlib.buffer import Buffer
from tests.tcp.segments import new_flow


@pytest.mark.parametrize("seed", range(20))
def test_send_queue_matches_a_bytearray(seed: int) -> None:
    rng = random.Random(seed)
    flow = new_flow(tx_capacity=1 << 20)
    model = bytearray()
    for _ in range(300):
        op = rng.random()
        if op < 0.5:
            n = rng.choice([1, 5, 100, 1023, 1024, 3000, 5000])
            data = rng.randbytes(n)
            if rng.random() < 0.5:
                flow.append(data, 0, n)
            else:  # from the middle of a buffer
                flow.append(Buffer.of_bytes(b"xx" + data + b"y"), 2, n)
            model += data
        elif op < 0.75 and model:
            n = rng.randrange(1, len(model) + 1)
            flow.tx_consume(n)
            del model[:n]
        elif model:
            at = rng.randrange(len(model))
            n = rng.randrange(1, len(model) - at + 1)
            out = Buffer.create(n + 3)
            flow.tx_copy(at, out, 3, n)
            assert out.to_bytes()[3:] == bytes(model[at:at + n])
        assert flow.tx_bytes == len(model)
    flow.tx_consume(len(model))
    assert flow.tx == [] and flow.tx_bytes == 0


@pytest.mark.parametrize("seed", range(20))
def test_out_of_order_queue_delivers_each_byte_once_in_order(seed: int) -> None:
    rng = random.Random(seed)
    stream = rng.randbytes(6000)
    base = (1 << 32) - 3000  # absolute numbers past 2**32 too
    ooo = OutOfOrder()
    rcv = base
    got = bytearray()
    for _ in range(80):
        start = rng.randrange(len(stream))
        end = min(len(stream), start + rng.randrange(1, 900))
        if base + start > rcv:
            ooo.add(base + start, Buffer.of_bytes(stream[start:end]))
        for a, b in ooo.blocks():  # every block is held data, ahead of rcv_nxt
            assert rcv < a < b <= base + len(stream)
        if rng.random() < 0.25:  # the hole at rcv_nxt fills
            n = rng.randrange(1, 400)
            got += stream[rcv - base:rcv - base + n]
            rcv += n
            while (more := ooo.pop(rcv)) is not None:
                assert more.to_bytes() == stream[rcv - base:rcv - base + len(more)]
                got += more.to_bytes()
                rcv += len(more)
    assert bytes(got) == stream[:rcv - base]


@pytest.mark.parametrize("seed", range(20))
def test_scoreboard_matches_a_set_of_sacked_bytes(seed: int) -> None:
    rng = random.Random(seed)
    board = Scoreboard()
    una, top = 0, 60_000
    sacked: set[int] = set()
    for _ in range(80):
        if rng.random() < 0.7:
            start = rng.randrange(top)
            end = min(top, start + rng.randrange(1, 4000))
            board.add(start, end, una, top)
            sacked |= set(range(max(start, una), end))
        else:
            una = min(top, una + rng.randrange(3000))
            board.trim(una)
            sacked = {i for i in sacked if i >= una}
        assert board.sacked == len(sacked)
        assert all(board.starts[i] < board.ends[i] for i in range(len(board.starts)))
        assert all(board.ends[i - 1] < board.starts[i] for i in range(1, len(board.starts)))
        x = rng.randrange(una, top)
        assert board.sacked_below(x) == len([i for i in sacked if i < x])
        start, stop = board.skip(x)
        assert start not in sacked and all(i in sacked for i in range(x, start))
        if stop >= 0:
            assert stop in sacked and not any(i in sacked for i in range(start, stop))
        hole = board.next_hole(x)
        if hole != (0, 0):
            assert not any(i in sacked for i in range(*hole)) and hole[1] in sacked
        # RFC 6675's pipe: every byte not SACKed once, those deemed lost not at all
        lost = board.next_lost(una, 2000)
        pipe = board.pipe(una, top, una, 2000)
        assert pipe <= top - una - len(sacked)
        if lost != (0, 0):
            assert pipe <= top - una - len(sacked) - (lost[1] - lost[0])
