"""RIS in the profile Zotero's RIS import reads (see shared FORMATS.md and the RIS spec).

``TAG  - value`` lines with CRLF ends, one ``AU`` per author (``Family, Given``; an
organisation without a comma, which Zotero reads as a single-field name), ``ER  - `` closing
each record, and no numbered header lines. A value never spans lines: any line break in it is
folded to a space, so no input can start a tag of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from citekit.record import Date, Name, Record
from citekit.writers.common import extra_ids, notes, split_pages

NAME = "ris"

CSL_TO_RIS_TYPE = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "dataset": "DATA",
    "patent": "PAT",
}


def _fold(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _name(name: Name) -> str:
    if name.literal:
        return name.literal.replace(",", " ")  # a comma would split it into family and given
    return name.display


def ris_date(date: Date) -> str:
    """``YYYY/MM/DD/`` with empty parts left empty (``2022/04//``), as Zotero writes it."""
    parts = (date.date_parts or [[]])[0]
    year = f"{parts[0]:04d}" if parts else ""
    month = f"{parts[1]:02d}" if len(parts) > 1 else ""
    day = f"{parts[2]:02d}" if len(parts) > 2 else ""
    return f"{year}/{month}/{day}/"


def tags(record: Record) -> list[tuple[str, str]]:
    """The (tag, value) pairs of one record, in Zotero's order, ``TY`` first and ``ER`` last."""
    out: list[tuple[str, str]] = [("TY", CSL_TO_RIS_TYPE.get(record.type, "GEN"))]
    add = out.append
    if record.title:
        add(("TI", record.title))
    out += [("AU", _name(n)) for n in record.author]
    out += [("A2", _name(n)) for n in record.editor]
    # Zotero's "Publication" is T2: the full title when known, else the abbreviation.
    container = record.container_title or record.container_title_short
    if container:
        add(("T2", container))
    if record.container_title_short:
        add(("J2", record.container_title_short))
    for tag, value in (
        ("VL", record.volume),
        ("IS", record.issue or record.number),
        ("ET", record.edition),
    ):
        if value:
            add((tag, value))
    first, last = split_pages(record.page)
    if first:
        add(("SP", first))
    if last:
        add(("EP", last))
    if record.issued and record.issued.year:
        add(("PY", str(record.issued.year)))
        add(("DA", ris_date(record.issued)))
    for tag, value in (
        ("DO", record.DOI),
        ("SN", record.ISSN or record.ISBN),
        ("AB", record.abstract),
    ):
        if value:
            add((tag, value))
    if record.keyword:
        out += [("KW", k.strip()) for k in re.split(r"[;,]", record.keyword) if k.strip()]
    for tag, value in (
        ("UR", record.URL),
        ("LA", record.language),
        ("PB", record.publisher),
        ("CY", record.publisher_place),
        ("DB", record.archive),
        ("AN", record.archive_location),
    ):
        if value:
            add((tag, value))
    out += [("M2", line) for line in extra_ids(record)]
    out += [("L1", url) for url in record.custom.pdf]
    out += [("N1", note) for note in notes(record)]
    add(("ER", ""))
    return out


def write(records: Sequence[Record], **_: Any) -> str:
    """Serialise ``records`` as RIS with CRLF line ends."""
    lines = []
    for record in records:
        for tag, value in tags(record):
            lines.append(f"{tag}  - {_fold(value)}".rstrip(" ") if tag != "ER" else "ER  - ")
        lines.append("")
    return "\r\n".join(lines)
