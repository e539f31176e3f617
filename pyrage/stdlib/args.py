"""Boot arguments: `--name=value` or `--name value`, `--flag`, and `--help`.

The generated main.py declares each argument config.py lists, then calls finish(). A bad
argument stops the unikernel before any device starts, with a message that names it and exit
status 2 (the convention for usage errors); `--help` prints every argument and exits 0.

Arguments are looked up by scanning argv, which is short. An integer out of the 64-bit range
is a usage error too (exit 2, naming it), checked on the text before int() would overflow.
"""

from __future__ import annotations

from typing import NoReturn

from pyrage.stdlib import platform

USAGE_ERROR = 2


class BootArgs:
    """The boot arguments of one unikernel, declared one by one."""

    def __init__(self, program: str) -> None:
        self.program = program
        self.known = "|help|"  # every declared name between bars, for finish()
        self.valued = "|"  # the names that take a value (all but flags)
        self.usage = ""

    def string(self, name: str, default: str, doc: str) -> str:
        """The value of --name, or default."""
        self.declare(name, f"--{name}=STR", f"{doc} (default: {default})", True)
        index = self.find(name)
        if index < 0:
            return default
        return self.value_at(index, name)

    def integer(self, name: str, default: int, doc: str) -> int:
        """The value of --name as an int, or default."""
        self.declare(name, f"--{name}=INT", f"{doc} (default: {default})", True)
        index = self.find(name)
        if index < 0:
            return default
        text = self.value_at(index, name)
        if not is_int(text):
            self.fail(f"--{name} needs an integer, not {text!r}")
        if not fits_int64(text):  # int() would stop a native image with an overflow
            self.fail(f"--{name}: {text} is out of range (boot integers are 64-bit: "
                      "-9223372036854775808 to 9223372036854775807)")
        return int(text)

    def flag(self, name: str, default: bool, doc: str) -> bool:
        """True if --name is given, False for --name=false, else default."""
        self.declare(name, f"--{name}[=false]", f"{doc} (default: {default})", False)
        index = self.find(name)
        if index < 0:
            return default
        arg = platform.argv(index)
        if arg == "--" + name:
            return True
        value = arg[len(name) + 3:]
        if value == "true":
            return True
        if value == "false":
            return False
        self.fail(f"--{name} is a flag: give --{name}, --{name}=true or --{name}=false")

    def finish(self) -> None:
        """Reject unknown arguments; print the usage and exit for --help."""
        i = 1
        while i < platform.argc():
            arg = platform.argv(i)
            if not arg.startswith("--") or arg == "--":
                self.fail(f"unexpected boot argument {arg!r} (arguments look like --name=value)")
            name = arg_name(arg)
            if not ("|" + name + "|") in self.known:
                self.fail(f"unknown boot argument --{name}{self.did_you_mean(name)}")
            if name == "help":
                platform.console_write(self.help_text().encode())
                platform.exit(0)
            if arg.find("=") < 0 and self.takes_value(name):
                i += 1  # --name value: skip the value
            i += 1

    # --- helpers -------------------------------------------------------------------------------

    def declare(self, name: str, form: str, doc: str, takes_value: bool) -> None:
        self.known = self.known + name + "|"
        if takes_value:
            self.valued = self.valued + name + "|"
        self.usage = self.usage + "  " + form.ljust(24) + f" {doc}\n"

    def did_you_mean(self, name: str) -> str:
        """" (did you mean --interval-ms?)" for --interval_ms, else the pointer to --help.
        (No case folding: str.lower() would link the Unicode tables into every image.)"""
        near = name.replace("_", "-")
        if near != name and ("|" + near + "|") in self.known:
            return f" (did you mean --{near}?)"
        return " (see --help)"

    def takes_value(self, name: str) -> bool:
        return ("|" + name + "|") in self.valued

    def find(self, name: str) -> int:
        """The index of the last --name argument in argv, or -1."""
        found = -1
        i = 1
        while i < platform.argc():
            arg = platform.argv(i)
            if arg.startswith("--") and arg_name(arg) == name:
                found = i
            i += 1
        return found

    def value_at(self, index: int, name: str) -> str:
        arg = platform.argv(index)
        eq = arg.find("=")
        if eq >= 0:
            return arg[eq + 1:]
        if index + 1 >= platform.argc():
            self.fail(f"--{name} needs a value")
        return platform.argv(index + 1)

    def help_text(self) -> str:
        return f"usage: {self.program} [boot arguments]\n\n{self.usage}  --help" + \
            "                   show this help and exit\n"

    def fail(self, message: str) -> NoReturn:
        platform.console_write_err(f"{self.program}: {message}\n".encode())
        platform.exit(USAGE_ERROR)


def arg_name(arg: str) -> str:
    """"--name=value" -> "name"."""
    eq = arg.find("=")
    if eq < 0:
        return arg[2:]
    return arg[2:eq]


def fits_int64(text: str) -> bool:
    """Whether an is_int() text is within -2**63 .. 2**63-1, compared as digit strings (the
    int itself cannot be made first: that is what overflows)."""
    digits = ""
    for c in text:
        if "1" <= c <= "9" or (c == "0" and digits != ""):  # leading zeros and _ do not count
            digits = digits + c
    limit = "9223372036854775808" if text.startswith("-") else "9223372036854775807"
    if len(digits) != len(limit):
        return len(digits) < len(limit)
    return digits <= limit


def is_int(text: str) -> bool:
    """Whether int(text) succeeds: an optional sign and decimal digits (with single _)."""
    i = 0
    if text.startswith("-") or text.startswith("+"):
        i = 1
    if i >= len(text):
        return False
    previous_digit = False
    while i < len(text):
        c = text[i]
        if c == "_" and previous_digit and i + 1 < len(text):
            previous_digit = False
        elif "0" <= c <= "9":
            previous_digit = True
        else:
            return False
        i += 1
    return previous_digit
