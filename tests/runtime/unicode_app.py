"""Every Unicode-dependent str operation over every code point, 0 to 0x10FFFF.

tests/runtime/test_unicode.py runs this program under CPython and compiled (unix): the output,
one line of digests per block of 4096 code points, must be the same. Lone surrogates are code
points too (CPython's str holds them; none is ever printed).

Per chunk of 64 consecutive code points: the case mappings of the chunk as one str (so Σ, title()
and capitalize() see neighbours; capitalize() again from its second code point) and of its code
points one by one (title() and lower() of each after a space), and repr() of the chunk. Per code
point: every predicate, alone and in the contexts that decide isupper/islower/istitle; the Cased
and Case_Ignorable properties as title() and lower()'s final sigma use them; whitespace as
split() and strip() see it; int(), float() and format widths of decimal digits and whitespace;
and, for every 61st code point, int()'s and float()'s ValueError messages (a repr() inside).
"""

PRIME = (1 << 40) - 87  # digests are polynomial hashes modulo this prime: they stay in 64 bits
BLOCK = 0x1000
CHUNK = 64
NAMES = ["upper", "lower", "casefold", "swapcase", "title", "capitalize", "capitalize1", "title1",
         "lower1", "repr", "numbers", "is"]


def mix(h: int, s: str) -> int:
    for c in s:
        h = (h * 1000003 + ord(c)) % PRIME
    return (h * 1000003 + 0x110000) % PRIME  # where a str ends


def mixint(h: int, v: int) -> int:
    return (h * 1000003 + v) % PRIME


def predicates(ch: str) -> int:
    bits = 0
    if ch.isalpha():
        bits |= 1
    if ch.isdecimal():
        bits |= 2
    if ch.isdigit():
        bits |= 4
    if ch.isnumeric():
        bits |= 8
    if ch.isalnum():
        bits |= 0x10
    if ch.isspace():
        bits |= 0x20
    if ch.isupper():
        bits |= 0x40
    if ch.islower():
        bits |= 0x80
    if ch.istitle():
        bits |= 0x100
    if ch.isprintable():
        bits |= 0x200
    if ch.isidentifier():
        bits |= 0x400
    if ("a" + ch).isidentifier():
        bits |= 0x800
    if ch.isascii():
        bits |= 0x1000
    if ("A" + ch).istitle():
        bits |= 0x2000
    if (ch + "a").istitle():
        bits |= 0x4000
    if (ch + "A").isupper():
        bits |= 0x8000
    if (ch + "a").islower():
        bits |= 0x10000
    if (ch + "a").title()[-1] == "a":  # Cased
        bits |= 0x20000
    if ("A" + ch + "\u03a3").lower()[-1] == "\u03c2":  # Case_Ignorable, before a final sigma
        bits |= 0x40000
    if ("A\u03a3" + ch).lower()[1] == "\u03c2":  # ... and after one
        bits |= 0x80000
    if len(("a" + ch + "b").split()) == 2:
        bits |= 0x100000
    if len(("a" + ch + "b").rsplit()) == 2:
        bits |= 0x200000
    if (ch + "a" + ch).strip() == "a":
        bits |= 0x400000
    return bits


def numbers(h: int, ch: str, cp: int) -> int:
    """int(), float() and format widths of decimal digits and whitespace."""
    if ch.isdecimal():
        value = int(ch)
        h = mixint(h, value)
        h = mixint(h, int("1" + ch + "_" + ch, 16))
        h = mix(h, str(float(ch + "." + ch)))
        if value > 0:
            h = mix(h, f"{'x':>{ch}}")
    if ch.isspace():
        try:
            h = mixint(h, int(ch + "7" + ch))
        except ValueError as e:
            h = mix(h, str(e))
        try:
            h = mix(h, str(float(ch + "2.5" + ch)))
        except ValueError as e:
            h = mix(h, str(e))
    if cp % 61 == 0:
        try:
            h = mixint(h, int("1" + ch))
        except ValueError as e:
            h = mix(h, str(e))
        try:
            h = mix(h, str(float("2" + ch)))
        except ValueError as e:
            h = mix(h, str(e))
    return h


def block(start: int) -> str:
    upper = lower = casefold = swapcase = title = capitalize = capitalize1 = title1 = lower1 = 0
    reprs = nums = preds = 0
    for a in range(start, start + BLOCK, CHUNK):
        chars = [chr(cp) for cp in range(a, a + CHUNK)]
        text = "".join(chars)
        spaced = " ".join(chars)
        upper = mix(upper, text.upper())
        lower = mix(lower, text.lower())
        casefold = mix(casefold, text.casefold())
        swapcase = mix(swapcase, text.swapcase())
        title = mix(title, text.title())
        capitalize = mix(capitalize, text.capitalize())
        capitalize1 = mix(capitalize1, (text[1:] + text[0]).capitalize())
        title1 = mix(title1, spaced.title())
        lower1 = mix(lower1, spaced.lower())
        reprs = mix(reprs, repr(text))
        for i in range(CHUNK):
            ch = chars[i]
            preds = mixint(preds, predicates(ch))
            nums = numbers(nums, ch, a + i)
    values = [upper, lower, casefold, swapcase, title, capitalize, capitalize1, title1, lower1,
              reprs, nums, preds]
    return f"{start:06x} " + " ".join(f"{NAMES[i]}={values[i]:010x}" for i in range(len(NAMES)))


def main() -> None:
    for start in range(0, 0x110000, BLOCK):
        print(block(start))


main()
