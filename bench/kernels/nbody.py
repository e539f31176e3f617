"""n-body: the Jovian planets orbiting the Sun (the Computer Language Benchmarks Game's nbody).

Symplectic integration of five bodies for N steps of 0.01 days, printing the system's energy
before and after with nine decimals.
"""

import math
from typing import Final

N: Final = 2_500_000  # the benchmark's size; SMALL_N is the quick one (tests, run.py --quick)
SMALL_N: Final = 1000

PI: Final = 3.141592653589793
SOLAR_MASS: Final = 4 * PI * PI
DAYS_PER_YEAR: Final = 365.24


class Body:
    def __init__(self, x: float, y: float, z: float, vx: float, vy: float, vz: float,
                 mass: float) -> None:
        self.x = x
        self.y = y
        self.z = z
        self.vx = vx * DAYS_PER_YEAR
        self.vy = vy * DAYS_PER_YEAR
        self.vz = vz * DAYS_PER_YEAR
        self.mass = mass * SOLAR_MASS


def solar_system() -> list[Body]:
    return [
        Body(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0),  # the Sun
        Body(4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
             1.66007664274403694e-03, 7.69901118419740425e-03, -6.90460016972063023e-05,
             9.54791938424326609e-04),  # Jupiter
        Body(8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
             -2.76742510726862411e-03, 4.99852801234917238e-03, 2.30417297573763929e-05,
             2.85885980666130812e-04),  # Saturn
        Body(1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
             2.96460137564761618e-03, 2.37847173959480950e-03, -2.96589568540237556e-05,
             4.36624404335156298e-05),  # Uranus
        Body(1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
             2.68067772490389322e-03, 1.62824170038242295e-03, -9.51592254519715870e-05,
             5.15138902046611451e-05),  # Neptune
    ]


def offset_momentum(bodies: list[Body]) -> None:
    """Give the Sun the momentum that makes the system's total zero."""
    px = py = pz = 0.0
    for b in bodies:
        px += b.vx * b.mass
        py += b.vy * b.mass
        pz += b.vz * b.mass
    sun = bodies[0]
    sun.vx = -px / SOLAR_MASS
    sun.vy = -py / SOLAR_MASS
    sun.vz = -pz / SOLAR_MASS


def energy(bodies: list[Body]) -> float:
    e = 0.0
    for i, b in enumerate(bodies):
        e += 0.5 * b.mass * (b.vx * b.vx + b.vy * b.vy + b.vz * b.vz)
        for other in bodies[i + 1:]:
            dx = b.x - other.x
            dy = b.y - other.y
            dz = b.z - other.z
            e -= b.mass * other.mass / math.sqrt(dx * dx + dy * dy + dz * dz)
    return e


def advance(bodies: list[Body], dt: float, steps: int) -> None:
    pairs = [(b, other) for i, b in enumerate(bodies) for other in bodies[i + 1:]]
    for _ in range(steps):
        for b, other in pairs:
            dx = b.x - other.x
            dy = b.y - other.y
            dz = b.z - other.z
            distance2 = dx * dx + dy * dy + dz * dz
            magnitude = dt / (distance2 * math.sqrt(distance2))
            b_mass = b.mass * magnitude
            other_mass = other.mass * magnitude
            b.vx -= dx * other_mass
            b.vy -= dy * other_mass
            b.vz -= dz * other_mass
            other.vx += dx * b_mass
            other.vy += dy * b_mass
            other.vz += dz * b_mass
        for b in bodies:
            b.x += dt * b.vx
            b.y += dt * b.vy
            b.z += dt * b.vz


def main(steps: int) -> None:
    bodies = solar_system()
    offset_momentum(bodies)
    print(f"{energy(bodies):.9f}")
    advance(bodies, 0.01, steps)
    print(f"{energy(bodies):.9f}")


if __name__ == "__main__":
    main(N)
