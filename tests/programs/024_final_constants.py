"""Final module constants used to configure a tiny rate limiter simulation.

Features: final, module-constants, class, int, fstring
"""

from typing import Final

CAPACITY: Final = 5
REFILL_EVERY: Final[int] = 3
NAME: Final[str] = "token-bucket"
VERBOSE: Final = True
LIMITS: Final[tuple[int, ...]] = (1, 2, 4)


class Bucket:
    def __init__(self) -> None:
        self.tokens = CAPACITY
        self.denied = 0

    def tick(self, t: int) -> None:
        if t % REFILL_EVERY == 0 and self.tokens < CAPACITY:
            self.tokens += 1

    def take(self, n: int) -> bool:
        if self.tokens >= n:
            self.tokens -= n
            return True
        self.denied += 1
        return False


print(f"{NAME}: capacity {CAPACITY}, refill every {REFILL_EVERY} ticks")
bucket = Bucket()
granted = 0
for t in range(1, 25):
    bucket.tick(t)
    want = LIMITS[t % len(LIMITS)]
    if bucket.take(want):
        granted += want
        if VERBOSE and t % 4 == 0:
            print(f"t={t:2} took {want}, {bucket.tokens} left")
    elif VERBOSE:
        print(f"t={t:2} denied {want}")
print(f"granted {granted}, denied {bucket.denied}, left {bucket.tokens}")
print(CAPACITY * REFILL_EVERY, NAME.upper(), LIMITS[-1] << CAPACITY)
