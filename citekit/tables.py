"""The tables ``citekit check`` and ``citekit show`` print (rich), built from library results.

Kept apart from the typer layer so a caller can print the same tables, and so ``cli.py``
does not import rich for ``export``.
"""

from __future__ import annotations

from collections import Counter

from rich.table import Table
from rich.text import Text

from citekit.errors import Diagnostic
from citekit.parsers import ParseResult
from citekit.record import Record

# How each severity stands out on a terminal (ignored when colour is off).
STYLES = {"error": "bold red", "warning": "yellow", "note": "cyan"}


def check_table(result: ParseResult) -> Table:
    """One section per input file, in path order: its record count, then each problem
    (line, severity, code, message); a file with nothing to say gets one row saying so."""
    table = Table("file", "records", "line", "severity", "code", "message", show_lines=False)
    per_file = Counter(_file_of(record) for record in result.records)
    files = sorted({*per_file, *(d.origin for d in result.diagnostics)})
    said: dict[str, list[Diagnostic]] = {name: [] for name in files}
    for diagnostic in result.diagnostics:
        said[diagnostic.origin].append(diagnostic)
    for number, name in enumerate(files):
        if number:
            table.add_section()
        count = str(per_file.get(name, 0))
        if not said[name]:
            table.add_row(Text(name), count, "", Text("ok", style="green"), "", "")
        for position, d in enumerate(said[name]):
            table.add_row(
                Text(name if position == 0 else ""),
                count if position == 0 else "",
                "" if d.line is None else str(d.line),
                Text(d.severity, style=STYLES[d.severity]),
                d.code,
                Text(d.message),  # Text: input text is never read as rich markup
            )
    return table


def records_table(records: list[Record]) -> Table:
    """One row per record: first author, year, title, journal, DOI."""
    table = Table("first author", "year", "title", "journal", "DOI")
    for record in records:
        table.add_row(
            Text(_first_author(record)),
            str(record.year or ""),
            Text(record.title or ""),
            Text(record.container_title_short or record.container_title or ""),
            Text(record.DOI or ""),
        )
    return table


def _file_of(record: Record) -> str:
    place = record.custom.first_place
    return place.file if place and place.file else "<text>"


def _first_author(record: Record) -> str:
    if not record.author:
        return ""
    name = record.author[0]
    return name.family or name.literal or name.given or ""
