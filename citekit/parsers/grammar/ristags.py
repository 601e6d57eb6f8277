"""RIS tags in CSL terms, per item type, as Zotero's RIS import translator (RIS.js) reads them.

``item`` turns one record's values (``Fields``) into a CSL-JSON item; ``Report`` gathers what a
file's records left out, for the reader to name once per file. The tables say which tag
means what on which type; each reading step says where it follows a vendor's practice rather
than RIS.js (see the reader's docstring, ``citekit/parsers/ris.py``, for the list).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from citekit.dates import plain_iso, ris_date
from citekit.errors import Diagnostic
from citekit.names import ris_name
from citekit.normalize import clean_doi, clean_language, expand_pages, squash
from citekit.parsers.grammar.ebscofields import clean_abstract
from citekit.parsers.grammar.risfields import split_sn

_BOOKKEEPING = re.compile(
    r"^(export date|cited by|references|correspondence address|funding (?:details|text)"
    r"(?: \d+)?|coden|times cited[^:]*|total times cited|cited references count|date revised"
    r"|last updated|suppnotes|molecular sequence numbers|chemicals/cas|tradenames"
    r"|manufacturers|sponsors|conference code|publication stage|accession number)\s*[:\-]",
    re.IGNORECASE,
)
_ID_LINE = re.compile(r"\b(PMID|PMCID)\s*[:=]?\s*((?:PMC)?\d+)", re.IGNORECASE)
# Zotero's Extra lines for what no RIS tag holds on the item type (M2 is Extra in RIS.js),
# as Zotero and citekit's writer put them there.
_EXTRA_LINE = re.compile(
    r"^(available-date|original-date|number-of-pages|ISBN|ISSN)\s*:\s*(\S.*)$", re.IGNORECASE
)
_DOI_SHAPED = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S", re.I)
_DOI_URL = re.compile(r"(?:doi\.org/|^doi:\s*|^)(10\.\d{4,9}/\S+)", re.IGNORECASE)
# A database provider in DP, when DB names the database on it (EBSCO: DB Academic Search
# Complete, DP EBSCOhost): the database is the record's catalogue.
_PLATFORM = re.compile(r"ebsco|ovid|proquest|gale|clarivate|web of science|cengage", re.I)
# A citation key (pandoc reads ID as one) has a lower-case letter; EndNote's record numbers
# (`12`) and Ovid's accession numbers (`2019-65183-001`, `EJ389705`) do not, and RefWorks'
# record ids (`RefID:888-boisvert2024description`) are its own bookkeeping.
_KEY = re.compile(r"^[A-Za-z][\w:.+/-]*$")

# Types whose M3 is a genre (RIS.js: thesis, report, website, manuscript… type).
GENRE_TYPES = frozenset({
    "thesis", "report", "webpage", "post-weblog", "manuscript", "map", "graphic",
    "personal_communication", "interview", "speech", "song",
})  # fmt: skip
# Types whose T2 is their series (RIS.js: a book's or report's series title).
SERIES_TYPES = frozenset({"book", "report"})
# Types whose SP alone is their number of pages (RIS.js: numPages).
PAGE_COUNT_TYPES = frozenset({"book", "thesis", "manuscript"})


class Fields:
    """One record's values by tag; every tag a reading step looks at counts as read."""

    def __init__(self, pairs: list[list[Any]]) -> None:
        self.values: dict[str, list[str]] = {}
        for tag, value, _ in pairs:
            self.values.setdefault(tag, [])
            # Files written through pandas (asreview's, many scripts') spell a gap `nan`.
            if value and value.lower() != "nan":
                # RIS.js decodes HTML entities (WoS's `Arts &amp; Humanities`) but in notes.
                self.values[tag].append(
                    value if tag in ("N1", "RN", "AB") else html.unescape(value)
                )
        self.used: set[str] = {"TY"}
        self.repeated: set[str] = set()
        self.problems: list[str] = []  # values read but not understood

    def all(self, *tags: str) -> list[str]:
        self.used.update(tags)
        return [v for tag in tags for v in self.values.get(tag, [])]

    def first(self, *tags: str) -> str | None:
        """The value of the first of ``tags`` present; a second, different value of it is
        noted as left out."""
        self.used.update(tags)
        for tag in tags:
            found = list(dict.fromkeys(self.values.get(tag, [])))
            if found:
                if len(found) > 1:
                    self.repeated.add(tag)
                return found[0]
        return None

    def has(self, tag: str) -> bool:
        return bool(self.values.get(tag))


