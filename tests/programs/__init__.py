"""The differential corpus: programs compiled by pyrage must behave exactly as under CPython."""
