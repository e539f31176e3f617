"""The TCP connection state machine: states and events as Enums, transitions matched on
(state, event) tuples with guards, an invalid-transition exception, and per-state counters.

Features: enum, match, tuple, dict, class, user-exception, try-except, list, fstring, property
"""

from enum import Enum


class State(Enum):
    CLOSED = "closed"
    LISTEN = "listen"
    SYN_SENT = "syn-sent"
    SYN_RCVD = "syn-rcvd"
    ESTABLISHED = "established"
    FIN_WAIT_1 = "fin-wait-1"
    FIN_WAIT_2 = "fin-wait-2"
    CLOSE_WAIT = "close-wait"
    LAST_ACK = "last-ack"
    TIME_WAIT = "time-wait"

    @property
    def is_open(self) -> bool:
        return self in (State.ESTABLISHED, State.CLOSE_WAIT, State.FIN_WAIT_1, State.FIN_WAIT_2)


class Event(Enum):
    OPEN_PASSIVE = 1
    OPEN_ACTIVE = 2
    RCV_SYN = 3
    RCV_SYN_ACK = 4
    RCV_ACK = 5
    CLOSE = 6
    RCV_FIN = 7
    TIMEOUT = 8


class BadTransition(Exception):
    pass


class Conn:
    def __init__(self, name: str) -> None:
        self.name = name
        self.state = State.CLOSED
        self.visits: dict[State, int] = {State.CLOSED: 1}
        self.sent: list[str] = []

    def step(self, ev: Event) -> State:
        s = self.state
        match s, ev:
            case State.CLOSED, Event.OPEN_PASSIVE:
                new = State.LISTEN
            case State.CLOSED, Event.OPEN_ACTIVE:
                self.sent.append("SYN")
                new = State.SYN_SENT
            case State.LISTEN, Event.RCV_SYN:
                self.sent.append("SYN+ACK")
                new = State.SYN_RCVD
            case State.SYN_SENT, Event.RCV_SYN_ACK:
                self.sent.append("ACK")
                new = State.ESTABLISHED
            case (State.SYN_RCVD, Event.RCV_ACK):
                new = State.ESTABLISHED
            case State.ESTABLISHED, Event.CLOSE:
                self.sent.append("FIN")
                new = State.FIN_WAIT_1
            case State.ESTABLISHED, Event.RCV_FIN:
                self.sent.append("ACK")
                new = State.CLOSE_WAIT
            case State.FIN_WAIT_1, Event.RCV_ACK:
                new = State.FIN_WAIT_2
            case State.FIN_WAIT_2, Event.RCV_FIN:
                self.sent.append("ACK")
                new = State.TIME_WAIT
            case State.CLOSE_WAIT, Event.CLOSE:
                self.sent.append("FIN")
                new = State.LAST_ACK
            case State.LAST_ACK, Event.RCV_ACK:
                new = State.CLOSED
            case State.TIME_WAIT, Event.TIMEOUT:
                new = State.CLOSED
            case (State.LISTEN | State.SYN_SENT), Event.CLOSE:
                new = State.CLOSED
            case _, _:
                raise BadTransition(f"{self.name}: {ev.name} in {s.value}")
        self.state = new
        self.visits[new] = self.visits.get(new, 0) + 1
        return new


def run(name: str, events: list[Event]) -> Conn:
    c = Conn(name)
    path = [c.state.value]
    for ev in events:
        try:
            path.append(c.step(ev).value)
        except BadTransition as e:
            path.append(f"!{ev.name.lower()}")
            print("  rejected:", e)
    print(f"{name}: {' > '.join(path)}")
    print(f"  sent={c.sent} open={c.state.is_open} final={c.state.name}")
    return c



def events(names: str) -> list[Event]:
    return [Event[n.upper()] for n in names.split()]


client = run("client", events("open_active rcv_syn_ack close rcv_ack rcv_fin timeout"))
server = run("server", events("open_passive rcv_syn rcv_ack rcv_fin close rcv_ack"))
weird = run("weird", events("rcv_ack open_passive open_active close timeout"))
total: dict[str, int] = {}
for c in (client, server, weird):
    for st, n in c.visits.items():
        total[st.value] = total.get(st.value, 0) + n
print(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))
print([s.name for s in State if s.is_open], State("listen"), Event(7).name, State["TIME_WAIT"].value)