@dataclass
class Report:
    """What a file left out, gathered so a big file gets one line per kind."""

    origin: str
    unknown: Counter[str] = field(default_factory=Counter)
    unread: Counter[str] = field(default_factory=Counter)
    repeated: Counter[str] = field(default_factory=Counter)
    bookkeeping: Counter[str] = field(default_factory=Counter)
    platforms: Counter[str] = field(default_factory=Counter)
    not_names: int = 0

    def diagnostics(self) -> list[Diagnostic]:
        out = [
            Diagnostic(self.origin, None, f"unknown RIS tag {tag} skipped ({n} record(s))",
                       "warning", "unknown-tag")
            for tag, n in sorted(self.unknown.items())
        ]  # fmt: skip
        for counter, what in (
            (self.unread, "tags with no CSL field here left out"),
            (self.repeated, "second values of single-valued tags left out"),
            (self.bookkeeping, "export bookkeeping notes (N1) left out"),
            (self.platforms, "database providers (DP) left out, DB kept as the source"),
        ):
            if counter:
                listed = ", ".join(f"{k} ({n})" for k, n in sorted(counter.items()))
                out.append(Diagnostic(self.origin, None, f"{what}: {listed}", "note", "not-read"))
        if self.not_names:
            message = (
                f"{self.not_names} name value(s) with several commas (lists, not a name) left out"
            )
            out.append(Diagnostic(self.origin, None, message, "warning", "not-read"))
        return out


# --- tags to CSL -------------------------------------------------------------------------


def item(fields: Fields, kind: str, report: Report) -> dict[str, Any]:
    item: dict[str, Any] = {"type": kind}
    _titles(item, fields, kind)
    _names(item, fields, kind, report)
    _dates(item, fields)
    _pages(item, fields, kind)
    _numbers(item, fields, kind)
    _identifiers(item, fields, kind)
    _holdings(item, fields, report)
    _notes(item, fields, report)
    _links(item, fields)
    _custom_tags(item, fields, kind)
    return {k: v for k, v in item.items() if v not in (None, "", [], {})}


def _titles(item: dict[str, Any], fields: Fields, kind: str) -> None:
    book_title = fields.first("BT")
    item["title"] = fields.first("TI", "T1", "CT") or (
        book_title if kind in ("book", "manuscript") else None
    )
    item["title-short"] = fields.first("ST")
    t2, c3 = fields.first("T2"), fields.first("C3") if kind == "paper-conference" else None
    if kind in SERIES_TYPES:
        item["collection-title"] = t2
    elif kind == "paper-conference" and c3:
        # RIS.js: a conference paper's T2 is the conference, C3 the proceedings.
        item["container-title"] = c3
        item["event-title"] = t2 if t2 != c3 else None
    elif kind == "paper-conference":
        item["event-title"] = t2
    else:
        item["container-title"] = t2
    journal = fields.first("JF")  # RIS.js: JF only where T2 gives no title
    if not item.get("container-title") and kind not in SERIES_TYPES:
        item["container-title"] = journal or (None if kind == "manuscript" else book_title)
    item["collection-title"] = item.get("collection-title") or fields.first("T3")
    short = fields.first("J2", "JO", "JA", "J1") or fields.first("JI")  # JI: WoS's ISO abbreviation
    item["container-title-short"] = short
    if short and not item.get("container-title") and kind not in SERIES_TYPES | {"book"}:
        item["container-title"] = short  # RIS.js: an abbreviation stands in (Nature's RIS)


