"""CSL-JSON: a JSON array of CSL items, as pandoc, citeproc and Zotero read it.

Besides the CSL 1.0.2 keys, each item carries what Zotero's CSL-JSON import reads where it
differs from the schema: ``journalAbbreviation`` next to ``container-title-short``, and
``PMID: …``/``PMCID: …`` lines in ``note`` (Zotero's Extra field).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from citekit.record import Record
from citekit.writers.common import extra_ids, notes

NAME = "csl-json"


def item(record: Record) -> dict[str, Any]:
    """The CSL-JSON object for one record, with Zotero's extra keys."""
    data = record.csl()
    if record.container_title_short:
        data["journalAbbreviation"] = record.container_title_short
        # Styles print container-title; with only an abbreviation known, it stands in.
        data.setdefault("container-title", record.container_title_short)
    lines = notes(record) + [line for line in extra_ids(record) if line not in (record.note or "")]
    if lines:
        data["note"] = "\n".join(lines)
    return data


def write(records: Sequence[Record], **_: Any) -> str:
    """Serialise ``records`` as a CSL-JSON array (UTF-8, stable key order, trailing newline)."""
    return json.dumps([item(r) for r in records], ensure_ascii=False, indent=2) + "\n"
