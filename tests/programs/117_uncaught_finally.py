"""Resource cleanup with finally: a transaction fails mid-way, cleanup runs, and the error escapes
to the top level (exit status 1).

Features: uncaught, try-except, builtin-exception, class, dict, list
"""


class Connection:
    def __init__(self, name: str) -> None:
        self.name = name
        self.open = True
        self.pending: list[str] = []

    def execute(self, stmt: str, table: dict[str, int]) -> None:
        op, key, value = stmt.split()
        if op == "set":
            table[key] = int(value)
        elif op == "add":
            table[key] += int(value)
        else:
            raise ValueError(f"unknown op {op}")
        self.pending.append(stmt)

    def close(self) -> None:
        print(f"closing {self.name} with {len(self.pending)} pending statements")
        self.open = False


def transaction(stmts: list[str], table: dict[str, int]) -> None:
    conn = Connection("db")
    snapshot = dict(table)
    try:
        for s in stmts:
            conn.execute(s, table)
        print("commit", conn.pending)
    except (KeyError, ValueError) as e:
        table.clear()
        table.update(snapshot)
        print("rollback after", type(e).__name__)
        raise
    finally:
        conn.close()


data = {"a": 1}
transaction(["set b 2", "add a 10"], data)
print(data)
try:
    transaction(["add a 1", "mul a 2"], data)
except ValueError as e:
    print("caught:", e)
print(data)
transaction(["set c 3", "add zz 1"], data)
print("never printed", data)
