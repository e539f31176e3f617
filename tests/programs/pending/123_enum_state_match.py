"""A TCP-like connection state machine: Enum states, match on (state, event) tuples.

Features: enum, match, tuple, dict, list, user-exception, try-except, fstring
"""

from enum import Enum, auto


class State(Enum):
    CLOSED = auto()
    LISTEN = auto()
    SYN_RCVD = auto()
    ESTABLISHED = auto()
    CLOSE_WAIT = auto()
    LAST_ACK = auto()


class Event(Enum):
    OPEN = "open"
    SYN = "syn"
    ACK = "ack"
    FIN = "fin"
    CLOSE = "close"


class ProtocolError(Exception):
    pass


def transition(s: State, e: Event) -> State:
    match (s, e):
        case (State.CLOSED, Event.OPEN):
            return State.LISTEN
        case (State.LISTEN, Event.SYN):
            return State.SYN_RCVD
        case (State.SYN_RCVD, Event.ACK):
            return State.ESTABLISHED
        case (State.ESTABLISHED, Event.FIN):
            return State.CLOSE_WAIT
        case (State.CLOSE_WAIT, Event.CLOSE):
            return State.LAST_ACK
        case (State.LAST_ACK, Event.ACK):
            return State.CLOSED
        case (_, Event.CLOSE):
            return State.CLOSED
        case _:
            raise ProtocolError(f"{e.value} not allowed in {s.name}")


def run(events: list[Event]) -> None:
    s = State.CLOSED
    trail = [s.name]
    try:
        for e in events:
            s = transition(s, e)
            trail.append(s.name)
        print(" -> ".join(trail))
    except ProtocolError as err:
        print(" -> ".join(trail), "!!", err)


E = Event
run([E.OPEN, E.SYN, E.ACK, E.FIN, E.CLOSE, E.ACK])
run([E.OPEN, E.ACK])
run([E.OPEN, E.SYN, E.CLOSE])
run([E.SYN])
visits: dict[State, int] = {s: 0 for s in State}
state = State.CLOSED
for e in [E.OPEN, E.SYN, E.ACK, E.FIN, E.CLOSE, E.ACK, E.OPEN, E.CLOSE]:
    state = transition(state, e)
    visits[state] += 1
print({k.name: v for k, v in visits.items() if v})
print([s.name for s in State if s.value % 2 == 0], Event("fin"), State(4).name, len(visits))
