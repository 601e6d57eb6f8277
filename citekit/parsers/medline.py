"""MEDLINE/PubMed tagged files (PubMed's "PubMed" save format, ``.nbib``/``.txt``).

Each record is a block of ``TAG - value`` lines, the tag left-aligned in four columns; a value
continues on lines indented by six spaces; records are separated by blank lines and start with
``PMID-``. Tags read (NLM, "MEDLINE/PubMed Data Element (Field) Descriptions"): PMID, TI, BTI,
AB, FAU/AU, CN, FED/ED, JT, TA, DP, DEP, VI, IP, PG, LID/AID (``[doi]``, ``[pii]``), IS, LA, PT,
PMC, OT, MH (MeSH headings, as keywords after OT), ISBN, PB, PL. ERIC's exports of the
same format (``OWN - ERIC``, no PMID; ``OID`` its accession number, ``ISSN``/``ISBN`` with
prefixes, ERIC publication types) are read too. Tags with no CSL field (history, grants…)
are passed over; a tag citekit does not know at all is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from citekit.dates import compact_date, parse_date
from citekit.errors import Diagnostic
from citekit.names import parse_person
from citekit.normalize import (
    clean_doi,
    clean_issn,
    clean_language,
    expand_pages,
    strip_title_period,
)
from citekit.parsers import ParseResult
from citekit.record import Record

NAME = "medline"
# The file suffixes a folder is searched for on this reader's behalf (content decides
# which reader reads a file; these only decide which files in a folder are read).
SUFFIXES = (".nbib", ".medline")
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# PubMed's tagged lines; its TI/SO values also read as PubMed citations.
DETECT_ORDER = 40

_LINE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9]{1,3})\s*-\s?(?P<value>.*)$")
_CONTINUATION = re.compile(r"^\s{2,}\S")

# PubMed publication types → CSL types (first match wins; "Journal Article" is the default).
PT_TO_CSL = [
    (r"^journal articles?$", "article-journal"),
    (r"^book chapter$|^chapter", "chapter"),
    (r"^book$|^monograph", "book"),
    (r"^congress", "paper-conference"),
    (r"^newspaper article", "article-newspaper"),
    (r"^dataset", "dataset"),
    (r"^preprint", "article"),
    # ERIC's publication types (ERIC "Publication Type" codes, as its exports write them)
    (r"^reports? - ", "report"),
    (r"^dissertations/theses", "thesis"),
    (r"^books$", "book"),
    (r"^speeches/meeting papers$", "paper-conference"),
]
# Every tag of the format: the ones read above, and those with no CSL field (MeSH headings,
# history, grants…). A tag outside this set is reported, so nothing goes missing unnoticed.
KNOWN_TAGS = {
    "OWN", "STAT", "DCOM", "LR", "CRDT", "EDAT", "MHDA", "PHST", "PST", "SO", "JID", "SB",
    "MH", "RN", "GR", "AD", "AUID", "CI", "COIS", "EIN", "CIN", "CON", "RIN", "ROF", "UIN",
    "UOF", "DA", "CTDT", "FIR", "IR", "GS", "OTO", "SI", "TT", "VTI", "PS", "FPS", "RF",
    "OID", "MID", "ISSN", "IRAD", "NM", "OABL", "OAB", "PMCR", "ECI", "ECF", "EFR", "RPI", "RPF",
    "SFM", "CRI", "CRF", "DDIN", "DRIN", "GN", "SPIN", "DEP_", "AU", "ED", "LID", "AID",
    "JT", "TA", "BTI", "CTI", "CP", "EN", "ISBN", "PB", "PL", "CN", "FED", "FAU", "PMC",
    "OT", "PT", "LA", "IS", "DEP", "VI", "IP", "PG", "DP", "AB", "TI", "PMID",
}  # fmt: skip


def matches(text: str) -> bool:
    """True when ``text`` is in MEDLINE tagged format: a ``PMID-`` line, or ERIC's ``OWN -
    ERIC`` (ERIC exports this format without PMIDs), among tagged lines."""
    lines = [m for m in map(_LINE.match, text[:20000].splitlines()) if m]
    tags = {m.group("tag") for m in lines}
    eric = any(m.group("tag") == "OWN" and m.group("value").strip() == "ERIC" for m in lines)
    return ("PMID" in tags or eric) and len({"TI", "AU", "FAU", "DP", "TA", "JT"} & tags) >= 2


def _records(text: str) -> list[tuple[int, list[tuple[str, str]]]]:
    """(first line number, [(tag, value)…]) per record, continuation lines joined."""
    records: list[tuple[int, list[tuple[str, str]]]] = []
    fields: list[tuple[str, str]] = []
    start = 0
    blank = False
    for number, raw in enumerate(text.splitlines(), start=1):
        match = _LINE.match(raw)
        if match:
            # A record starts after a blank line, or at a PMID- line (PubMed's first tag)
            # once the record so far has its own PMID or title.
            tag = match.group("tag")
            held = {t for t, _ in fields}
            if fields and (blank or (tag == "PMID" and held & {"PMID", "TI"})):
                records.append((start, fields))
                fields = []
            blank = False
            if not fields:
                start = number
            fields.append((match.group("tag"), match.group("value").strip()))
        elif not raw.strip():
            blank = True
        elif _CONTINUATION.match(raw) and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {raw.strip()}")
    if fields:
        records.append((start, fields))
    return records


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse every record of a MEDLINE tagged file."""
    result = ParseResult()
    unknown: set[str] = set()
    for line, fields in _records(text):
        unknown |= {tag for tag, _ in fields} - KNOWN_TAGS
        item = _item(fields)
        item["custom"] = {**item.get("custom", {}), "found_on": {"file": origin, "line": line}}
        if "title" not in item:
            result.diagnostics.append(
                Diagnostic(origin, line, "record has no TI title", "warning", "no-title")
            )
        result.records.append(Record.from_csl(item))
    if unknown:
        result.diagnostics.append(
            Diagnostic(
                origin,
                None,
                "unknown MEDLINE tags skipped: " + ", ".join(sorted(unknown)),
                "warning",
                "not-read",
            )
        )
    if not result.records:
        result.diagnostics.append(
            Diagnostic(origin, None, "no MEDLINE record found", "error", "not-recognised")
        )
    return result


