"""Boot arguments: `--name=value` or `--name value`, `--flag`, and `--help`.

The generated main.py declares each argument config.py lists, then calls finish(). A bad
argument stops the unikernel before any device starts, with a message that names it and exit
status 2 (the convention for usage errors); `--help` prints every argument and exits 0.

Written in the compiled subset of the walking skeleton (no lists or exceptions yet), so
arguments are looked up by scanning argv, which is short.
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
                self.fail(f"unknown boot argument --{name} (see --help)")
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
