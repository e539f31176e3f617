"""Session state, replies and the line-level protocol loop."""

from enum import Enum
from typing import NamedTuple, Optional

from .registry import Registry


class Reply(NamedTuple):
    code: int
    text: str


class State(Enum):
    START = 0
    GREETED = 1
    MAIL = 2
    RCPT = 3
    DATA = 4
    CLOSED = 5

    def accepts(self, verb: str) -> bool:
        allowed = {State.START: ("HELO", "EHLO"), State.GREETED: ("MAIL", "HELO", "EHLO"),
                   State.MAIL: ("RCPT",), State.RCPT: ("RCPT", "DATA")}
        return verb in ("NOOP", "RSET", "QUIT", "VRFY") or verb in allowed.get(self, ())


class Message:
    def __init__(self, sender: str) -> None:
        self.sender = sender
        self.rcpts: list[str] = []
        self.body: list[str] = []


class ProtocolError(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.text)
        self.reply = reply


class Handler:
    verb = "?"

    def handle(self, session: "Session", arg: str) -> Reply:
        return Reply(502, f"{self.verb} not implemented")


class Session:
    def __init__(self, handlers: Registry[Handler], hostname: str) -> None:
        self.handlers = handlers
        self.hostname = hostname
        self.state = State.START
        self.current: Optional[Message] = None
        self.body: list[str] = []
        self.delivered: list[Message] = []
        self.stats: dict[str, int] = {}

    def feed(self, line: str) -> Optional[Reply]:
        if self.state is State.DATA:
            if line == ".":
                msg = self.current
                assert msg is not None
                msg.body = self.body
                self.delivered.append(msg)
                self.current, self.body = None, []
                self.state = State.GREETED
                return Reply(250, f"queued as {len(self.delivered)}")
            self.body.append(line[1:] if line.startswith("..") else line)
            return None
        verb, _, arg = line.partition(" ")
        verb = verb.upper()
        self.stats[verb] = self.stats.get(verb, 0) + 1
        if self.state is State.CLOSED:
            return Reply(421, "closing")
        handler = self.handlers.get(verb)
        if handler is None:
            return Reply(500, f"unknown command {verb}")
        if not self.state.accepts(verb):
            return Reply(503, f"bad sequence: {verb} in {self.state.name}")
        try:
            return handler.handle(self, arg)
        except ProtocolError as e:
            return e.reply