# A record's tags: tag → its values, in file order (a tag may repeat: AU, LID, MH …).
Tags = dict[str, list[str]]


def _item(fields: list[tuple[str, str]]) -> dict[str, Any]:
    tags: Tags = {}
    for tag, value in fields:
        tags.setdefault(tag, []).append(value)
    first = partial(_first, tags)
    item: dict[str, Any] = {"type": _type(tags.get("PT", []), bool(tags.get("BTI")))}
    title = first("TI")
    if title:
        item["title"] = strip_title_period(title)
    _read_people(item, tags)
    _read_source(item, tags, first)
    _read_article_ids(item, tags)
    _read_description(item, tags, first)
    return {k: v for k, v in item.items() if v not in (None, "", [])}


def _first(tags: Tags, tag: str) -> str | None:
    return tags[tag][0] if tags.get(tag) else None


def _read_people(item: dict[str, Any], tags: Tags) -> None:
    authors = [parse_person(n) for n in tags.get("FAU") or tags.get("AU", [])]
    authors += [{"literal": strip_title_period(c)} for c in tags.get("CN", [])]
    if any(authors):
        item["author"] = [a for a in authors if a]
    editors = [parse_person(n) for n in tags.get("FED") or tags.get("ED", [])]
    if any(editors):
        item["editor"] = [e for e in editors if e]


def _read_source(item: dict[str, Any], tags: Tags, first: Callable[[str], str | None]) -> None:
    if first("BTI"):
        item["container-title"] = strip_title_period(first("BTI") or "")
    for tag, key in (("JT", "container-title"), ("TA", "container-title-short"),
                     ("VI", "volume"), ("IP", "issue"), ("PB", "publisher"),
                     ("PMC", "PMCID")):  # fmt: skip
        if first(tag):
            item.setdefault(key, first(tag))
    if first("PL") and item["type"] in ("book", "chapter"):
        item["publisher-place"] = first("PL")  # for a journal, PL is its country
    if first("PMID"):
        item["PMID"] = re.sub(r"\D", "", first("PMID") or "")
    if first("DP"):
        item["issued"] = parse_date(first("DP") or "") or {"literal": first("DP")}
    epub = compact_date(first("DEP") or "")
    if epub:
        item["available-date"] = epub
    if first("PG"):
        item["page"] = expand_pages(first("PG"))


def _read_article_ids(item: dict[str, Any], tags: Tags) -> None:
    """``LID``/``AID`` values: ``10.… [doi]`` and ``S… [pii]``."""
    for value in tags.get("LID", []) + tags.get("AID", []):
        kind = re.search(r"\[(\w+)\]\s*$", value)
        bare = re.sub(r"\s*\[\w+\]\s*$", "", value)
        if kind and kind.group(1) == "doi" and "DOI" not in item:
            doi = clean_doi(bare)
            if doi:
                item["DOI"] = doi
        elif kind and kind.group(1) == "pii" and bare != item.get("page"):
            if "page" not in item and re.fullmatch(r"[A-Za-z]?\d+", bare):
                item["page"] = bare  # an online-only article's number stands in the LID
            else:
                item.setdefault("custom", {}).setdefault("pii", bare)


def _read_description(item: dict[str, Any], tags: Tags, first: Callable[[str], str | None]) -> None:
    issn = clean_issn(" ".join(tags.get("IS", []) + tags.get("ISSN", [])))
    if issn:
        item["ISSN"] = issn
    language = clean_language(first("LA"))
    if language:
        item["language"] = language
    if first("AB"):
        item["abstract"] = " ".join(tags["AB"])
    isbn = re.sub(r"^ISBN[-\s]*", "", first("ISBN") or "")
    if isbn:
        item["ISBN"] = isbn
    # Keywords: the author's (OT), then the MeSH headings (MH) with their qualifiers
    # ("Vitamin D/therapeutic use"); the major-topic star is a weight, not part of the term.
    mesh = [re.sub(r"\*", "", heading) for heading in tags.get("MH", [])]
    if tags.get("OT") or mesh:
        item["keyword"] = ", ".join(dict.fromkeys(tags.get("OT", []) + mesh))
    if first("OWN") == "ERIC":
        item["source"] = "ERIC"  # the catalogue, and its accession number (EJ…/ED…)
        if first("OID"):
            item["call-number"] = first("OID")


def _type(types: list[str], in_book: bool) -> str:
    for kind in types:
        for pattern, csl in PT_TO_CSL:
            if re.search(pattern, kind.strip(), re.IGNORECASE):
                return csl
    return "chapter" if in_book else "article-journal"
