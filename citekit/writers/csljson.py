"""CSL-JSON: a JSON array of CSL items, as pandoc, citeproc and Zotero read it.

Valid against the CSL-JSON 1.0.2 schema (``csl-data.json``). Besides the CSL keys, each item
carries what Zotero's CSL-JSON import reads where it differs from them: the schema's
``journalAbbreviation`` next to ``container-title-short``, and ``Key: value`` lines in
``note`` (Zotero's Extra field) for each value the Zotero item type has no field for —
``PMID: …``, ``PMCID: …``, ``available-date: 2022-02-15``, a chapter's ``DOI: …``
(:mod:`citekit.writers.shared.zotero`). These lines come first: Zotero and citeproc-js read
``key: value`` lines from the top of Extra and stop at the first line of prose.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from citekit.record import Record
from citekit.writers.shared.common import notes
from citekit.writers.shared.written import Written
from citekit.writers.shared.zotero import extra_lines

NAME = "csl-json"


def item(record: Record) -> dict[str, Any]:
    """The CSL-JSON object for one record, with Zotero's extra keys."""
    data = record.csl()
    if record.container_title_short:
        data["journalAbbreviation"] = record.container_title_short
        # Styles print container-title; with only an abbreviation known, it stands in.
        data.setdefault("container-title", record.container_title_short)
    lines = [line for line in extra_lines(record) if line not in (record.note or "")]
    lines += notes(record)
    if lines:
        data["note"] = "\n".join(lines)
    return data


def unwritten(record: Record) -> list[str]:
    """Nothing: CSL-JSON is the record model's own form, ``custom`` included."""
    return []


@dataclass(frozen=True)
class Options:
    """The CSL-JSON writer takes no options: it writes the record model whole."""


def write(records: Sequence[Record], options: Options | None = None) -> Written:
    """Serialise ``records`` as a CSL-JSON array (UTF-8, stable key order, trailing newline)."""
    return Written(json.dumps([item(r) for r in records], ensure_ascii=False, indent=2) + "\n")
