"""A Redis-like key-value server as a package: a RESP protocol codec module, a store with
expiring keys and typed values, and a command dispatcher mapping names to bound methods;
a pipelined byte stream is parsed, executed and answered.

Features: packages, modules, bytes, bytearray, dict, list, union-isinstance, optional, callable, user-exception, try-except, match, fstring, str-methods
"""

from kv.commands import Dispatcher
from kv.resp import ProtocolError, encode, parse_stream
from kv.store import Store

store = Store()
disp = Dispatcher(store)
stream = (b"*3\r\n$3\r\nSET\r\n$4\r\nuser\r\n$3\r\nada\r\n"
          b"*2\r\n$3\r\nGET\r\n$4\r\nuser\r\n"
          b"*3\r\n$6\r\nINCRBY\r\n$4\r\nhits\r\n$2\r\n10\r\n"
          b"*2\r\n$4\r\nINCR\r\n$4\r\nhits\r\n"
          b"*4\r\n$5\r\nRPUSH\r\n$1\r\nq\r\n$1\r\na\r\n$1\r\nb\r\n"
          b"*2\r\n$4\r\nINCR\r\n$4\r\nuser\r\n"
          b"*3\r\n$6\r\nEXPIRE\r\n$4\r\nuser\r\n$1\r\n2\r\n"
          b"*1\r\n$4\r\nKEYS\r\n"
          b"*1\r\n$4\r\nPING\r\n"
          b"*2\r\n$5\r\nBOGUS\r\n$1\r\nx\r\n"
          b"*2\r\n$3\r\nGET\r\n$4\r\nnone\r\n")
commands, rest = parse_stream(stream)
print(len(commands), "commands,", len(rest), "bytes left")
out = bytearray()
for cmd in commands:
    reply = disp.execute(cmd)
    out += encode(reply)
    print(f"{' '.join(cmd):<26} -> {reply!r}")
print(bytes(out[:60]))
store.tick(3)
print(disp.execute(["GET", "user"]), disp.execute(["KEYS"]), disp.execute(["LRANGE", "q"]))
partial = b"*2\r\n$3\r\nGET\r\n$4\r\nhi"
print(parse_stream(partial))
for bad in [b"+OK\r\n", b"*1\r\n:5\r\n", b"*x\r\n"]:
    try:
        parse_stream(bad)
    except ProtocolError as e:
        print("ProtocolError:", e)
print(sorted(disp.counts.items()), store.expired)