def _names(item: dict[str, Any], fields: Fields, kind: str, report: Report) -> None:
    def people(*tags: str) -> list[dict[str, str]]:
        out = []
        for value in fields.all(*tags):
            if value.count(",") > 2:
                report.not_names += 1  # Ovid PsycInfo's A2: the cited authors' family names
                continue
            name = ris_name(value)
            if name:
                out.append(name)
        return out

    authors = people("AU", "A1")
    if kind == "book" and (fields.first("TY") or "").upper() == "EDBOOK":
        item["editor"] = authors  # RIS.js: an edited book's authors are its editors
    else:
        item["author"] = authors
    second = people("A2")
    if kind == "book":
        item["collection-editor"] = second
        item["editor"] = item.get("editor") or people("A3") or people("ED")
    elif kind == "personal_communication":
        item["recipient"] = second
    else:
        item["editor"] = second or people("ED")
        item["collection-editor"] = people("A3")
    if kind in ("paper-conference", "motion_picture", "dataset"):
        item["contributor"] = people("A4")
    else:
        item["translator"] = people("A4")
    if kind == "chapter":
        item["container-author"] = people("C2")


def _dates(item: dict[str, Any], fields: Fields) -> None:
    year = fields.first("PY") or ""
    full = fields.first("DA", "Y1")
    # DA is the date, PY its year (RIS.js keeps PY as the fallback).
    item["issued"] = (ris_date(full, year) if full else None) or (ris_date(year) if year else None)
    if (full or year) and not item["issued"]:
        fields.problems.append(f"date {full or year!r} not read")
    accessed = fields.first("Y2")
    when = ris_date(accessed) if accessed else None
    # An access date is a day (Zotero, EndNote, Citavi stamp it); Ovid's Y2 of `1989//` or
    # `2016-12//` is a second publication date, not when anyone looked.
    item["accessed"] = when if when and len(when["date-parts"][0]) == 3 else None
    if accessed and not item["accessed"]:
        fields.problems.append(f"Y2 {accessed!r} is not a day; not read as the access date")


def _pages(item: dict[str, Any], fields: Fields, kind: str) -> None:
    start, end = fields.first("SP"), fields.first("EP")
    if (start, end) == ("No", "Specified"):
        return  # Ovid's "No Pagination Specified", split over the two tags
    if kind in PAGE_COUNT_TYPES and start and not end and not re.search(r"[-–]", start):
        item["number-of-pages"] = start
        return
    if start and end and end != start and not re.search(r"[-–]", start):
        page = f"{start}-{end}"
    else:
        page = start or end
    number = fields.first("C7")  # Scopus, Web of Science: the article number
    if not page:
        page = number
    elif number:
        item["number"] = number
    item["page"] = (expand_pages(page) or page) if page else None


def _numbers(item: dict[str, Any], fields: Fields, kind: str) -> None:
    item["volume"] = fields.first("VL")
    if kind == "chapter":
        item["number-of-volumes"] = fields.first("IS", "NV")  # RIS.js: numberOfVolumes
    else:
        item["issue"] = fields.first("IS")
        item["number-of-volumes"] = fields.first("NV")
    edition = fields.first("ET")
    epub = ris_date(edition) if edition and kind == "article-journal" else None
    if epub and re.search(r"\d{4}", edition or ""):
        item["available-date"] = epub  # EndNote's journal article: ET is the Epub date
    else:
        item["version" if kind in ("software", "dataset") else "edition"] = edition
    # PU, PI: Web of Science's own publisher tags, which its RIS export keeps.
    item["publisher"] = fields.first("PB") or fields.first("PU")
    item["publisher-place"] = fields.first("CY", "PP", "PI") or (
        fields.first("C1") if kind == "paper-conference" else None
    )
    item["language"] = clean_language(fields.first("LA")) or fields.first("LA")
    item["section"] = fields.first("SE")
    # EBSCO: `[ABSTRACT FROM AUTHOR]` ends the abstract, a second AB is its copyright notice.
    abstracts = [clean_abstract(v) for v in fields.all("AB") or fields.all("N2")]
    abstracts = list(dict.fromkeys(a for a in abstracts if a))
    if len(abstracts) > 1:
        fields.repeated.add("AB")
    item["abstract"] = abstracts[0] if abstracts else None
    keywords = [k.strip() for v in fields.all("KW") for k in re.split(r"\n|;", v) if k.strip()]
    item["keyword"] = ", ".join(dict.fromkeys(keywords))
    m3 = fields.first("M3")
    if m3 and _DOI_SHAPED.match(m3):
        item["DOI"] = clean_doi(m3)  # EndNote's DOI tag
    elif m3 and kind in GENRE_TYPES:
        item["genre"] = m3
    elif m3:
        item["custom"] = {"document_type": m3}
    if kind == "book":
        item["collection-number"] = fields.first("M1")
    elif kind in ("bill", "hearing", "patent"):
        item["number"] = item.get("number") or fields.first("M1")


