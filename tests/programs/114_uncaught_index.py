"""A queue of print jobs processed by index; an off-by-one at the end raises IndexError (exit 1).

Features: uncaught, builtin-exception, list, enumerate-zip, fstring
"""

jobs = ["report.pdf", "photo.png", "notes.txt", "slides.key"]
pages = [12, 1, 3, 40]
printed: list[str] = []

for i, (job, n) in enumerate(zip(jobs, pages)):
    printed.append(job)
    print(f"job {i}: {job:<12} {n:>3} pages")

total = sum(pages)
print("total pages:", total, "longest:", jobs[pages.index(max(pages))])
print("last printed:", printed[-1], "first:", printed[0])
i = 0
while i <= len(jobs):
    print("re-check", jobs[i])
    i += 1
print("not reached")
