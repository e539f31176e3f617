"""Errors that reach the user. Each one prints as a located, readable message: never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Diagnostic:
    """One `file:line:col: severity: message` line."""

    path: str
    line: int
    column: int  # 1-based; 0 when unknown
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line > 0:
            where += f":{self.line}"
        if self.line > 0 and self.column > 0:
            where += f":{self.column}"
        return f"{where}: {self.severity}: {self.message}"


class PyrageError(Exception):
    """Base of every error the CLI reports without a traceback (exit status 1)."""


@dataclass
class CompileError(PyrageError):
    """The program is wrong or uses something pyrage does not compile."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(d) for d in self.diagnostics)

    @classmethod
    def at(cls, path: str, line: int, column: int, message: str) -> "CompileError":
        return cls([Diagnostic(path, line, column, message)])


class ConfigError(PyrageError):
    """config.py is missing or describes an impossible device graph."""


class ToolchainError(PyrageError):
    """The C toolchain or linker failed (a bug in pyrage's runtime, or a broken install)."""


class UsageError(PyrageError):
    """A command line that asks for something impossible (exit status 2, like argparse's)."""


class RunError(PyrageError):
    """The image could not be started (e.g. QEMU missing)."""
