"""Final constants of several types drive an HTTP status table and a retry policy.

Features: final, module-constants, dict, tuple, str-methods, fstring, range-step
"""

from typing import Final

VERSION: Final = "1.1"
MAX_RETRIES: Final = 4
BASE_DELAY_MS: Final[int] = 125
BACKOFF: Final = 2
JITTER_PCT: Final = 10
REASONS: Final[dict[int, str]] = {200: "OK", 301: "Moved Permanently", 404: "Not Found",
                                  429: "Too Many Requests", 503: "Service Unavailable"}
RETRYABLE: Final = frozenset({429, 503})
HEADER_ORDER: Final[tuple[str, ...]] = ("Date", "Server", "Content-Length")


def status_line(code: int) -> str:
    return f"HTTP/{VERSION} {code} {REASONS.get(code, 'Unknown')}"


def delays(code: int) -> list[int]:
    if code not in RETRYABLE:
        return []
    out = []
    d = BASE_DELAY_MS
    for attempt in range(MAX_RETRIES):
        jitter = d * JITTER_PCT // 100 * (1 if attempt % 2 == 0 else -1)
        out.append(d + jitter)
        d *= BACKOFF
    return out


for code in sorted(REASONS) + [418]:
    print(f"{status_line(code):<40} retry delays: {delays(code)}")
headers = {"Content-Length": "42", "Server": "pyrage", "Date": "today", "X-Extra": "1"}
for name in HEADER_ORDER:
    print(f"{name}: {headers[name]}")
print(sorted(RETRYABLE), MAX_RETRIES * BASE_DELAY_MS, VERSION.split("."))
print(sum(delays(503)), max(delays(429), default=0), len(HEADER_ORDER))
