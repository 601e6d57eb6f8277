"""RIS in the profile Zotero's RIS import reads (its RIS.js field map; see shared FORMATS.md).

``TAG  - value`` lines with CRLF ends, ``TY`` first and ``ER  - `` last, no numbered header
lines. One ``AU`` per author (``Family, Given, Suffix``; an organisation without a comma,
which Zotero reads as a single-field name). Several tags mean different Zotero fields per
item type, and the tables below follow Zotero's: a book's editors are ``A3`` (``A2`` would be
its series editors), its series ``T2``; a report's number is ``SN``; a conference paper's
proceedings title is ``C3`` and its place ``C1``. ``ID`` carries the citation key, which
Zotero ignores and pandoc uses. A value never spans lines: every line break or control
character in it becomes a space, so no input can start a tag of its own.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from citekit.record import Date, Name, Record
from citekit.writers.common import (
    DropLog,
    extra_ids,
    flatten,
    is_range,
    left_out,
    notes,
    split_pages,
)

NAME = "ris"
log = logging.getLogger(__name__)

CSL_TO_RIS_TYPE = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "article": "JOUR",
    "review": "JOUR",
    "review-book": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "patent": "PAT",
    "software": "COMP",
    "manuscript": "MANSCPT",
    "map": "MAP",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "legal_case": "CASE",
    "bill": "BILL",
    "motion_picture": "MPCT",
    "personal_communication": "PCOMM",
    "graphic": "ART",
}
# The CSL types whose TY names them exactly (JOUR is article-journal's); any other is written
# as the nearest type, or GEN, and announced.
EXACT_TYPES = frozenset(
    csl
    for csl, ty in CSL_TO_RIS_TYPE.items()
    if csl == "article-journal" or list(CSL_TO_RIS_TYPE.values()).count(ty) == 1
)
# Zotero reads T2 as the series of a book or report, and their editors in A2 as series
# editors; their own editors go in A3.
SERIES_IN_T2 = frozenset({"BOOK", "RPRT"})
EDITORS_IN_A3 = frozenset({"BOOK"})
# SN is an ISSN for periodicals, a report number for reports, an ISBN for the rest.
ISSN_TYPES = frozenset({"JOUR", "MGZN", "NEWS"})
# SP is the number of pages for books and theses.
PAGE_COUNT_IN_SP = frozenset({"BOOK", "THES"})
# M3 is the thesis or report type ("PhD thesis", "Technical report").
GENRE_IN_M3 = frozenset({"THES", "RPRT", "ELEC", "BLOG", "MANSCPT", "MAP", "ART"})
# Zotero reads IS on a book section as its number of volumes.
NO_ISSUE = frozenset({"CHAP"})
SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}


def _name(name: Name) -> str:
    """``Family, Given, Suffix``; particles stay with the family name."""
    if name.literal or not name.family:
        # A comma would split an organisation into family and given name.
        return re.sub(r"\s*,\s*", " ", name.literal or name.given or "")
    von = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    family = " ".join(p for p in (von, name.family) if p)
    parts = [family, name.given or "", name.suffix or ""]
    while parts and not parts[-1]:
        parts.pop()
    return ", ".join(parts)


def ris_date(date: Date) -> str:
    """``YYYY/MM/DD/`` with empty parts left empty (``2022/04//``); a season goes last."""
    parts = (date.date_parts or [[]])[0]
    year = f"{parts[0]:04d}" if parts else ""
    month = f"{parts[1]:02d}" if len(parts) > 1 else ""
    day = f"{parts[2]:02d}" if len(parts) > 2 else ""
    other = SEASONS[date.season] if date.season else ""  # the model holds seasons as 1-4
    return f"{year}/{month}/{day}/{other}"


def _tags(record: Record) -> tuple[list[tuple[str, str]], set[str]]:
    ty = CSL_TO_RIS_TYPE.get(record.type, "GEN")
    out: list[tuple[str, str]] = [("TY", ty)]
    used = {"custom.found_on"}

    def add(tag: str, value: str | None, *carries: str) -> None:
        if value and flatten(value):
            out.append((tag, value))
            used.update(carries)

    add("ID", record.id)
    add("TI", record.title, "title")
    for author in record.author:
        add("AU", _name(author), "author")
    for editor in record.editor:
        add("A3" if ty in EDITORS_IN_A3 else "A2", _name(editor), "editor")
    container = record.container_title or record.container_title_short
    if ty in SERIES_IN_T2:
        add("T2", record.collection_title, "collection-title")
    else:
        add("T2", container, "container-title" if record.container_title else "")
        add("T3", record.collection_title, "collection-title")
        if ty == "CPAPER":
            add("C3", container)  # Zotero: T2 is the conference's name, C3 the proceedings
    add("J2", record.container_title_short, "container-title-short")
    add("VL", record.volume, "volume")
    if ty not in NO_ISSUE:
        add("IS", record.issue, "issue")
    add("ET", record.edition, "edition")
    first, last = split_pages(record.page)
    add("SP", first, "page")
    add("EP", last, "page")
    if ty in PAGE_COUNT_IN_SP and not first:
        add("SP", record.number_of_pages, "number-of-pages")
    if record.issued and record.issued.year:
        add("PY", str(record.issued.year), "issued")
        add("DA", ris_date(record.issued))
    add("DO", record.DOI, "DOI")
    if ty == "RPRT":
        add("SN", record.number, "number")
    elif ty in ISSN_TYPES:
        add("SN", record.ISSN, "ISSN")
    else:
        add("SN", record.ISBN, "ISBN")
    add("AB", record.abstract, "abstract")
    if record.keyword:
        for keyword in re.split(r"[;,]", record.keyword):
            add("KW", keyword.strip(), "keyword")
    add("UR", record.URL, "URL")
    add("LA", record.language, "language")
    add("PB", record.publisher, "publisher")
    add("C1" if ty == "CPAPER" else "CY", record.publisher_place, "publisher-place")
    if ty in GENRE_IN_M3:
        add("M3", record.genre, "genre")
    add("DB", record.archive, "archive")
    add("AN", record.archive_location, "archive_location")
    add("DP", record.source, "source")
    for line in extra_ids(record):
        add("M2", line, "PMID" if line.startswith("PMID") else "PMCID")
    for url in record.custom.pdf:
        add("L1", url, "custom.pdf")
    for note in notes(record):
        add("N1", note, "note")
    if container and not record.container_title and any(tag == "T2" for tag, _ in out):
        used.add("container-title-short")
    out.append(("ER", ""))
    return out, {u for u in used if u}


def unwritten(record: Record) -> list[str]:
    """The fields of ``record`` RIS has no place for (``write`` announces them)."""
    partly = ["issued (the end of a date range)"] if is_range(record.issued) else []
    if record.type not in EXACT_TYPES:
        ty = CSL_TO_RIS_TYPE.get(record.type, "GEN")
        partly.append(f"type ({record.type}, written as {ty})")
    return left_out(record, _tags(record)[1], partly)


def tags(record: Record) -> list[tuple[str, str]]:
    """The (tag, value) pairs of one record, ``TY`` first and ``ER`` last."""
    return _tags(record)[0]


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {flatten(value)}".rstrip(" ") if tag != "ER" else "ER  - "


def write(records: Sequence[Record], **_: Any) -> str:
    """Serialise ``records`` as RIS with CRLF line ends."""
    dropped = DropLog(NAME)
    lines = []
    for record in records:
        pairs, _ = _tags(record)
        dropped.add(record, unwritten(record))
        lines += [_line(tag, value) for tag, value in pairs]
        lines.append("")
    dropped.announce(log)
    return "\r\n".join(lines)
