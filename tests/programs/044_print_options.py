"""print with sep, end, several arguments, no arguments, and file=sys.stderr (not compared).

Features: print-options, list, str-methods, fstring
"""

import sys

print("a", "b", "c")
print("a", "b", "c", sep="")
print("a", "b", "c", sep=", ")
print("x", 1, 2.5, None, True, [1], sep=" | ")
print("no newline", end="")
print(" -- continued", end="!\n")
print()
print("progress: ", end="")
for i in range(5):
    print(i, end="," if i < 4 else "\n")
print("to stderr, never compared", file=sys.stderr)
print("warning:", 42, sep=" ", end="\n", file=sys.stderr)
print(*["unpacked", "list"], sep="-")
print(*range(3))
print("", "leading sep", sep="*")
print("multi\nline\n", end="")
print("tab\tseparated", "end", sep="\t")
rows = [("id", "name"), (1, "ada"), (22, "grace")]
for a, b in rows:
    print(str(a).rjust(4), b, sep=" : ")
print("done", sep="IGNORED")
print(end="")
print("unicode: é ö ✓", sep="")
print("%d%%" % 50, f"{'braces'}: {{}}", sep="\n")
print("written", "last", sep=" ", end=" line\n")
print("flushed", flush=True)
