"""Several plain modules used through `import m`, `import m as alias` and `from m import f`:
number theory helpers, text helpers and Final settings.

Features: modules, module-constants, final, int, fstring, default-kwargs
"""

import numtheory
import textutil as tu
from settings import LIMIT, TITLE, WIDTH
from numtheory import is_prime

print(tu.banner(TITLE, WIDTH))
count = 0
line = ""
for n in range(2, LIMIT):
    if is_prime(n):
        count += 1
        line += tu.pad(str(n), 4)
        if count % 10 == 0:
            print(line)
            line = ""
if line != "":
    print(line)
print(f"{count} primes below {LIMIT}")
print("perfect numbers:", numtheory.perfect_below(10000))
print("digit sums:", numtheory.digit_sum(987654321), numtheory.digit_sum(2 ** 60, base=16))
print(tu.banner("done", WIDTH, fill="-"))
