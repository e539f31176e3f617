"""Dictionaries: insertion order, update, pop, setdefault, deletion and re-insertion, views.

Features: dict, builtin-exception, try-except, tuple, repr-str
"""

stock: dict[str, int] = {"apples": 12, "pears": 4}
stock["figs"] = 9
stock["apples"] += 3
print(stock)
print(list(stock.keys()), list(stock.values()), list(stock.items()))

del stock["pears"]
stock["pears"] = 1
print("re-inserted goes last:", stock)
stock.update({"kiwis": 20, "apples": 0})
print("after update:", stock)
print(stock.pop("figs"), stock.pop("grapes", -1), stock)
print(stock.get("kiwis"), stock.get("lemons"), stock.get("lemons", 0))
print(stock.setdefault("lemons", 6), stock.setdefault("kiwis", 99), stock)
print("kiwis" in stock, "figs" in stock, len(stock))

try:
    print(stock["durian"])
except KeyError as e:
    print("KeyError:", e)

squares = {n: n * n for n in range(6) if n % 2 == 0}
print(squares, sum(squares.values()))
pairs = dict([("a", 1), ("b", 2)])
pairs |= {"c": 3}
print(pairs, pairs.copy() is not pairs)
inverse = {v: k for k, v in pairs.items()}
print(inverse)
print({1: "x"} == {1: "x"}, {1: "x", 2: "y"} == {2: "y", 1: "x"})

nested: dict[str, dict[str, int]] = {}
for key, sub, n in [("x", "a", 1), ("y", "b", 2), ("x", "c", 3), ("x", "a", 4)]:
    nested.setdefault(key, {})[sub] = n
print(nested)
last = stock.popitem()
print("popitem:", last, stock)
stock.clear()
print(stock, bool(stock), bool(nested))
