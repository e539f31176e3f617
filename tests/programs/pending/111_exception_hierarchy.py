"""An HTTP-ish error hierarchy: handler order, `raise ... from`, __cause__, and exception fields.

Features: user-exception, inheritance, try-except, isinstance, type-name, dict, optional
"""

from typing import Optional


class HttpError(Exception):
    status = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ClientError(HttpError):
    status = 400


class NotFound(ClientError):
    status = 404


class Forbidden(ClientError):
    status = 403


ROUTES = {"/": "home", "/about": "about us", "/admin": "secret"}


def handle(path: str, user: Optional[str]) -> str:
    try:
        page = ROUTES[path]
    except KeyError as e:
        raise NotFound(f"no route {path}") from e
    if path == "/admin" and user != "root":
        raise Forbidden(f"{user or 'anonymous'} may not see {path}")
    if path == "/about" and user == "crash":
        raise HttpError("template failed")
    return page


for path, user in [("/", None), ("/missing", "ann"), ("/admin", "ann"), ("/admin", "root"),
                   ("/admin", None), ("/about", "crash")]:
    try:
        body = handle(path, user)
        print(f"200 {path}: {body}")
    except NotFound as e:
        cause = type(e.__cause__).__name__ if e.__cause__ else None
        print(f"{e.status} {path}: {e} (cause {cause})")
    except ClientError as e:
        print(f"{e.status} {path}: client error {type(e).__name__}: {e.detail}")
    except HttpError as e:
        print(f"{e.status} {path}: server error: {e}")
errors = [NotFound("a"), Forbidden("b"), HttpError("c"), ClientError("d")]
print([(type(e).__name__, e.status, isinstance(e, ClientError)) for e in errors])
print(NotFound.status, HttpError.status, NotFound("x").__cause__)
