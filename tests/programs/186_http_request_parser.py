"""Parsing HTTP/1.1 requests from raw bytes: request line, case-insensitive headers, a
Content-Length body, and an exception hierarchy mapped to status codes with match.

Features: bytes, str-methods, dict, user-exception, try-except, match, class, inheritance, fstring, optional
"""

from typing import Optional


class HttpError(Exception):
    status = 400


class BadRequestLine(HttpError):
    pass


class HeaderTooLong(HttpError):
    status = 431


class UnsupportedMethod(HttpError):
    status = 405


class Request:
    def __init__(self, method: str, target: str, version: str) -> None:
        self.method = method
        self.target = target
        self.version = version
        self.headers: dict[str, str] = {}
        self.body = b""

    def header(self, name: str) -> Optional[str]:
        return self.headers.get(name.lower())

    def __repr__(self) -> str:
        return f"<{self.method} {self.target} {self.version} h={len(self.headers)} b={len(self.body)}>"


METHODS = ("GET", "HEAD", "POST", "PUT", "DELETE")


def parse(raw: bytes) -> Request:
    head, sep, rest = raw.partition(b"\r\n\r\n")
    if not sep:
        raise BadRequestLine("no header terminator")
    lines = head.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise BadRequestLine(f"bad request line {lines[0]!r}")
    method, target, version = parts
    if method not in METHODS:
        raise UnsupportedMethod(method)
    req = Request(method, target, version)
    for line in lines[1:]:
        if len(line) > 40:
            raise HeaderTooLong(line[:12] + "...")
        name, colon, value = line.partition(":")
        if not colon:
            raise BadRequestLine(f"header without colon: {line!r}")
        req.headers[name.strip().lower()] = value.strip()
    length = req.header("Content-Length")
    if length is not None:
        req.body = rest[: int(length)]
    return req


def respond(raw: bytes) -> str:
    try:
        req = parse(raw)
    except HttpError as e:
        return f"{e.status} {type(e).__name__}: {e}"
    except ValueError as e:
        return f"400 ValueError: {e}"
    match req.method, req.target.split("/")[1:]:
        case "GET", ["health"]:
            return "200 ok"
        case "GET" | "HEAD", ["files", name]:
            return f"200 file {name} (host={req.header('host') or '-'})"
        case "POST", ["echo"]:
            return f"200 echo {req.body.upper()!r}"
        case "DELETE", ["files", *names]:
            return f"202 delete {len(names)}: {','.join(names)}"
        case method, path:
            return f"404 {method} {'/'.join(path)!r}"


REQUESTS = [
    b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /files/readme.txt HTTP/1.1\r\nHOST: example.org\r\nAccept: */*\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello world",
    b"DELETE /files/a/b/c HTTP/1.0\r\n\r\n",
    b"PATCH /x HTTP/1.1\r\n\r\n",
    b"GET /health\r\n\r\n",
    b"GET / HTTP/1.1\r\nX-Very-Long-Header-Name: " + b"v" * 30 + b"\r\n\r\n",
    b"GET / HTTP/1.1\r\nbroken\r\n\r\n",
    b"POST /echo HTTP/1.1\r\nContent-Length: five\r\n\r\nhello",
    b"GET /nothing/here HTTP/1.1\r\n\r\n",
    b"GET /partial HTTP/1.1\r\n",
]
for raw in REQUESTS:
    print(f"{raw[:24]!r:<32} => {respond(raw)}")
r = parse(REQUESTS[1])
print(r, sorted(r.headers), r.header("accept"), r.header("cookie"))
print([HttpError.status, BadRequestLine.status, HeaderTooLong.status, UnsupportedMethod.status])
