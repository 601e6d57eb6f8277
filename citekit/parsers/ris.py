"""RIS files (``.ris``): the exports of EBSCO, Ovid, Embase, ProQuest, Scopus, Web of Science,
PubMed through Zotero, Dimensions, EndNote, JabRef, Mendeley and Zotero, and citekit's own.

The line grammar is the RIS specification's (``TAG  - value``, ``TY`` first, ``ER  - `` last),
read as tolerantly as Zotero's RIS import translator (RIS.js) reads it: one or two spaces
before the hyphen, an empty value after it, CRLF or LF, a byte-order mark, lines without a tag
continuing the value above (one keyword or link per line for ``KW`` and ``L1``–``L4``), a
``TY`` without the previous record's ``ER`` starting the next record, and Ovid's ``1.``
record numbers. RIS.js is also the reference for what each tag means, per item type (the
tables in ``_item`` below name its choices); what citekit adds to it is said where it is done:

- ``AN`` is the accession number (RIS spec) and ``DB`` the database it is in; like the EBSCO
  reader (and Zotero's own EBSCOhost and Ovid translators) they are CSL ``call-number`` and
  ``source``. A record that has a ``CN``/``DP`` of its own (Zotero's and citekit's exports)
  keeps Zotero's meanings: ``AN`` the place in an archive, ``DB`` the archive.
- Identifiers RIS has no tag for: ``PMID: …``/``PMCID: …`` lines in ``N1``/``M1``/``M2``/``U1``–
  ``U5``; a DOI in ``M3`` (EndNote), in ``L2``/``L3``/``UR`` (EBSCO, Embase) when ``DO`` has none;
  Embase's PMID in ``C5`` and accession in ``U2``; an accession in a MEDLINE/PubMed database.
- ``M3`` is a genre for the types that have one, else the database's document type.
- ``C7`` (Scopus, Web of Science) is the article number: the page when there are no pages.
- Export bookkeeping in ``N1`` (Scopus's ``Export Date``/``Cited By``/``References``…,
  ProQuest's ``Last updated``) is left out and named once per file.

Every tag is read, named as having no CSL field (``not-read``, one note per file), or reported
as unknown (``unknown-tag``, once per tag per file); lines outside any record are reported.
The line grammar and the file's reports are here; what each tag means per item type is in
``parsers/grammar/ristags.py``, and RIS names, dates, types and ``SN`` in ``risfields.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from citekit.errors import Diagnostic
from citekit.parsers import ParseResult
from citekit.parsers.grammar.risfields import DEFAULT_TYPE, TY_TO_CSL
from citekit.parsers.grammar.ristags import Fields, Report
from citekit.parsers.grammar.ristags import item as ristag_item
from citekit.record import Problem, Record

NAME = "ris"
# The file suffixes a folder is searched for on this reader's behalf.
SUFFIXES = (".ris",)
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# a ``TY  - `` line among tag lines; values may hold DOIs and PubMed lines.
DETECT_ORDER = 60

_TAG = re.compile(r"^(?P<tag>[A-Z][A-Z0-9]) {1,2}-(?:[ \t](?P<value>.*)|[ \t]*)$")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# Ovid and rispy number their records (`1.`); the number carries nothing.
_NUMBERING = re.compile(r"^\s*\d+\.\s*$")
# Values whose continuation lines are separate values (RIS.js keeps their line breaks).
LIST_TAGS = frozenset({"KW", "L1", "L2", "L3", "L4", "UR"})

# The tags of the RIS specification (2011) and the ones RIS.js reads beyond it. A tag outside
# this set is reported as unknown; one in it that a record's type gives no CSL home is named
# as not read.
RIS_TAGS = frozenset({
    "TY", "ER", "A1", "A2", "A3", "A4", "AB", "AD", "AN", "AU", "AV", "BT", "C1", "C2",
    "C3", "C4", "C5", "C6", "C7", "C8", "CA", "CN", "CP", "CR", "CT", "CY", "DA", "DB",
    "DO", "DP", "ED", "EP", "ET", "H1", "H2", "ID", "IS", "J1", "J2", "JA", "JF", "JO",
    "KW", "L1", "L2", "L3", "L4", "LA", "LB", "LK", "M1", "M2", "M3", "N1", "N2", "NV",
    "OP", "PB", "PP", "PY", "RI", "RN", "RP", "SE", "SN", "SP", "ST", "SV", "T1", "T2",
    "T3", "TA", "TI", "TT", "U1", "U2", "U3", "U4", "U5", "UR", "VL", "VO", "Y1", "Y2",
})  # fmt: skip


# Export bookkeeping in N1: when and how often the record was exported or cited, and the
# vendor's copies of its reference list and addresses (Scopus, Web of Science, ProQuest).
def matches(text: str) -> bool:
    """True when ``text`` has a ``TY  - `` line among RIS tag lines."""
    tags = [m.group("tag") for m in map(_TAG.match, _lines(text[:20000])) if m]
    return "TY" in tags and len(tags) >= 3


def _lines(text: str) -> list[str]:
    # Not str.splitlines: it also splits at U+2028, which Atypon sites put inside values.
    text = text.lstrip("\ufeff").replace("\u2028", " ").replace("\u2029", " ")
    return _LINE_BREAK.split(text)


# --- the line grammar: records of (tag, value, line) ------------------------------------


@dataclass
class _Entry:
    line: int
    fields: list[list[Any]] = field(default_factory=list)  # [tag, value, line]
    closed: bool = False


@dataclass
class _Reading:
    entries: list[_Entry] = field(default_factory=list)
    outside: list[tuple[int, str]] = field(default_factory=list)


def _entries(text: str) -> _Reading:
    reading = _Reading()
    entry: _Entry | None = None
    stray: _Entry | None = None  # tag lines after an ER, before the next TY
    gap = False
    for number, raw in enumerate(_lines(text), start=1):
        match = _TAG.match(raw)
        if match:
            tag, value = match.group("tag"), (match.group("value") or "").strip()
            if tag == "TY":
                if entry is not None:
                    reading.entries.append(entry)  # no ER: the TY starts the next record
                if stray is not None:
                    reading.outside += [(n, f"{t}  - {v}") for t, v, n in stray.fields]
                    stray = None
                entry = _Entry(number, [[tag, value, number]])
            elif tag == "ER":
                done = entry or stray
                if done is not None:
                    done.closed = True
                    reading.entries.append(done)
                entry = stray = None
            else:
                target = entry or stray or _Entry(number)
                if entry is None:
                    stray = target
                target.fields.append([tag, value, number])
        elif not raw.strip():
            gap = True
            continue
        elif not _NUMBERING.match(raw):
            # After a blank line, text below tag lines that are not in a record (Ovid's links
            # after ER) is not their continuation.
            holder = entry or (stray if not gap else None)
            if holder is not None and holder.fields:
                last = holder.fields[-1]
                joint = "\n" if last[0] in LIST_TAGS else " "
                last[1] = f"{last[1]}{joint}{raw.strip()}" if last[1] else raw.strip()
            else:
                reading.outside.append((number, raw.strip()))
        gap = False
    if entry is not None:
        reading.entries.append(entry)
    if stray is not None:
        reading.outside += [(n, f"{t}  - {v}") for t, v, n in stray.fields]
    return reading


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse every record of a RIS file."""
    result = ParseResult()
    reading = _entries(text)
    report = Report(origin)
    for entry in reading.entries:
        record = _record(entry, origin, report, result.diagnostics)
        if record is not None:
            result.records.append(record)
    if reading.outside:
        first_line, first_text = min(reading.outside)
        message = (f"{len(reading.outside)} line(s) outside any record skipped, the first: "
                   f"{first_text[:60]!r}")  # fmt: skip
        result.diagnostics.append(
            Diagnostic(origin, first_line, message, "warning", "outside-record")
        )
    result.diagnostics += report.diagnostics()
    if not result.records:
        message = "no RIS record found"
        result.diagnostics.append(Diagnostic(origin, None, message, "error", "not-recognised"))
    return result