def _identifiers(item: dict[str, Any], fields: Fields, kind: str) -> None:
    doi = clean_doi(fields.first("DO") or "") or item.get("DOI")
    if not doi:
        for value in fields.all("L3", "L2", "UR", "L1"):
            found = next(filter(None, (_DOI_URL.search(v) for v in value.split("\n"))), None)
            if found and clean_doi(found.group(1)):
                doi = clean_doi(found.group(1))
                break
    item["DOI"] = doi
    sn = " ".join(fields.all("SN"))
    issn, isbn, other = split_sn(sn)
    if kind in ("report", "patent") and other:
        item["number"] = item.get("number") or " ".join(other)
    elif other and not (issn or isbn):
        # Neither shape: what RIS.js would call it for the type.
        periodical = kind.startswith("article") or kind == "review"
        (issn, isbn) = (" ".join(other), None) if periodical else (None, " ".join(other))
    item["ISSN"], item["ISBN"] = issn, isbn
    for tag in ("N1", "M1", "M2", "U1", "U2", "U3", "U4", "U5"):
        for name, number in _ID_LINE.findall("\n".join(fields.values.get(tag, []))):
            fields.used.add(tag)  # a tag holding other text too is still named as not read
            key = name.upper()
            if key == "PMCID" and not number.upper().startswith("PMC"):
                number = f"PMC{number}"
            item.setdefault(key, number.upper() if key == "PMCID" else number)
    _extra_lines(item, fields)
    url = fields.first("UR")
    if url and url.startswith("PM:"):
        item.setdefault("PMID", url[3:].strip())  # Reference Manager's PMID in UR (RIS.js)
        url = None
    # One URL; several on one line are split at `;` or spaces (rispy's examples).
    urls = list(dict.fromkeys(re.split(r"[;\s]+", url.strip()))) if url else []
    if len(urls) > 1:
        fields.repeated.add("UR")
    item["URL"] = urls[0] if urls else None
    key = fields.first("ID")
    if key and _KEY.match(key) and re.search(r"[a-z]", key) and not key.startswith("RefID:"):
        item["id"] = key
    elif key and fields.has("DB") and not fields.has("AN"):
        item["call-number"] = key  # Ovid: ID is the database's accession number (EJ389705)
    elif key:
        fields.used.discard("ID")  # EndNote's record number: named as not read


# RIS.js's custom tags C1–C6 where the item type gives them a CSL home (C2 of a chapter, C3
# of a conference paper and C7 are read with the names, titles and pages).
CUSTOM_TAGS = {
    ("C1", "map"): "scale",
    ("C3", "graphic"): "dimensions",
    ("C3", "patent"): "jurisdiction",
    ("C4", "motion_picture"): "genre",
    ("C5", "song"): "medium",
    ("C5", "motion_picture"): "medium",
    ("C6", "patent"): "status",
}


