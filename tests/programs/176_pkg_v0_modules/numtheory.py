"""Number theory helpers."""


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


def divisor_sum(n: int) -> int:
    total = 1
    d = 2
    while d * d <= n:
        if n % d == 0:
            total += d
            if d * d != n:
                total += n // d
        d += 1
    return total


def perfect_below(limit: int) -> str:
    out = ""
    for n in range(2, limit):
        if divisor_sum(n) == n:
            out += str(n) + " "
    return out


def digit_sum(n: int, base: int = 10) -> int:
    total = 0
    while n > 0:
        total += n % base
        n //= base
    return total
