"""An SMTP-like session server as a package: a generic Registry[T] module, one handler class
per verb (sharing a base class, class-level verbs, super().handle), a session state Enum and
replies as NamedTuples; a scripted conversation is replayed line by line.

Features: packages, modules, generic-class, enum, namedtuple, inheritance, static-classmethod, match, dict, list, optional, fstring, str-methods, user-exception, try-except
"""

from smtp.handlers import install
from smtp.registry import Registry
from smtp.session import Session, State

handlers = install()
print("commands:", handlers.names(), len(handlers))
session = Session(handlers, "mx.example.org")
SCRIPT = [
    "EHLO client.example.net", "MAIL FROM:<ada@example.net>", "RCPT TO:<bob@example.org>",
    "RCPT TO:<eve@elsewhere.com>", "RCPT TO:<carol@example.org>", "DATA", "Subject: hi",
    "", "hello bob", "..leading dot", ".", "NOOP", "RCPT TO:<x@example.org>", "VRFY bob",
    "mail from:<grace@example.net>", "RSET", "DATA", "HELO", "QUIT", "NOOP",
]
for line in SCRIPT:
    reply = session.feed(line)
    if reply is not None:
        print(f"C: {line:<30} S: {reply.code} {reply.text}")
    else:
        print(f"C: {line:<30}    (buffered, {len(session.body)} lines)")
print(session.state, session.state.name, [m.rcpts for m in session.delivered])
print(session.delivered[0].body if session.delivered else None)
print(sorted(session.stats.items()))
scratch: Registry[int] = Registry("ints")
scratch.add("one", 1)
scratch.add("two", 2)
print(scratch.get("two"), scratch.get("three"), scratch, State.DATA.accepts("DATA"))
try:
    scratch.add("one", 11)
except KeyError as e:
    print("KeyError:", e)