def _record(
    entry: _Entry, origin: str, report: Report, diagnostics: list[Diagnostic]
) -> Record | None:
    fields = Fields(entry.fields)
    kind, type_problem = _kind(fields)
    if type_problem:
        diagnostics.append(Diagnostic(origin, entry.line, type_problem, "warning", "unknown-type"))
    if not entry.closed:
        message = "record has no ER line; read to the next TY or the end of the file"
        diagnostics.append(Diagnostic(origin, entry.line, message, "warning", "no-end"))
    item = ristag_item(fields, kind, report)
    item["custom"] = {**item.get("custom", {}), "found_on": {"file": origin, "line": entry.line}}
    for tag in {t for t, _, _ in entry.fields} - fields.used:
        (report.unread if tag in RIS_TAGS else report.unknown)[tag] += 1
    for tag in fields.repeated:
        report.repeated[tag] += 1
    for problem in fields.problems:
        diagnostics.append(Diagnostic(origin, entry.line, problem, "warning", "bad-date"))
    if "title" not in item:
        diagnostics.append(
            Diagnostic(origin, entry.line, "record has no title", "warning", "no-title")
        )
    problems: list[Problem] = []
    try:
        record = Record.from_csl(item, problems=problems)
    except ValidationError as error:
        message = f"record not read: {error.errors()[0].get('msg', error)}"
        diagnostics.append(Diagnostic(origin, entry.line, message, "error", "bad-entry"))
        return None
    for problem in problems:
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        diagnostics.append(Diagnostic(origin, entry.line, message, problem.severity, "repaired"))
    return record


def _kind(fields: Fields) -> tuple[str, str | None]:
    ty = (fields.first("TY") or "").strip().upper()
    if ty in TY_TO_CSL:
        return TY_TO_CSL[ty], None
    if not ty:
        return DEFAULT_TYPE, f"record has no TY; read as {DEFAULT_TYPE}"
    return DEFAULT_TYPE, f"unknown RIS type {ty!r}; read as {DEFAULT_TYPE}"
