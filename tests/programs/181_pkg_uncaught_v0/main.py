"""A meter-reading importer across two modules; the fourth record holds a malformed number and
the ValueError raised by int() inside parse.py is never caught (exit status 1).

Features: modules, uncaught, builtin-exception, str-methods, int, class, fstring
"""

from meter import Meter
from parse import field, reading

RECORDS = "kitchen:1200|garage:340|attic:75|cellar:1O5|porch:20"

m = Meter("house")
for i in range(5):
    record = field(RECORDS, i)
    print(f"record {i}: {record}")
    m.add(reading(record))
    print(f"  running total {m.total} Wh over {m.count} rooms, peak {m.peak}")
print("total:", m)
