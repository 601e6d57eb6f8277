"""CSL-JSON input: an array of CSL items (or one item), as Zotero, pandoc and citekit write it.

Lets a user restyle or re-export references they already have. Zotero's extra keys are read
back the way its importer reads them (``journalAbbreviation`` → ``container-title-short``);
keys that are not CSL 1.0.2 variables are reported and left out, never silently dropped.
citekit's own ``custom.found_on`` is read as a list of places, or as the one object that files
written before the list hold.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from citekit.errors import Diagnostic
from citekit.parsers import ParseResult
from citekit.record import Record
from citekit.writers.common import extra_ids, found_on_note

NAME = "csl-json"

# Keys other programs write beside the CSL variables, and where citekit keeps them.
ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": None}


def _items(text: str) -> list[Any] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict):
        data = [data]
    if isinstance(data, list) and data and all(isinstance(i, dict) and "type" in i for i in data):
        return data
    return None


def _undo_writer_additions(record: Record) -> Record:
    """Take back what ``writers.csljson`` derives for Zotero, so a round trip is exact: the
    container title standing in for a lone abbreviation, and the derived note lines."""
    update: dict[str, Any] = {}
    if record.container_title and record.container_title == record.container_title_short:
        update["container_title"] = None
    if record.note:
        derived = {found_on_note(record), *extra_ids(record)}
        kept = [line for line in record.note.split("\n") if line not in derived]
        update["note"] = "\n".join(kept) or None
    return record.model_copy(update=update) if update else record


def matches(text: str) -> bool:
    """True when the whole text is a CSL-JSON item or array of items."""
    return text.lstrip()[:1] in ("[", "{") and _items(text) is not None


def parse(text: str, *, origin: str) -> ParseResult:
    """Read every item; an item that is not valid CSL is reported and the others still come."""
    result = ParseResult()
    items = _items(text)
    if items is None:
        result.diagnostics.append(Diagnostic(origin, None, "not a CSL-JSON array", "error"))
        return result
    known = {field.alias or name for name, field in Record.model_fields.items()}
    for number, item in enumerate(items, start=1):
        data: dict[str, Any] = {}
        dropped = []
        for key, value in item.items():
            target = ALIASES.get(key, key)
            if target is None:
                continue
            if target in known:
                data.setdefault(target, value)
            else:
                dropped.append(key)
        where = f"item {number} ({item.get('id', 'no id')})"
        if dropped:
            result.diagnostics.append(
                Diagnostic(
                    origin,
                    None,
                    f"{where}: keys with no CSL meaning skipped: " + ", ".join(sorted(dropped)),
                )
            )
        data["id"] = str(data.get("id", ""))
        try:
            result.records.append(_undo_writer_additions(Record.from_csl(data)))
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            result.diagnostics.append(
                Diagnostic(origin, None, f"{where}: {field}: {first['msg']}", "error")
            )
    return result
