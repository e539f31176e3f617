"""An invoice printed with %-formatting: padding, precision, tax in basis points, dict mappings.

Features: str-format-percent, dict, list, tuple, divmod-pow-round-abs, float
"""

LINES = [("Hosting (monthly)", 3, 4999), ("Domain renewal", 1, 1250), ("Support hours", 7, 8500),
         ("Discount", 1, -2000)]
TAX_BP = 2075  # 20.75 %


def cents(c: int) -> str:
    sign = "-" if c < 0 else ""
    whole, frac = divmod(abs(c), 100)
    return "%s%d.%02d" % (sign, whole, frac)


print("%-20s %3s %10s %11s" % ("description", "qty", "unit", "amount"))
print("%s" % ("-" * 47))
subtotal = 0
for desc, qty, unit in LINES:
    amount = qty * unit
    subtotal += amount
    print("%-20.20s %3d %10s %11s" % (desc, qty, cents(unit), cents(amount)))
tax = (subtotal * TAX_BP + 5000) // 10000
print("%35s %11s" % ("subtotal", cents(subtotal)))
print("%35s %11s" % ("tax %.2f%%" % (TAX_BP / 100), cents(tax)))
print("%35s %11s" % ("TOTAL", cents(subtotal + tax)))
info = {"client": "ACME Corp", "no": 42, "days": 30}
print("Invoice #%(no)05d for %(client)s, due in %(days)d days" % info)
print("%c%c%c %5.1f%% %x %o %e" % (80, 89, 33, 12.345, 3054, 8, 1500.0))
print("%-6s|%6s|%06.2f|%+d|% d" % ("ab", "cd", 3.14159, 5, 5))
print("%s %r %s" % (None, "quoted", [1, "a"]), "%.3s" % "truncate", "%%")
