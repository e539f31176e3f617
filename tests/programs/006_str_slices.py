"""String indexing and slicing with steps, negative indices, len and membership.

Features: str-index, fstring, list
"""

s = "The quick brown fox"
print(s[0], s[4], s[-1], s[-3])
print(repr(s[4:9]), repr(s[:3]), repr(s[16:]), repr(s[-3:]))
print(repr(s[::-1]))
print(repr(s[::2]), repr(s[1::2]))
print(repr(s[10:3:-1]), repr(s[-1:-8:-3]), repr(s[100:]), repr(s[5:2]))
print(len(s), len(s[::3]), len(""), len("héllo wörld"))

w = "héllo wörld"
print(w[1], w[7], w[::-1], w[1:8:2])


def is_palindrome(t: str) -> bool:
    cleaned = "".join(c for c in t.lower() if c.isalnum())
    return cleaned == cleaned[::-1]


for phrase in ["A man, a plan, a canal: Panama", "hello", "Was it a car or a cat I saw", ""]:
    print(f"{phrase!r:34} palindrome={is_palindrome(phrase)}")

print("quick" in s, "slow" in s, "" in s, "Q" in s)
words = s.split()
print([wd[::-1] for wd in words])
print([wd[1:-1] for wd in words])
rot = [s[i:] + s[:i] for i in range(0, 8, 3)]
print(rot)
print(s[-100:3], s[3:-100] == "")
