"""An HTTP path router: routes compiled from "/users/{id}" templates, handlers are bound
methods of controller objects stored in a list, path parameters matched with sequence patterns.

Features: callable, match, class, list, dict, optional, str-methods, tuple, fstring, inheritance, static-classmethod
"""

from collections.abc import Callable
from typing import Optional

Params = dict[str, str]
Handler = Callable[[Params], str]


class Route:
    def __init__(self, method: str, template: str, handler: Handler) -> None:
        self.method = method
        self.parts = [p for p in template.split("/") if p]
        self.handler = handler
        self.hits = 0

    def match(self, method: str, parts: list[str]) -> Optional[Params]:
        if method != self.method or len(parts) != len(self.parts):
            return None
        params: Params = {}
        for pat, got in zip(self.parts, parts):
            if pat.startswith("{") and pat.endswith("}"):
                params[pat[1:-1]] = got
            elif pat != got:
                return None
        return params


class Controller:
    prefix = "base"

    def __init__(self) -> None:
        self.calls = 0

    def tag(self, text: str) -> str:
        self.calls += 1
        return f"[{self.prefix}] {text}"


class Users(Controller):
    prefix = "users"

    def __init__(self) -> None:
        super().__init__()
        self.db = {"1": "ada", "2": "linus"}

    def show(self, p: Params) -> str:
        name = self.db.get(p["id"])
        return self.tag(f"user {name}" if name else f"no user {p['id']}")

    def index(self, p: Params) -> str:
        return self.tag(", ".join(sorted(self.db.values())))

    def create(self, p: Params) -> str:
        new_id = str(len(self.db) + 1)
        self.db[new_id] = p.get("name", "anon")
        return self.tag(f"created {new_id}")


class Files(Controller):
    prefix = "files"

    def get(self, p: Params) -> str:
        match p["path"].rsplit(".", 1):
            case [stem, "txt" | "md"]:
                return self.tag(f"text {stem}")
            case [stem, ext]:
                return self.tag(f"binary {stem} ({ext})")
            case _:
                return self.tag("no extension")


class Router:
    def __init__(self) -> None:
        self.routes: list[Route] = []

    def add(self, method: str, template: str, handler: Handler) -> None:
        self.routes.append(Route(method, template, handler))

    def dispatch(self, method: str, url: str) -> str:
        path, _, query = url.partition("?")
        parts = [p for p in path.split("/") if p]
        for r in self.routes:
            params = r.match(method, parts)
            if params is not None:
                for pair in query.split("&") if query else []:
                    k, _, v = pair.partition("=")
                    params.setdefault(k, v)
                r.hits += 1
                return r.handler(params)
        return f"404 {method} /{'/'.join(parts)}"


users, files = Users(), Files()
router = Router()
router.add("GET", "/users", users.index)
router.add("GET", "/users/{id}", users.show)
router.add("POST", "/users", users.create)
router.add("GET", "/files/{path}", files.get)
router.add("GET", "/", lambda p: "home")
for method, url in [("GET", "/"), ("GET", "/users"), ("GET", "/users/2"), ("GET", "/users/9"),
                    ("POST", "/users?name=grace"), ("GET", "/users/3/"), ("GET", "/users"),
                    ("GET", "/files/notes.md"), ("GET", "/files/a.tar.gz"), ("GET", "/files/Makefile"),
                    ("DELETE", "/users/1"), ("GET", "//users//1")]:
    print(f"{method:<6} {url:<20} -> {router.dispatch(method, url)}")
print([(r.method, "/".join(r.parts), r.hits) for r in router.routes])
print(users.calls, files.calls, Controller.prefix, Users.prefix, users.prefix)
