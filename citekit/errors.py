"""citekit's error type and its diagnostics.

A problem inside one input is data, not an exception: parsers return a :class:`Diagnostic`
next to the records they could make, so one bad block never costs the others. Exceptions
(all subclasses of :class:`CitekitError`) are for a whole input or request that cannot be
handled at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# A note is for the record (a merge, say), a warning for data that may be wrong or lost.
Severity = Literal["note", "warning", "error"]


@dataclass(frozen=True)
class Diagnostic:
    """One reported problem: where it is, how bad it is, and what was missing or skipped."""

    origin: str
    line: int | None
    message: str
    severity: Severity = "warning"
    # A short stable name of the kind of problem (``no-author``, ``doi-unused`` …), for
    # ``--strict`` filters, reports and tests; the message is for people and may change.
    code: str = ""
    # The input the problem is about, where it was kept (``--rejects``: the block or the
    # whole input that gave no record); empty otherwise.
    text: str = ""

    def __str__(self) -> str:
        where = self.origin if self.line is None else f"{self.origin}:{self.line}"
        kind = f"{self.severity}[{self.code}]" if self.code else self.severity
        return f"{where}: {kind}: {self.message}"


class CitekitError(Exception):
    """Base class of everything citekit raises on purpose."""


class ParseError(CitekitError):
    """An input that cannot be parsed at all."""

    def __init__(self, origin: str, line: int | None, reason: str) -> None:
        self.origin, self.line, self.reason = origin, line, reason
        where = origin if line is None else f"{origin}:{line}"
        super().__init__(f"{where}: {reason}")


class UnknownFormatError(CitekitError):
    """A name (input format, output format, style) that citekit does not know."""

    def __init__(self, kind: str, name: str, choices: list[str]) -> None:
        self.kind, self.name, self.choices = kind, name, choices
        super().__init__(f"unknown {kind} {name!r}; choose one of: {', '.join(choices)}")
