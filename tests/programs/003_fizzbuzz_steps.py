"""FizzBuzz over ranges with positive and negative steps, printed in aligned columns.

Features: range-step, str-methods, fstring, print-options
"""


def fizz(n: int, a: int = 3, b: int = 5) -> str:
    out = ""
    if n % a == 0:
        out += "Fizz"
    if n % b == 0:
        out += "Buzz"
    if out == "":
        out = str(n)
    return out


row = ""
for i in range(1, 16):
    row += f"{fizz(i):>9}"
    if i % 5 == 0:
        print(row)
        row = ""

print("down by threes:", end=" ")
for i in range(30, 0, -3):
    print(fizz(i), end=" ")
print()

print("sevens/elevens:", end="")
for i in range(70, 80):
    print(" " + fizz(i, a=7, b=11), end="")
print("")

total = 0
for i in range(100, -1, -7):
    if fizz(i) == "FizzBuzz":
        total += i
print("sum of FizzBuzz in range(100, -1, -7):", total)
print(fizz(15), fizz(-15), fizz(0), sep=" | ")
for i in range(-10, 11, 5):
    print(f"[{fizz(i):^10}]")
