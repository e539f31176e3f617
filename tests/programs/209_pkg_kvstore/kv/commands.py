"""Command dispatch: names mapped to bound methods, with arity checks and error replies."""

from collections.abc import Callable

from .resp import Reply
from .store import Store, WrongType


class Dispatcher:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.counts: dict[str, int] = {}
        self.table: dict[str, tuple[int, Callable[[list[str]], Reply]]] = {
            "PING": (0, self.ping), "GET": (1, self.get), "SET": (2, self.set),
            "INCR": (1, lambda a: self.store.incr(a[0], 1)),
            "INCRBY": (2, lambda a: self.store.incr(a[0], int(a[1]))),
            "RPUSH": (-2, lambda a: self.store.push(a[0], a[1:])),
            "LRANGE": (1, self.lrange), "EXPIRE": (2, self.expire), "KEYS": (0, self.keys),
        }

    def ping(self, args: list[str]) -> Reply:
        return "PONG"

    def get(self, args: list[str]) -> Reply:
        v = self.store.get(args[0])
        match v:
            case None:
                return None
            case int(n):
                return str(n).encode()
            case bytes(b):
                return b
            case _:
                return "ERR WRONGTYPE"

    def set(self, args: list[str]) -> Reply:
        self.store.set(args[0], args[1].encode())
        return "OK"

    def lrange(self, args: list[str]) -> Reply:
        v = self.store.get(args[0])
        return list(v) if isinstance(v, list) else []

    def expire(self, args: list[str]) -> Reply:
        if args[0] not in self.store.data:
            return 0
        self.store.expires[args[0]] = self.store.now + int(args[1])
        return 1

    def keys(self, args: list[str]) -> Reply:
        return sorted(self.store.data)

    def execute(self, cmd: list[str]) -> Reply:
        name, args = cmd[0].upper(), cmd[1:]
        entry = self.table.get(name)
        if entry is None:
            return f"ERR unknown command '{cmd[0]}'"
        arity, fn = entry
        if (arity >= 0 and len(args) != arity) or len(args) < abs(arity):
            return f"ERR wrong number of arguments for '{name.lower()}'"
        self.counts[name] = self.counts.get(name, 0) + 1
        try:
            return fn(args)
        except WrongType as e:
            return f"ERR {e}"
        except ValueError:
            return "ERR value is not an integer"