def _custom_tags(item: dict[str, Any], fields: Fields, kind: str) -> None:
    for (tag, on), variable in CUSTOM_TAGS.items():
        if kind == on:
            item[variable] = item.get(variable) or fields.first(tag)
    c2 = fields.values.get("C2", [])
    if kind != "chapter" and c2:
        # EndNote's journal article: C2 the PMCID; Scopus's: C2 the PubMed ID.
        scopus = any("scopus" in v.lower() for v in fields.values.get("DB", []))
        for value in c2:
            if re.fullmatch(r"PMC\d+", value.strip(), re.IGNORECASE):
                item.setdefault("PMCID", value.strip().upper())
                fields.used.add("C2")
            elif scopus and value.strip().isdigit():
                item.setdefault("PMID", value.strip())
                fields.used.add("C2")


def _holdings(item: dict[str, Any], fields: Fields, report: Report) -> None:
    call_number, accession = fields.first("CN"), fields.first("AN")
    library, database = fields.first("DP"), fields.first("DB")
    if call_number:
        item["call-number"], item["archive_location"] = call_number, accession
    else:
        # EBSCO writes no AN: its accession number opens the N1 note.
        noted = re.search(
            r"^Accession Number:\s*([^;\s]+)", "\n".join(fields.values.get("N1", [])), re.M
        )
        item["call-number"] = accession or (noted.group(1) if noted else item.get("call-number"))
    if library and database and _PLATFORM.search(library):
        item["source"] = database
        report.platforms[library] += 1
    elif library:
        item["source"], item["archive"] = library, database
    else:
        item["source"] = database
    every_db = " ".join(fields.all("DB"))
    if re.search(r"embase", every_db, re.I) or "embase.com" in (fields.first("UR") or ""):
        # Embase: U2 its accession number (L…), C5 the MEDLINE PMID.
        item["call-number"] = item.get("call-number") or fields.first("U2")
        pmid = fields.first("C5")
        if pmid and pmid.isdigit():
            item.setdefault("PMID", pmid)
    if accession and accession.isdigit() and re.search(r"medline|pubmed", every_db, re.I):
        item.setdefault("PMID", accession)


def _extra_lines(item: dict[str, Any], fields: Fields) -> None:
    for value in fields.values.get("M2", []):
        found = _EXTRA_LINE.match(value.strip())
        if not found:
            continue
        name, text = found.group(1), found.group(2).strip()
        key = name.lower() if "-" in name else name.upper()
        if key.endswith("-date"):
            date = plain_iso(text)
            if date is None:
                continue
            item.setdefault(key, date)
        elif not item.get(key):
            item[key] = text
        fields.used.add("M2")


def _notes(item: dict[str, Any], fields: Fields, report: Report) -> None:
    notes = []
    for value in fields.all("N1", "M2", "RN"):
        line = re.sub(r"^undefined\s*;\s*", "", squash(value))  # RefWorks' empty first note
        kept = _BOOKKEEPING.match(line)
        if kept:
            report.bookkeeping[kept.group(1).capitalize()] += 1
        elif not _ID_LINE.sub("", line).strip(" ;,.") or _EXTRA_LINE.match(line):
            continue  # only PMID/PMCID or a Zotero Extra line, read as fields
        elif line and line != item.get("title"):  # EndNote repeats the title in N1 (RIS.js)
            notes.append(line)
    item["note"] = "\n".join(dict.fromkeys(notes))


_PDF_LINK = re.compile(r"\.pdf(?:[?#]|$)|/pdf/", re.IGNORECASE)


def _links(item: dict[str, Any], fields: Fields) -> None:
    # Ovid's ERIC writes the DOI link in L1: a DOI (read above), not a PDF.
    pdfs = [
        line.strip()
        for v in fields.all("L1")
        for line in v.split("\n")
        if line.strip() and not re.search(r"doi\.org/10\.", line)
    ]
    # L2 (full text) and L4 (figures, other files) links that are PDFs go with L1's; the
    # others have no CSL field and are named.
    for tag in ("L2", "L4"):
        links = [x.strip() for v in fields.values.get(tag, []) for x in v.split("\n")]
        found = [link for link in links if _PDF_LINK.search(link)]
        if found and len(found) == len([x for x in links if x]):
            fields.used.add(tag)
        pdfs += found
    if pdfs:
        item.setdefault("custom", {})["pdf"] = list(dict.fromkeys(pdfs))
