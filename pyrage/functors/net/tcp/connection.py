"""TcpConnection: one connection's protocol logic (RFC 9293), with no bytes on the wire and no
clock of its own, as smoltcp's socket/tcp.rs.

    conn.receive(header, payload, now)     a segment arrived (parsed by stdlib/wire/tcp.py)
    send = conn.dispatch(now)              the next segment to send, or None (call until None)
    conn.on_timer(now)                     when now >= conn.poll_at()
    conn.state == CLOSED                   the connection is over: the owner forgets it

The owner (functor.py) parses and builds packets and keeps time; a test drives a connection
with hand-made headers and any `now` it likes (tests/tcp).

Sequence numbers are *absolute* inside: they start at the ISN and grow without wrapping (a
64-bit int lasts forever), so every comparison here is a plain `<`. The 32-bit values on the
wire are unwrapped against rcv_nxt (for seq) and snd_una (for ack) as segments arrive, and
wrapped as they leave.

The app's bytes stay in its TcpFlow (stdlib/flow.py): tx holds every byte from snd_una's
(tx_seq) on, sent or not, and a segment to send names a range of it (Send.offset, .length);
received bytes go to the flow's rx in order, and the window advertised is the room rx has.
"""

from __future__ import annotations

from typing import Final

from pyrage.functors.net.tcp.congestion import DUP_THRESHOLD, NewReno
from pyrage.functors.net.tcp.out_of_order import OutOfOrder
from pyrage.functors.net.tcp.rtt import MAX_RTO, MS, RttEstimator
from pyrage.functors.net.tcp.scoreboard import Scoreboard
from pyrage.stdlib.buffer import Buffer
from pyrage.stdlib.flow import TcpFlow
from pyrage.stdlib.net import ConnectionRefused, ConnectionReset, ConnectionTimedOut, NetError
from pyrage.stdlib.wire.tcp import ACK, FIN, PSH, RST, SYN, TcpRepr, seq_lt, seq_sub

CLOSED: Final = 0
SYN_SENT: Final = 1
SYN_RECEIVED: Final = 2
ESTABLISHED: Final = 3
FIN_WAIT_1: Final = 4
FIN_WAIT_2: Final = 5
CLOSE_WAIT: Final = 6
CLOSING: Final = 7
LAST_ACK: Final = 8
TIME_WAIT: Final = 9
STATE_NAMES: Final = ["CLOSED", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
                      "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"]

NEVER: Final = 9223372036854775807
U32: Final = 0xFFFFFFFF
DEFAULT_MSS: Final = 536  # RFC 9293 3.7.1: when the peer sends no MSS option
TS_OPTION_LEN: Final = 12  # NOP NOP TIMESTAMP, on every segment once agreed
DELAYED_ACK: Final = 40 * MS  # Linux's minimum; RFC 9293 allows up to 500 ms
#: Added to a loss probe's 2 SRTT (RFC 8985 7.2), as Linux adds TCP_TIMEOUT_MIN (2 jiffies).
PTO_SLACK: Final = 2 * MS
TIME_WAIT_NS: Final = 60_000 * MS  # 2 MSL, as Linux
FIN_WAIT_2_NS: Final = 60_000 * MS  # after close(), as Linux's tcp_fin_timeout
SYN_RETRIES: Final = 6
MAX_RETRIES: Final = 15  # Linux's tcp_retries2: about 15 minutes with the back-off
MAX_WSCALE: Final = 14
#: ACKs owed at once (see owe_ack): a batch of received frames is at most 32.
MAX_OWED_ACKS: Final = 32
#: What a peer may hold back the ACK of a lone segment (RFC 8985's WCDelAckT, Linux's
#: TCP_DELACK_MAX): a loss probe for one segment waits that much more.
DELACK_MAX: Final = 200 * MS
#: At most one ACK per this long in answer to segments without data that are out of the
#: window, challenge ACKs included (Linux's tcp_invalid_ratelimit; RFC 5961 7).
OOW_ACK_INTERVAL: Final = 500 * MS


def unwrap(value: int, reference: int) -> int:
    """The absolute sequence number nearest `reference` whose low 32 bits are value."""
    return reference + seq_sub(value, reference & U32)


def wscale_for(capacity: int) -> int:
    """The smallest window shift that lets a 16-bit field advertise capacity bytes."""
    shift = 0
    while shift < MAX_WSCALE and capacity >> shift > 0xFFFF:
        shift += 1
    return shift


class Send:
    """A segment to send: its header, and the range of the flow's tx its payload is (offset
    from the first byte tx holds; header.payload_len bytes)."""

    def __init__(self, header: TcpRepr, offset: int) -> None:
        self.header = header
        self.offset = offset


