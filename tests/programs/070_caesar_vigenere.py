"""Caesar and Vigenère ciphers over ASCII letters, with a frequency-based Caesar breaker.

Features: str-index, str-methods, list, dict, comprehension, sorted-min-max, enumerate-zip
"""


def shift_char(c: str, k: int) -> str:
    if "a" <= c <= "z":
        return chr((ord(c) - ord("a") + k) % 26 + ord("a"))
    if "A" <= c <= "Z":
        return chr((ord(c) - ord("A") + k) % 26 + ord("A"))
    return c


def caesar(text: str, k: int) -> str:
    return "".join(shift_char(c, k) for c in text)


def vigenere(text: str, key: str, decrypt: bool = False) -> str:
    out: list[str] = []
    i = 0
    for c in text:
        if c.isalpha():
            k = ord(key[i % len(key)].lower()) - ord("a")
            out.append(shift_char(c, -k if decrypt else k))
            i += 1
        else:
            out.append(c)
    return "".join(out)


def crack(cipher: str) -> int:
    def score(k: int) -> int:
        plain = caesar(cipher, -k).lower()
        return sum(plain.count(c) * w for c, w in zip("etaoinshr", range(9, 0, -1)))
    return max(range(26), key=score)


msg = "Attack at dawn, retreat at dusk! Zebras are Zany."
for k in (1, 3, 13, 25, -1):
    print(f"{k:>3}: {caesar(msg, k)}")
print(caesar(caesar(msg, 13), 13) == msg)
v = vigenere(msg, "Lemon")
print(v)
print(vigenere(v, "Lemon", decrypt=True))
secret = caesar("the rain in spain stays mainly in the plain and then some", 7)
k = crack(secret)
print(f"cracked key {k}: {caesar(secret, -k)}")
print([ord(c) for c in "AZaz"], "".join(chr(n) for n in range(65, 91, 5)))
