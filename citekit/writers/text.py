"""Plain-text reference lists: one entry per line, as pandoc's plain writer prints them.

Formatting has no plain-text form and is dropped, except where the characters change:
superscripts and subscripts of digits and ``+-=()`` become Unicode ones (``CO₂``),
others ``^(…)``/``_(…)``, and small capitals become capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from citekit.bibliography import Entry, Run, render
from citekit.record import Record
from citekit.writers.shared.written import ListOptions, Written

NAME = "text"

# Characters with a Unicode superscript and subscript form that pandoc's plain writer uses.
SUPERSCRIPTS = dict(zip("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", strict=True))


Options = ListOptions


def write(records: Sequence[Record], options: ListOptions | None = None) -> Written:
    """The reference list of ``records`` in ``options.style`` as plain text, one entry per line."""
    options = options or ListOptions()
    bibliography = render(records, options.style, locale=options.locale)
    return Written(
        "".join(line(entry) + "\n" for entry in bibliography.entries),
        list(bibliography.diagnostics),
    )


def line(entry: Entry) -> str:
    """One entry as a line of plain text (the first field and the rest joined by a space)."""
    body = runs_text(entry.body)
    return f"{runs_text(entry.first)} {body}" if entry.first else body


def runs_text(runs: Iterable[Run]) -> str:
    """The plain text of ``runs``; line breaks inside the data become spaces."""
    return re.sub(r"[\r\n\t]+", " ", "".join(_run(run) for run in runs))


def _run(run: Run) -> str:
    text = run.text
    if "sc" in run.marks:
        text = text.upper()
    if "sup" in run.marks:
        text = _shifted(text, SUPERSCRIPTS, "^")
    elif "sub" in run.marks:
        text = _shifted(text, SUBSCRIPTS, "_")
    return text


def _shifted(text: str, table: dict[str, str], sign: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{sign}({text})"