class TcpConnection:
    """One connection. `flow` is the app's side; `mss_limit` the largest segment our
    interface carries (its MTU less 40); `ts_offset` a random value added to our timestamps
    (RFC 7323 5.4), `iss` the initial sequence number (RFC 6528)."""

    def __init__(self, flow: TcpFlow, iss: int, mss_limit: int, ts_offset: int,
                 now: int) -> None:
        self.flow = flow
        self.state = CLOSED
        self.passive = False  # opened by a listener (a reset sends it back, silently)
        self.counted_half_open = False  # the owner counts it against its listener's backlog
        self.counted_time_wait = False  # the owner keeps it in its list of TIME-WAIT ones
        self.error: NetError | None = None
        # sending: snd_una <= snd_nxt <= snd_max (snd_nxt goes back on a timeout)
        self.iss = iss
        self.snd_una = iss
        self.snd_nxt = iss
        self.snd_max = iss
        self.tx_seq = iss + 1  # the sequence number of flow.tx's first byte
        self.snd_wnd = 0
        self.max_snd_wnd = 0
        self.snd_wl1 = 0
        self.snd_wl2 = 0
        self.snd_wscale = 0
        self.mss = DEFAULT_MSS  # the peer's (what we may send, options included)
        # receiving
        self.irs = 0
        self.rcv_nxt = 0
        self.rcv_adv = 0  # the right edge of the window we advertised
        self.fin_seq = -1  # where the peer's FIN is, when it arrived ahead of a hole
        self.rcv_wscale = 0
        self.our_mss = mss_limit
        self.ooo = OutOfOrder()
        # options agreed on the handshake
        self.wscale_ok = False
        self.sack_ok = False
        self.ts_ok = False
        self.ts_offset = ts_offset
        self.ts_recent = 0
        self.last_ack_sent = 0
        # loss and congestion
        self.rtt = RttEstimator()
        self.cc = NewReno(DEFAULT_MSS)
        self.board = Scoreboard()
        self.rtt_seq = -1  # without timestamps, the segment being timed (Karn)
        self.rtt_start = 0
        self.rexmit_nxt = 0  # in recovery, where the next hole to resend starts
        self.rexmit_one = False  # NewReno without SACK: resend the segment at snd_una
        self.rexmit_mark = NEVER  # snd_max when the last retransmission left (see take_sack)
        self.retries = 0
        self.tlp_at = 0  # the loss probe's timer (RFC 8985 7)
        self.tlp_end = 0  # snd_max once the probe left (0: no probe out)
        self.tlp_now = False
        self.tlp_resent = False  # the probe sent data again (rather than new data)
        self.tlp_flight = 0  # what was in flight when it left
        # what the next dispatch owes the peer
        self.ack_now = False
        self.unacked_segments = 0  # received since our last ACK
        #: the ACK numbers of the immediate ACKs owed (owe_ack); all but the last go out as
        #: pure ACKs of their own, the last is any segment dispatch sends next
        self.acks_owed: list[int] = []
        self.probe_now = False
        self.probes_out = 0  # zero-window probes not answered
        self.persist_shift = 0  # the persist timer's back-off
        self.rst_now = False
        self.rst_for: TcpRepr | None = None  # the segment rst_now answers (None: an abort)
        # timers (absolute ns; 0: not running)
        self.rto_at = 0
        self.delack_at = 0
        self.persist_at = 0
        self.timewait_at = 0
        self.last_rx = now
        self.last_data_tx = now  # when data (or a SYN) last went out
        self.last_oow_ack = now - OOW_ACK_INTERVAL
        self.keepalive_sent = 0
        self.became_established = False  # the owner hands the flow to its app once

    def __repr__(self) -> str:
        return f"TcpConnection({self.flow!r}, {STATE_NAMES[self.state]})"

    # --- opening ----------------------------------------------------------------------------

    def open_active(self) -> None:
        """connect(): the next dispatch sends our SYN."""
        self.state = SYN_SENT
        self.rcv_wscale = wscale_for(self.flow.rx_capacity)

    def open_passive(self, syn: TcpRepr, now: int) -> None:
        """A listener accepted syn: the next dispatch sends SYN-ACK."""
        self.state = SYN_RECEIVED
        self.passive = True
        self.counted_half_open = True
        self.take_syn(syn, now)

    def open_from_cookie(self, ack: TcpRepr, mss: int, wscale: int, sack: bool,
                         window: int, now: int) -> None:
        """The ACK that completes a handshake we answered with a SYN cookie (syncookie.py):
        the state SYN-RECEIVED would have had, rebuilt from it; receive(ack) then
        establishes the connection. `window` is what our SYN-ACK advertised."""
        self.state = SYN_RECEIVED
        self.passive = True
        self.irs = (ack.seq - 1) & U32
        self.rcv_nxt = self.irs + 1
        self.rcv_adv = self.rcv_nxt + window
        self.last_ack_sent = self.rcv_nxt
        self.snd_nxt = self.iss + 1
        self.snd_max = self.snd_nxt
        self.mss = min(mss, self.our_mss)
        self.cc.set_mss(self.mss)
        self.wscale_ok = wscale >= 0
        self.snd_wscale = max(wscale, 0)
        self.rcv_wscale = wscale_for(self.flow.rx_capacity) if self.wscale_ok else 0
        self.sack_ok = sack
        self.ts_ok = ack.has_ts
        self.ts_recent = ack.ts_val
        self.snd_wl1 = self.irs
        self.last_rx = now

    def take_syn(self, syn: TcpRepr, now: int) -> None:
        """The peer's SYN: its ISN, its options and the ones we both agree on."""
        self.irs = syn.seq
        self.rcv_nxt = syn.seq + 1
        self.rcv_adv = self.rcv_nxt
        self.last_ack_sent = self.rcv_nxt
        self.mss = min(syn.mss if syn.mss > 0 else DEFAULT_MSS, self.our_mss)
        self.mss = max(self.mss, 64)  # a tiny MSS would make us send a segment per byte
        self.cc.set_mss(self.mss)
        self.wscale_ok = syn.wscale >= 0
        if self.wscale_ok:
            self.snd_wscale = syn.wscale
            self.rcv_wscale = wscale_for(self.flow.rx_capacity)
        else:
            self.snd_wscale = 0
            self.rcv_wscale = 0
        self.sack_ok = syn.sack_permitted
        self.ts_ok = syn.has_ts
        if self.ts_ok:
            self.ts_recent = syn.ts_val
        self.snd_wnd = syn.window  # never scaled on a SYN (RFC 7323 2.2)
        self.max_snd_wnd = self.snd_wnd
        self.snd_wl1 = syn.seq
        self.last_rx = now

    # --- receiving --------------------------------------------------------------------------

    def receive(self, seg: TcpRepr, payload: Buffer, now: int) -> None:
        """Process one arrived segment (RFC 9293 3.10.7)."""
        if self.state == CLOSED:
            return
        if self.state == SYN_SENT:
            self.receive_syn_sent(seg, now)
            return
        seq = unwrap(seg.seq, self.rcv_nxt)
        rst = seg.flags & RST != 0
        syn = seg.flags & SYN != 0
        if self.ts_ok and seg.has_ts and not rst and seq_lt(seg.ts_val, self.ts_recent) \
                and self.state != SYN_RECEIVED:
            self.answer_out_of_window(seg, now)  # PAWS (RFC 7323 5.3): an old duplicate
            return
        if self.state == SYN_RECEIVED and syn and not rst and seq == self.irs:
            self.receive_syn_again(seg, now)
            return
        length = seg.payload_len + (1 if syn else 0) + (1 if seg.flags & FIN else 0)
        if not self.acceptable(seq, length):
            if not rst:
                self.answer_out_of_window(seg, now)
                if self.state == TIME_WAIT and seg.flags & FIN and seq + length == self.rcv_nxt:
                    # the peer's FIN again (our ACK was lost): the 2 MSL start over (RFC 9293
                    # 3.10.7.4 eighth)
                    self.timewait_at = now + TIME_WAIT_NS
            return
        if rst:
            self.receive_rst(seg, seq, now)
            return
        if syn:
            self.answer_out_of_window(seg, now)  # RFC 5961 4.2: a challenge ACK, no reset
            return
        if seg.flags & ACK == 0:
            return
        self.last_rx = now
        self.keepalive_sent = 0
        if seg.has_ts and self.ts_ok and seq <= self.last_ack_sent:
            self.ts_recent = seg.ts_val
        if self.state == SYN_RECEIVED:
            ack = unwrap(seg.ack, self.snd_una)
            if not self.snd_una < ack <= self.snd_max:
                self.rst_reply(seg)
                return
            self.establish()
        if not self.receive_ack(seg, now):
            return
        if self.state == CLOSED or self.state == CLOSE_WAIT or self.state == CLOSING or \
                self.state == LAST_ACK or self.state == TIME_WAIT:
            return  # nothing follows the peer's FIN: its text is ignored (3.10.7.4 seventh)
        self.receive_data(seg, seq, payload, now)

    def receive_syn_again(self, seg: TcpRepr, now: int) -> None:
        """SYN-RECEIVED, and the peer's SYN once more. With an ACK of ours, it is the peer's
        SYN-ACK of a simultaneous open, which completes the handshake (RFC 9293 figure 8, as
        Linux takes it); without, our SYN-ACK was lost: send it again."""
        if seg.flags & ACK == 0:
            self.snd_nxt = self.iss
            return
        ack = unwrap(seg.ack, self.snd_una)
        if not self.snd_una < ack <= self.snd_max:
            self.rst_reply(seg)
            return
        self.last_rx = now
        if seg.has_ts and self.ts_ok:
            self.ts_recent = seg.ts_val
        self.establish()
        self.receive_ack(seg, now)

    def acceptable(self, seq: int, length: int) -> bool:
        """RFC 9293 3.10.7.4's four cases. A zero window still takes a segment at rcv_nxt
        with no data (its ACK and RST count). A segment with no data is also taken at the
        window's right edge, as Linux does (tcp_sequence): a peer that filled our window and
        lost its last segment sends every ACK there until it resends, and dropping them hid
        their SACK blocks (each such loss of ours then cost a retransmission timeout)."""
        wnd = self.rcv_adv - self.rcv_nxt
        if length == 0:
            return self.rcv_nxt <= seq <= self.rcv_nxt + max(wnd, 0)
        if wnd <= 0:
            return seq == self.rcv_nxt  # the data is trimmed away; ACK and FIN still count
        end = seq + length - 1
        return self.rcv_nxt <= seq < self.rcv_nxt + wnd or \
            self.rcv_nxt <= end < self.rcv_nxt + wnd or seq < self.rcv_nxt <= end

    def answer_out_of_window(self, seg: TcpRepr, now: int) -> None:
        """An ACK in answer to a segment out of the window (or an old one, or one the peer
        should not have sent: RFC 5961's challenge ACKs). Data or a FIN always get theirs (our
        ACK was lost); segments without either get one per OOW_ACK_INTERVAL at most, as Linux
        does: two ends that each find the other's ACKs out of the window would otherwise
        answer each other's answers forever."""
        if (seg.payload_len > 0 or seg.flags & FIN) and seg.flags & SYN == 0:
            self.ack_now = True
        elif now - self.last_oow_ack >= OOW_ACK_INTERVAL:
            self.last_oow_ack = now
            self.ack_now = True

    def receive_rst(self, seg: TcpRepr, seq: int, now: int) -> None:
        """RFC 5961 3.2: only a reset at exactly rcv_nxt resets; one elsewhere in the window
        gets a challenge ACK (a blind attacker must guess the exact number)."""
        if seq != self.rcv_nxt:
            self.answer_out_of_window(seg, now)
            return
        if self.passive and self.state == SYN_RECEIVED:
            self.close_silently()
            return
        if self.state == TIME_WAIT or self.state == LAST_ACK or self.state == CLOSING:
            self.close_silently()
            return
        self.fail(ConnectionReset(f"{self.flow.dst}:{self.flow.dst_port} reset the connection"))

    def receive_syn_sent(self, seg: TcpRepr, now: int) -> None:
        """RFC 9293 3.10.7.3: our SYN is out."""
        ack_ok = False
        if seg.flags & ACK:
            ack = unwrap(seg.ack, self.snd_una)
            if ack <= self.iss or ack > self.snd_max:
                if seg.flags & RST == 0:
                    self.rst_reply(seg)
                return
            ack_ok = True
        if seg.flags & RST:
            if ack_ok:
                self.fail(ConnectionRefused(f"{self.flow.dst}:{self.flow.dst_port} refused "
                                            "the connection"))
            return
        if seg.flags & SYN == 0:
            return
        self.take_syn(seg, now)
        self.rcv_wscale = self.rcv_wscale if self.wscale_ok else 0
        if ack_ok:
            self.snd_una = unwrap(seg.ack, self.snd_una)
            self.snd_wl2 = self.snd_una
            if self.ts_ok and seg.ts_ecr != 0:
                self.rtt.sample(self.ts_age(seg.ts_ecr, now))
            elif self.rtt_seq >= 0:
                self.rtt.sample(now - self.rtt_start)
            self.rtt_seq = -1
            self.rto_at = 0
            self.establish()
            self.ack_now = True
        else:  # simultaneous open (RFC 9293 3.5): our SYN again, now with an ACK
            self.state = SYN_RECEIVED
            self.snd_nxt = self.iss

    def establish(self) -> None:
        if self.retries > 0 and self.rtt.srtt == 0:
            self.rtt.fall_back()  # RFC 6298 5.7: the SYN timed out, and nothing was timed
        self.retries = 0
        self.rtt.reset_backoff()
        self.state = ESTABLISHED
        self.became_established = True

    def receive_ack(self, seg: TcpRepr, now: int) -> bool:
        """The ACK field (RFC 9293 3.10.7.4 fifth): False when the segment is to be dropped."""
        ack = unwrap(seg.ack, self.snd_una)
        if ack > self.snd_max:
            self.answer_out_of_window(seg, now)  # it acknowledges what we never sent
            return False
        if ack < self.snd_una - max(self.max_snd_wnd, 0xFFFF):
            self.answer_out_of_window(seg, now)  # RFC 5961 5.2: far too old: challenge
            return False
        window = seg.window << (0 if seg.flags & SYN else self.snd_wscale)  # RFC 7323 2.2
        if self.snd_wl1 < unwrap(seg.seq, self.rcv_nxt) or \
                self.snd_wl1 == unwrap(seg.seq, self.rcv_nxt) and self.snd_wl2 <= ack:
            window_changed = window != self.snd_wnd
            self.snd_wnd = window
            self.max_snd_wnd = max(self.max_snd_wnd, window)
            self.snd_wl1 = unwrap(seg.seq, self.rcv_nxt)
            self.snd_wl2 = ack
        else:
            window_changed = False
        if self.sack_ok and seg.sack:
            self.take_sack(seg.sack)
        if ack > self.snd_una:
            self.new_ack(ack, seg, now)
        elif ack == self.snd_una and seg.payload_len == 0 and not window_changed and \
                seg.flags & (SYN | FIN) == 0 and self.snd_max > self.snd_una:
            self.duplicate_ack()
        if self.tlp_end != 0:
            self.probe_answered()
        self.probes_out = 0  # the peer answers
        if self.snd_wnd > 0:
            self.persist_at = 0
            self.persist_shift = 0
        return True

    def take_sack(self, blocks: tuple[tuple[int, int], ...]) -> None:
        news = False
        for block in blocks:
            start = unwrap(block[0], self.snd_una)
            end = unwrap(block[1], self.snd_una)
            if self.board.add(start, end, self.snd_una, self.snd_max):
                news = True
        if not news:
            return
        if not self.cc.in_recovery:
            # RFC 6675's loss rule (IsLost): more than (DupThresh - 1) * SMSS bytes SACKed
            # above the first hole is a loss, even without three duplicate ACKs (a lost
            # segment followed by few, large ones; Linux's dup ACKs, whose window grows, are
            # no duplicates at all)
            if self.board.sacked > self.lost_above() and self.cc.may_recover(self.snd_una):
                self.start_recovery()
        elif self.board.highest() > self.rexmit_mark and self.rexmit_nxt > self.snd_una:
            # the peer holds data sent after our last retransmission, while holes we resent
            # are still holes: those retransmissions were lost too (as Linux's RACK finds).
            # Resend the holes again now, rather than after a retransmission timeout.
            hole = self.board.next_hole(self.snd_una)
            if hole[1] > hole[0] and hole[0] < self.rexmit_nxt:
                self.rexmit_nxt = self.snd_una
                self.rexmit_mark = NEVER

    def lost_above(self) -> int:
        """RFC 6675's IsLost: a byte is lost once more than (DupThresh - 1) full segments
        above it are SACKed."""
        return (DUP_THRESHOLD - 1) * (self.mss - (TS_OPTION_LEN if self.ts_ok else 0))

    def pipe(self) -> int:
        """The bytes in flight: RFC 6675's pipe in SACK recovery; otherwise what was sent
        past snd_una and not SACKed (below snd_nxt, which goes back on a timeout)."""
        if self.sack_ok and self.cc.in_recovery:
            return self.board.pipe(self.snd_una, self.snd_max, self.rexmit_nxt,
                                   self.lost_above())
        return self.snd_nxt - self.snd_una - self.board.sacked_below(self.snd_nxt)

    def new_ack(self, ack: int, seg: TcpRepr, now: int) -> None:
        acked = ack - self.snd_una
        tx_end = self.tx_seq + self.flow.tx_bytes
        data_acked = min(ack, tx_end) - self.tx_seq
        if data_acked > 0:
            self.flow.tx_consume(data_acked)
            self.tx_seq += data_acked
        if self.ts_ok and seg.has_ts and seg.ts_ecr != 0:
            self.rtt.sample(self.ts_age(seg.ts_ecr, now))
        elif self.rtt_seq >= 0 and ack >= self.rtt_seq:
            self.rtt.sample(now - self.rtt_start)
            self.rtt_seq = -1
        was_recovering = self.cc.in_recovery
        self.cc.on_ack(acked, ack)
        self.snd_una = ack
        if self.snd_nxt < ack:
            self.snd_nxt = ack
        self.board.trim(ack)
        self.retries = 0
        self.rtt.reset_backoff()
        if was_recovering and self.cc.in_recovery:  # a partial ACK: the next hole is lost too
            self.rexmit_nxt = max(self.rexmit_nxt, ack)
            if not self.sack_ok:
                self.rexmit_nxt = ack
                self.rexmit_one = True
        self.rto_at = 0 if self.snd_una == self.snd_max else now + self.rtt.rto()
        self.arm_probe(now)
        if self.fin_acked():
            if self.state == FIN_WAIT_1:
                self.state = FIN_WAIT_2
                self.arm_fin_wait_2(now)
            elif self.state == CLOSING:
                self.enter_time_wait(now)
            elif self.state == LAST_ACK:
                self.close_silently()

    def probe_answered(self) -> None:
        """An ACK after our loss probe (no ACK had come for two round trips before it: this
        one answers it). Everything acknowledged: the probe repaired a tail loss, or a lost
        ACK; with no DSACK to tell which, a probe that sent data again counts as a loss
        (RFC 8985 7.4.2). Holes left below what the peer holds: the probe got through and
        they did not, they are lost (RACK's rule): fast recovery."""
        if self.snd_una >= self.tlp_end:
            if self.tlp_resent and not self.cc.in_recovery:
                self.cc.on_probe_repair(self.tlp_flight)
            self.tlp_end = 0
        elif self.board.sacked > 0 and self.cc.may_recover(self.snd_una):
            self.tlp_end = 0
            self.start_recovery()

    def arm_probe(self, now: int) -> None:
        """RFC 8985 7.2: after sending new data or a new ACK, with data outstanding and no
        recovery, a probe goes out 2 SRTT after (more for a lone segment, whose ACK the peer
        may delay) unless an ACK comes first, so that a tail loss (or a lost ACK) is found in
        a few round trips rather than at the retransmission timeout. PTO_SLACK more, as
        Linux's two jiffies: the peer's ACK of a flight's last two segments may come a little
        late without making the probe spurious."""
        self.tlp_at = 0
        if not self.sack_ok or self.cc.in_recovery or self.tlp_end != 0 or \
                self.snd_una == self.snd_max or self.rtt.srtt == 0 or self.rtt.backoff > 0:
            return
        pto = 2 * self.rtt.srtt + PTO_SLACK
        if self.snd_max - self.snd_una <= self.mss:
            pto = max(pto, self.rtt.srtt * 3 // 2 + DELACK_MAX)
        if self.rto_at == 0 or now + pto < self.rto_at:
            self.tlp_at = now + pto

    def duplicate_ack(self) -> None:
        if self.cc.on_dupack(self.sack_ok) and self.cc.may_recover(self.snd_una):
            self.start_recovery()

    def start_recovery(self) -> None:
        """Fast retransmit: resend the first unacknowledged segment now."""
        self.cc.enter_recovery(self.flight(), self.snd_max, self.sack_ok)
        self.rexmit_nxt = self.snd_una
        self.rexmit_one = True
        self.rexmit_mark = NEVER
        self.tlp_at = 0
        self.rtt_seq = -1  # Karn: what is resent cannot be timed

    def fin_acked(self) -> bool:
        return self.flow.tx_shut and self.snd_una > self.tx_seq + self.flow.tx_bytes

    def receive_data(self, seg: TcpRepr, seq: int, payload: Buffer, now: int) -> None:
        """The segment's text and FIN (RFC 9293 3.10.7.4 seventh and eighth), trimmed to the
        window; what comes early waits in ooo."""
        fin = seg.flags & FIN != 0
        data = payload
        if seq < self.rcv_nxt:
            cut = self.rcv_nxt - seq
            if cut >= len(data):
                data = data.sub(0, 0)
                fin = fin and seq + len(payload) >= self.rcv_nxt
            else:
                data = data.shift(cut)
            seq = self.rcv_nxt
        limit = max(self.rcv_adv, self.rcv_nxt)
        if seq + len(data) > limit:
            data = data.sub(0, max(0, limit - seq))
            fin = False  # the FIN is past the window: it comes again
        if len(data) > 0 and self.flow.closed:
            self.abort(ConnectionReset("data arrived after close()"))
            return
        if seq > self.rcv_nxt:
            if len(data) > 0:
                self.ooo.add(seq, data)
            if fin:
                self.fin_seq = seq + len(data)  # counts once the bytes before it arrive
            if len(data) > 0 or fin:
                self.owe_ack()  # a duplicate ACK (with SACK) tells the sender at once
            # (a pure ACK past rcv_nxt is one sent while the peer's data is on its way: an
            # answer would be answered in turn, an ACK ping-pong for as long as data flies)
            return
        if len(data) > 0:
            self.flow.deliver(data)
            self.rcv_nxt += len(data)
            filled = False
            while len(self.ooo) > 0:
                more = self.ooo.pop(self.rcv_nxt)
                if more is None:
                    break
                self.flow.deliver(more)
                self.rcv_nxt += len(more)
                filled = True
            self.unacked_segments += 1
            if filled or self.unacked_segments >= 2 or len(self.ooo) > 0:
                self.owe_ack()
            elif self.delack_at == 0:
                self.delack_at = now + DELAYED_ACK
        if (fin and seq + len(data) == self.rcv_nxt or self.fin_seq == self.rcv_nxt) and \
                len(self.ooo) == 0:
            self.receive_fin(now)
        elif len(data) == 0 and seg.payload_len > 0:
            self.ack_now = True  # a duplicate: our ACK was lost

    def owe_ack(self) -> None:
        """An ACK is due at once for what arrived so far (RFC 5681 4.2: for every second full
        segment, and for each segment out of order). The owner may hand the connection a whole
        batch of segments before it dispatches: each ACK owed is kept as the number it must
        acknowledge, so that the batch still gets an ACK per two segments (the sender's clock,
        and no single lost ACK covering a whole window) and a duplicate ACK per segment out of
        order (what a sender without SACK counts)."""
        if len(self.acks_owed) < MAX_OWED_ACKS:
            self.acks_owed.append(self.rcv_nxt)
        self.ack_now = True
        self.unacked_segments = 0

    def receive_fin(self, now: int) -> None:
        if self.state == CLOSE_WAIT or self.state == CLOSING or self.state == LAST_ACK:
            self.ack_now = True  # a retransmitted FIN
            return
        if self.state == TIME_WAIT:
            self.ack_now = True
            self.timewait_at = now + TIME_WAIT_NS
            return
        self.rcv_nxt += 1
        self.ack_now = True
        self.flow.deliver_fin()
        if self.state == ESTABLISHED or self.state == SYN_RECEIVED:
            self.state = CLOSE_WAIT
        elif self.state == FIN_WAIT_1:
            if self.fin_acked():
                self.enter_time_wait(now)
            else:
                self.state = CLOSING
        elif self.state == FIN_WAIT_2:
            self.enter_time_wait(now)

    def arm_fin_wait_2(self, now: int) -> None:
        """FIN-WAIT-2 after close(): nobody reads any more, so a peer that never sends its FIN
        does not keep the connection forever (reset after FIN_WAIT_2_NS, as Linux). After
        shutdown() alone the app still reads: the peer may take its time."""
        if self.state == FIN_WAIT_2 and self.flow.closed and self.timewait_at == 0:
            self.timewait_at = now + FIN_WAIT_2_NS

    def enter_time_wait(self, now: int) -> None:
        self.state = TIME_WAIT
        self.timewait_at = now + TIME_WAIT_NS
        self.rto_at = 0
        self.persist_at = 0
        self.delack_at = 0

    # --- ending -----------------------------------------------------------------------------

    def fail(self, error: NetError) -> None:
        """The connection is over because of error: the app's calls raise it."""
        self.error = error
        self.flow.fail(error)
        self.close_silently()

    def abort(self, error: NetError) -> None:
        """Reset the connection (the next dispatch sends RST) and fail the flow."""
        if self.state != SYN_SENT and self.state != CLOSED:
            self.rst_now = True
        self.fail(error)

    def close_silently(self) -> None:
        self.state = CLOSED
        self.acks_owed.clear()
        self.ooo.clear()
        self.board.clear()
        self.rto_at = 0
        self.delack_at = 0
        self.persist_at = 0
        self.timewait_at = 0
        if self.flow.error is None and not self.flow.rx_fin:
            self.flow.deliver_fin()  # a reader waiting on a flow that ended quietly ends too

    def rst_reply(self, seg: TcpRepr) -> None:
        """Answer seg with a reset (RFC 9293 3.10.7.1 form): sent by the next dispatch."""
        self.rst_for = seg
        self.rst_now = True

    # --- timers -----------------------------------------------------------------------------

    def poll_at(self) -> int:
        """The earliest deadline of the timers (NEVER when none runs)."""
        at = NEVER
        for t in (self.rto_at, self.delack_at, self.persist_at, self.timewait_at, self.tlp_at):
            if t != 0 and t < at:
                at = t
        keepalive = self.keepalive_deadline()
        return keepalive if keepalive < at else at

    def keepalive_deadline(self) -> int:
        """When the next keepalive probe is due. Only on an idle connection: with data in
        flight or queued, the retransmission timer watches the peer (as Linux)."""
        idle = self.flow.keepalive_idle_ns
        if idle == 0 or self.state != ESTABLISHED and self.state != CLOSE_WAIT or \
                self.snd_una < self.snd_max or self.flow.tx_bytes > 0:
            return NEVER
        return self.last_rx + idle + self.keepalive_sent * self.flow.keepalive_interval_ns

    def on_timer(self, now: int) -> None:
        """Run every timer whose deadline has passed."""
        if self.timewait_at != 0 and now >= self.timewait_at:
            if self.state == FIN_WAIT_2:
                self.abort(ConnectionTimedOut(f"{self.flow.dst}:{self.flow.dst_port} never "
                                              "closed its side"))
            else:
                self.close_silently()
            return
        if self.rto_at != 0 and now >= self.rto_at:
            self.retransmit_timeout(now)
        if self.state == CLOSED:
            return
        if self.tlp_at != 0 and now >= self.tlp_at:
            self.tlp_at = 0
            self.tlp_now = True
        if self.delack_at != 0 and now >= self.delack_at:
            self.delack_at = 0
            self.ack_now = True
        if self.persist_at != 0 and now >= self.persist_at:
            self.persist_at = 0
            self.probes_out += 1
            if self.probes_out > MAX_RETRIES:
                self.abort(ConnectionTimedOut(f"{self.flow.dst}:{self.flow.dst_port} stopped "
                                              "answering zero-window probes"))
                return
            self.persist_shift += 1
            self.probe_now = True
        if now >= self.keepalive_deadline():
            if self.keepalive_sent >= self.flow.keepalive_probes:
                self.abort(ConnectionTimedOut(f"{self.flow.dst}:{self.flow.dst_port} did not "
                                              "answer keepalive probes"))
                return
            self.keepalive_sent += 1
            self.probe_now = True

    def retransmit_timeout(self, now: int) -> None:
        """RFC 6298 5.4-5.7: resend from snd_una, back off, and give up after the retries.
        A peer that closed its window on data in flight (it shrank it) and still answers is
        alive: those timeouts are zero-window probes and count no retry, as Linux has it
        (until nothing came for MAX_RTO)."""
        synchronizing = self.state == SYN_SENT or self.state == SYN_RECEIVED
        if synchronizing or self.snd_wnd > 0 or now - self.last_rx >= MAX_RTO:
            self.retries += 1
        if self.retries > (SYN_RETRIES if synchronizing else MAX_RETRIES):
            if self.passive and self.state == SYN_RECEIVED:
                self.close_silently()
            else:
                self.abort(ConnectionTimedOut(f"{self.flow.dst}:{self.flow.dst_port} stopped "
                                              "acknowledging"))
            return
        self.cc.on_timeout(self.flight(), self.snd_max)
        self.rtt.back_off()
        self.rtt_seq = -1
        self.board.clear()  # RFC 2018 8: the receiver may have dropped what it SACKed
        self.rexmit_one = False
        self.tlp_at = 0
        self.tlp_end = 0
        self.snd_nxt = self.iss if synchronizing else self.snd_una
        self.rto_at = now + self.rtt.rto()

    # --- sending ----------------------------------------------------------------------------

    def flight(self) -> int:
        return self.snd_max - self.snd_una

    def dispatch(self, now: int) -> Send | None:
        """The next segment to send now, or None."""
        if self.flow.aborted and self.state != CLOSED:
            self.abort(ConnectionReset("the connection was aborted"))
        elif self.flow.closed and self.flow.unread() > 0 and self.state != CLOSED:
            self.abort(ConnectionReset("closed with unread data"))
        if self.rst_now:
            self.rst_now = False
            return self.make_rst()
        if self.state == CLOSED:
            return None
        if self.state == FIN_WAIT_2 and self.timewait_at == 0:
            self.arm_fin_wait_2(now)  # close() after shutdown()
        if self.state == SYN_SENT or self.state == SYN_RECEIVED:
            if self.snd_nxt == self.iss:
                return self.make_syn(now)
            return self.make_ack(now) if self.ack_now and self.state == SYN_RECEIVED else None
        if len(self.acks_owed) > 1:
            return self.make_owed_ack(now)
        if self.cc.in_recovery or self.rexmit_one:
            resend = self.make_retransmission(now, True)  # RFC 6675 NextSeg rule 1
            if resend is not None:
                return resend
        if self.tlp_now:
            self.tlp_now = False
            probe = self.make_loss_probe(now)
            if probe is not None:
                return probe
        if self.state != TIME_WAIT:
            data = self.make_data(now)  # rule 2
            if data is not None:
                return data
        if self.cc.in_recovery and self.sack_ok:
            resend = self.make_retransmission(now, False)  # rule 3
            if resend is not None:
                return resend
        if self.probe_now:
            self.probe_now = False
            return self.make_segment(now, self.snd_una - 1, ACK, 0, 0)
        if self.ack_now or self.window_update_due():
            return self.make_ack(now)
        return None

    def make_data(self, now: int) -> Send | None:
        """New data (or data again after a timeout), and FIN after the last byte."""
        tx_end = self.tx_seq + self.flow.tx_bytes
        unsent = tx_end - self.snd_nxt
        fin_due = self.flow.tx_shut and self.snd_nxt <= tx_end and \
            (self.state == ESTABLISHED or self.state == CLOSE_WAIT or
             self.state == FIN_WAIT_1 or self.state == LAST_ACK or self.state == CLOSING)
        if unsent <= 0 and not fin_due:
            return None
        if self.snd_una == self.snd_max and now - self.last_data_tx >= self.rtt.rto():
            self.cc.on_idle_restart()
        gap = NEVER
        if self.snd_nxt < self.snd_max and self.sack_ok:
            # again after a timeout: skip what the peer holds (RFC 6675 5.1: use the SACKs
            # that arrive in the recovery after a timeout)
            skip = self.board.skip(self.snd_nxt)
            self.snd_nxt = skip[0]
            unsent = tx_end - self.snd_nxt
            if skip[1] >= 0:
                gap = skip[1] - self.snd_nxt
        room = min(self.snd_una + self.snd_wnd - self.snd_nxt, self.cc.cwnd - self.pipe())
        max_data = self.max_payload()
        size = max(0, min(max_data, unsent, room, gap))
        fin = fin_due and size == unsent
        if size < unsent and size < max_data and size < gap or size == 0 and not fin:
            # window- or cwnd-limited: wait for ACKs (or probe a zero window)
            if size == 0 or self.snd_nxt > self.snd_una:
                if self.snd_wnd == 0 and self.snd_nxt == self.snd_una and unsent > 0 \
                        and self.persist_at == 0:
                    self.persist_at = now + min(self.rtt.rto() << min(self.persist_shift, 16),
                                                MAX_RTO)
                return None
        if size > 0 and size < max_data and not fin and not self.flow.nodelay and \
                self.snd_nxt > self.snd_una and size == unsent:
            return None  # Nagle: a small segment waits while data is unacknowledged
        flags = ACK
        if fin:
            flags |= FIN
        if size > 0 and self.snd_nxt + size == tx_end:
            flags |= PSH
        if self.rtt_seq < 0 and not self.ts_ok and self.snd_nxt == self.snd_max and size > 0:
            self.rtt_seq = self.snd_nxt + size
            self.rtt_start = now
        send = self.make_segment(now, self.snd_nxt, flags, self.snd_nxt - self.tx_seq, size)
        self.snd_nxt += size + (1 if fin else 0)
        self.snd_max = max(self.snd_max, self.snd_nxt)
        if fin:
            if self.state == ESTABLISHED:
                self.state = FIN_WAIT_1
            elif self.state == CLOSE_WAIT:
                self.state = LAST_ACK
        if self.rto_at == 0:
            self.rto_at = now + self.rtt.rto()
        if size > 0 and self.snd_nxt == self.snd_max and self.tlp_end == 0:
            self.arm_probe(now)
        return send

    def make_loss_probe(self, now: int) -> Send | None:
        """RFC 8985 7.3: the loss probe. New data if the peer's window takes it (whatever the
        congestion window says), else the last segment sent once more; the retransmission
        timer restarts after it."""
        if self.snd_una == self.snd_max or self.cc.in_recovery or self.snd_nxt < self.snd_max:
            return None
        tx_end = self.tx_seq + self.flow.tx_bytes
        max_data = self.max_payload()
        size = min(max_data, tx_end - self.snd_max, self.snd_una + self.snd_wnd - self.snd_max)
        if size > 0:
            start = self.snd_max
            self.snd_nxt = self.snd_max = start + size
            self.tlp_resent = False
            flags = ACK | (PSH if start + size == tx_end else 0)
        else:
            end = min(self.snd_max, tx_end)
            start = max(self.snd_una, end - max_data)
            size = max(0, end - start)
            flags = ACK | (FIN if self.snd_max > tx_end and self.flow.tx_shut else 0)
            if size == 0 and flags == ACK:
                return None
            self.tlp_resent = True
        self.tlp_end = self.snd_max
        self.tlp_flight = self.snd_max - self.snd_una
        self.rtt_seq = -1
        self.rto_at = now + self.rtt.rto()
        return self.make_segment(now, start, flags, start - self.tx_seq, size)

    def make_retransmission(self, now: int, lost_only: bool) -> Send | None:
        """In recovery: the first segment at snd_una once (fast retransmit, and NewReno's
        one per partial ACK); with SACK, the next hole past the last one resent while the
        pipe has room (RFC 6675 NextSeg: lost holes first (lost_only), the others only when
        there is no new data to send)."""
        start = max(self.rexmit_nxt, self.snd_una)
        if self.rexmit_one:
            self.rexmit_one = False
            end = self.snd_max
            if self.sack_ok and self.board.highest() > start:
                hole = self.board.next_hole(start)
                if hole[1] > hole[0]:
                    start, end = hole[0], hole[1]
        elif self.sack_ok:
            if self.cc.cwnd - self.pipe() < self.mss - (TS_OPTION_LEN if self.ts_ok else 0):
                return None
            if lost_only:
                hole = self.board.next_lost(start, self.lost_above())
            else:
                hole = self.board.next_hole(start)
            if hole[1] <= hole[0]:
                return None
            start, end = hole[0], hole[1]
        else:
            return None
        tx_end = self.tx_seq + self.flow.tx_bytes
        max_data = self.max_payload()
        size = min(max_data, end - start, tx_end - start)
        if size <= 0:
            if self.flow.tx_shut and start == tx_end and start < self.snd_max:
                self.rexmit_nxt = start + 1
                return self.make_segment(now, start, ACK | FIN, start - self.tx_seq, 0)
            return None
        self.rexmit_nxt = start + size
        self.rexmit_mark = self.snd_max
        if self.rto_at == 0:
            self.rto_at = now + self.rtt.rto()
        return self.make_segment(now, start, ACK, start - self.tx_seq, size)

    def window_update_due(self) -> bool:
        """After the app read: tell the peer once the window has at least doubled by a
        segment or more (Linux's rule; smaller updates would be silly window syndrome)."""
        if self.state != ESTABLISHED and self.state != FIN_WAIT_1 and self.state != FIN_WAIT_2:
            return False
        advertised = max(self.rcv_adv - self.rcv_nxt, 0)
        now_room = min(self.flow.rx_room(), 0xFFFF << self.rcv_wscale)
        return now_room - advertised >= self.our_mss and now_room >= 2 * advertised

    def receive_window(self) -> int:
        """The window field to send, and rcv_adv updated to its right edge. The right edge
        never moves left, and moves right only by a useful amount (RFC 9293 3.8.6.2.2)."""
        room = min(self.flow.rx_room(), 0xFFFF << self.rcv_wscale)
        right = self.rcv_nxt + room
        if right - self.rcv_adv < min(self.flow.rx_capacity // 2, self.our_mss) and \
                self.rcv_adv >= self.rcv_nxt:
            right = self.rcv_adv
        field = (right - self.rcv_nxt) >> self.rcv_wscale
        self.rcv_adv = max(self.rcv_adv, self.rcv_nxt + (field << self.rcv_wscale))
        return field

    def make_syn(self, now: int) -> Send:
        """SYN, or SYN-ACK, with the options we offer (or agree to)."""
        active = self.state == SYN_SENT
        flags = SYN if active else SYN | ACK
        window = min(self.flow.rx_room(), 0xFFFF)
        if not active:
            self.rcv_adv = self.rcv_nxt + window
        header = TcpRepr(self.flow.src_port, self.flow.dst_port, self.iss & U32,
                         self.rcv_nxt & U32 if not active else 0, flags, window=window,
                         mss=self.our_mss,
                         wscale=self.rcv_wscale if active or self.wscale_ok else -1,
                         sack_permitted=active or self.sack_ok,
                         ts_val=self.ts_now(now), ts_ecr=self.ts_recent,
                         has_ts=active or self.ts_ok)
        self.snd_nxt = self.iss + 1
        self.snd_max = max(self.snd_max, self.snd_nxt)
        if self.rto_at == 0:
            self.rto_at = now + self.rtt.rto()
        if self.rtt_seq < 0 and self.retries == 0:
            self.rtt_seq = self.snd_nxt
            self.rtt_start = now
        self.ack_now = False
        self.last_data_tx = now
        return Send(header, 0)

    def make_ack(self, now: int) -> Send:
        """A pure ACK. Its sequence number is snd_max, the RFC's SND.NXT: ours goes back to
        snd_una on a timeout, and below what the peer has received it is out of the peer's
        window, which drops the ACK (both ends timed out in a blackout: each dropped the
        other's ACKs forever)."""
        return self.make_segment(now, self.snd_max, ACK, 0, 0)

    def make_owed_ack(self, now: int) -> Send:
        """The oldest ACK owed (owe_ack), acknowledging what it owed: a pure ACK whose window
        ends where the current one does. SACK blocks only on one of rcv_nxt (below it, they
        would show the sender a hole that is filled already)."""
        ack = self.acks_owed.pop(0)
        field = self.receive_window()
        right = self.rcv_nxt + (field << self.rcv_wscale)
        window = min((right - ack) >> self.rcv_wscale, 0xFFFF)
        sack = self.sack_blocks() if ack == self.rcv_nxt else ()
        header = TcpRepr(self.flow.src_port, self.flow.dst_port, self.snd_max & U32, ack & U32,
                         ACK, window=window, sack=sack, ts_val=self.ts_now(now),
                         ts_ecr=self.ts_recent, has_ts=self.ts_ok)
        self.last_ack_sent = ack
        return Send(header, 0)

    def make_segment(self, now: int, seq: int, flags: int, offset: int, size: int) -> Send:
        """A segment carrying an ACK (and SACK blocks, timestamps): the delayed ACK is paid."""
        window = self.receive_window()
        sack = self.sack_blocks()
        header = TcpRepr(self.flow.src_port, self.flow.dst_port, seq & U32, self.rcv_nxt & U32,
                         flags, window=window, sack=sack, ts_val=self.ts_now(now),
                         ts_ecr=self.ts_recent, has_ts=self.ts_ok, payload_len=size)
        self.last_ack_sent = self.rcv_nxt
        self.acks_owed.clear()
        self.ack_now = False
        self.unacked_segments = 0
        self.delack_at = 0
        if size > 0:
            self.last_data_tx = now  # not for ACKs (RFC 5681 4.1: "has not sent data")
        return Send(header, offset)

    def sack_blocks(self) -> tuple[tuple[int, int], ...]:
        """The SACK blocks our next segment carries (as many as fit beside timestamps)."""
        if not self.sack_ok or len(self.ooo) == 0:
            return ()
        blocks = self.ooo.blocks()
        room = 3 if self.ts_ok else 4
        return tuple([(b[0] & U32, b[1] & U32) for b in blocks[:room]])

    def max_payload(self) -> int:
        """The most data a segment may carry: the peer's MSS less our options (RFC 6691).
        SACK blocks count too: before, a segment sent with them was 12 to 28 bytes larger than
        the MTU, and went out as two IP fragments."""
        size = self.mss - (TS_OPTION_LEN if self.ts_ok else 0)
        blocks = len(self.sack_blocks())
        return size - (4 + 8 * blocks if blocks > 0 else 0)

    def make_rst(self) -> Send:
        """RST: in answer to a bad segment (rst_reply) or ending the connection (abort)."""
        bad = self.rst_for
        self.rst_for = None
        if bad is not None:
            if bad.flags & ACK:
                header = TcpRepr(self.flow.src_port, self.flow.dst_port, bad.ack, 0, RST)
            else:
                header = TcpRepr(self.flow.src_port, self.flow.dst_port, 0,
                                 (bad.seq + bad.seq_len()) & U32, RST | ACK)
        else:
            header = TcpRepr(self.flow.src_port, self.flow.dst_port, self.snd_max & U32,
                             self.rcv_nxt & U32, RST | ACK)
        return Send(header, 0)

    def ts_now(self, now: int) -> int:
        """Our timestamp clock: milliseconds, from a random offset."""
        return (now // MS + self.ts_offset) & U32

    def ts_age(self, echoed: int, now: int) -> int:
        """How long ago (ns) we sent the timestamp the peer echoes."""
        return max(seq_sub(self.ts_now(now), echoed), 0) * MS + MS // 2
