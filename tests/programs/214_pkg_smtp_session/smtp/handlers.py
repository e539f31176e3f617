"""Command handlers, one class per verb, installed into a registry."""

from .registry import Registry
from .session import Handler, Message, ProtocolError, Reply, Session, State


def address(arg: str, prefix: str) -> str:
    if not arg.upper().startswith(prefix) or not arg.endswith(">"):
        raise ProtocolError(Reply(501, f"syntax: {prefix}<address>"))
    return arg[len(prefix) + 1:-1].lower()


class Helo(Handler):
    verb = "HELO"

    def handle(self, session: Session, arg: str) -> Reply:
        if not arg:
            return Reply(501, f"{self.verb} needs a domain")
        session.state = State.GREETED
        return Reply(250, f"{session.hostname} greets {arg}")


class Ehlo(Helo):
    verb = "EHLO"

    def handle(self, session: Session, arg: str) -> Reply:
        reply = super().handle(session, arg)
        return reply._replace(text=reply.text + " [8BITMIME SIZE]") if reply.code == 250 else reply


class Mail(Handler):
    verb = "MAIL"

    def handle(self, session: Session, arg: str) -> Reply:
        session.current = Message(address(arg, "FROM:"))
        session.state = State.MAIL
        return Reply(250, f"sender {session.current.sender} ok")


class Rcpt(Handler):
    verb = "RCPT"

    def handle(self, session: Session, arg: str) -> Reply:
        rcpt = address(arg, "TO:")
        user, _, domain = rcpt.partition("@")
        match domain.split("."):
            case [*_, "example", "org"]:
                if session.current is not None:
                    session.current.rcpts.append(user)
                session.state = State.RCPT
                return Reply(250, f"recipient {user} ok")
            case _:
                return Reply(550, f"relay to {domain} denied")


class Data(Handler):
    verb = "DATA"

    def handle(self, session: Session, arg: str) -> Reply:
        session.state = State.DATA
        return Reply(354, "end with <CRLF>.<CRLF>")


class Simple(Handler):
    def __init__(self, verb: str, code: int, text: str) -> None:
        self.verb = verb
        self.code = code
        self.text = text

    def handle(self, session: Session, arg: str) -> Reply:
        if self.verb == "RSET":
            session.current = None
            session.state = State.GREETED if session.state is not State.START else State.START
        elif self.verb == "QUIT":
            session.state = State.CLOSED
        return Reply(self.code, self.text)


def install() -> Registry[Handler]:
    reg: Registry[Handler] = Registry("smtp")
    for h in [Helo(), Ehlo(), Mail(), Rcpt(), Data(), Simple("NOOP", 250, "ok"),
              Simple("RSET", 250, "reset"), Simple("QUIT", 221, "bye"), Handler()]:
        reg.add(h.verb if h.verb != "?" else "VRFY", h)
    return reg
