"""typing.NamedTuple records: fields, defaults, indexing, unpacking, _replace, sorting, methods.

Features: namedtuple, tuple, sorted-min-max, repr-str, dict, fstring
"""

from typing import NamedTuple


class Point(NamedTuple):
    x: int
    y: int

    def manhattan(self) -> int:
        return abs(self.x) + abs(self.y)


class Employee(NamedTuple):
    name: str
    dept: str
    salary: int = 30000


p = Point(3, -4)
print(p, p.x, p[1], len(p), p.manhattan())
x, y = p
print(x, y, p == Point(3, -4), p == (3, -4), p < Point(3, 0))
q = p._replace(y=10)
print(q, p, q._asdict())
print(Point._fields, Employee("x", "y").salary)

staff = [
    Employee("Ravi", "eng", 52000),
    Employee("Lena", "ops"),
    Employee("Omar", "eng", 61000),
    Employee("Iris", "ops", 38000),
    Employee(name="Tao", dept="sales", salary=45000),
]
for e in sorted(staff, key=lambda e: (e.dept, -e.salary)):
    print(f"{e.dept:<6}{e.name:<6}{e.salary:>7,}")

by_dept: dict[str, list[Employee]] = {}
for e in staff:
    by_dept.setdefault(e.dept, []).append(e)
for dept, members in by_dept.items():
    total = sum(m.salary for m in members)
    print(dept, len(members), total // len(members))
print(max(staff, key=lambda e: e.salary).name, sorted(Point(x, y) for x, y in [(2, 1), (1, 5)]))
print(repr(Employee("Al", "x")), tuple(q), list(p), {p: "here"}[Point(3, -4)])
