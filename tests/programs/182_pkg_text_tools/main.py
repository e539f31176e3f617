"""Text tools in a package: tokenizing, statistics and formatting modules, combined into a
readability report for a few paragraphs.

Features: packages, modules, str-methods, dict, list, sorted-min-max, float, fstring
"""

from text import format as fmt
from text.stats import Stats, analyze
from text.tokenize import sentences, words

DOCS = {
    "short": "The cat sat. The dog ran! Did the bird fly?",
    "long": ("Typed Python programs, once checked, can be compiled ahead of time into native "
             "images; the images boot directly on a hypervisor, with no operating system "
             "underneath them, and they print exactly what the interpreter would print."),
    "mixed": "Go. Stop. Wait for it... now go again, faster this time!",
}
reports: list[Stats] = []
for name, doc in DOCS.items():
    st = analyze(name, doc)
    reports.append(st)
    print(fmt.report_line(st))
print(fmt.rule())
print("longest words:", fmt.listing(sorted({w for d in DOCS.values() for w in words(d)},
                                            key=lambda w: (-len(w), w))[:4]))
print("sentences in 'mixed':", sentences(DOCS["mixed"]))
easiest = min(reports, key=lambda s: s.words_per_sentence)
print(f"easiest: {easiest.name} ({easiest.words_per_sentence:.2f} words per sentence)")
print(fmt.histogram({st.name: st.words for st in reports}))
