"""The NLM citation grammar: PubMed's journal source line and its named parts.

Rules followed (cited so a reader can check the grammar against them):
- NLM *Citing Medicine*, 2nd ed., ch. 1 "Journals": the journal source is
  ``<MedlineTA>. <Date>;<Volume>(<Issue>):<Pagination>.``; dates are ``YYYY Mon DD``,
  a month range ``2021 Mar-Apr``, a season ``2020 Winter`` or a bare year; the issue may carry
  ``Suppl``/``Pt`` parts; pagination uses abbreviated ranges (``466-75``) and electronic
  locators (``e0123456``). Ch. 3 "Parts of books": ``In: Editor, editor. Book. Place:
  Publisher; Year. p. x-y.``
- PubMed's citation display (MEDLINE/PubMed "Summary" and "Abstract" text formats): the
  source is followed by ``pii: …``, ``doi: …``, ``Epub YYYY Mon DD.``, ``eCollection YYYY.``,
  ``PMID: n``, ``PMCID: PMCn``. With an electronic date the line's own date is the issue date
  (CSL ``issued``) and the Epub date is CSL ``available-date``. Articles ahead of print have no
  volume, and their pii stands where the pagination would (``2022 Oct 7:S1080-6032(22)00139-9``).

The other parts of a pasted citation live beside this module: publishers' own citation
lines in ``publishers``, and how the parts sit around a source line in ``layout``; author
lines are read by ``citekit.names``, and the dates in a source line by ``citekit.dates``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from citekit.dates import DATE, MONTH, SEASON, parse_date
from citekit.names import parse_person, split_authors
from citekit.normalize import DOI_IN_TEXT, LANGUAGE_CODES, clean_doi, expand_pages, squash

# ---- named parts of the grammar ------------------------------------------------------

# What follows the date: ";Volume(Issue):Pagination", any of the three parts optional.
LOCATION = (
    r"(?:\s*;\s*(?P<volume>[^;:()\s][^;:()]*?)?)?"
    r"(?:\s*\((?P<issue>[^()]*(?:\([^()]*\)[^()]*)*)\))?"
    r"(?:\s*:\s*(?P<pages>[^\s;]+?(?:\s*-\s*[^\s;.]+)?))?"
)
_SOURCE_AT_START = re.compile(
    rf"^(?P<journal>[A-Z0-9][^\n]{{0,150}}?)\.\s+(?P<date>{DATE}){LOCATION}"
    r"(?P<end>\.(?=\s|$)|\s*$|;(?=\s))"
)
# Inside a longer line the journal cannot contain a period (MedlineTA abbreviations never do),
# which is what separates it from the title sentence before it.
_SOURCE_EMBEDDED = re.compile(
    rf"(?:^|(?<=[.?!]\s))(?P<journal>[A-Z][^.?!\n]{{0,120}}?)\.\s+(?P<date>{DATE}){LOCATION}"
    r"(?P<end>\.(?=\s|$)|\s*$|;(?=\s))"
)
_PII = re.compile(r"\bpii\s*:\s*(?P<pii>[^\s]+?)\.?(?=\s|$)", re.IGNORECASE)
_DOI_LABEL = re.compile(r"\bdoi\s*:\s*", re.IGNORECASE)
_EPUB = re.compile(rf"\bEpub\s+(?P<date>{DATE})", re.IGNORECASE)
_PMID = re.compile(r"\bPMID\s*:?\s*(?P<pmid>\d{1,9})\b")
_PMCID = re.compile(r"\bPMCID\s*:?\s*(?P<pmcid>PMC\d+)\b", re.IGNORECASE)


@dataclass
class SourceLine:
    """What a PubMed source line says, part by part; ``None`` where the line is silent."""

    journal: str
    issued: dict[str, Any] | None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    pii: str | None = None
    doi: str | None = None
    available: dict[str, Any] | None = None
    pmid: str | None = None
    pmcid: str | None = None
    start: int = 0  # where the journal begins in the text it was found in
    full_title: bool = False  # the journal is named in full (publisher styles), not abbreviated
    language: str | None = None  # "[Article in Spanish]", or PubMed's trailing "German."
    # A book chapter ("In: Editor, editor. Book. Place: Publisher; Year. p. x-y.") fills these.
    book: dict[str, Any] | None = None

    def csl(self) -> dict[str, Any]:
        """The CSL fields this line gives."""
        out: dict[str, Any]
        if self.book is not None:
            out = {"type": "chapter", **self.book}
        else:
            out = {}
            if self.journal:
                key = "container-title" if self.full_title else "container-title-short"
                out[key] = self.journal
        for key, value in (
            ("issued", self.issued),
            ("volume", self.volume),
            ("issue", self.issue),
            ("page", self.page),
            ("DOI", self.doi),
            ("available-date", self.available),
            ("PMID", self.pmid),
            ("PMCID", self.pmcid),
            ("language", self.language),
        ):
            if value:
                out[key] = value
        return out

    def key(self) -> tuple[Any, ...]:
        """Two lines with the same key cite the same article (a repeated paste)."""
        return (
            self.journal.lower() or str(self.book),
            str(self.issued),
            self.volume,
            self.issue,
            self.page,
            (self.doi or "").lower(),
        )


# NLM Citing Medicine, ch. 3 "Parts of books": the chapter's source names the book.
_CHAPTER = re.compile(
    r"(?:^|(?<=[.?!]\s))In:\s*(?P<editors>[^.]+?),\s*(?:editors?|eds?)\.\s*"
    r"(?P<book>.+?)\.\s*(?:(?P<edition>\d+(?:st|nd|rd|th)?\s+ed)\.\s*)?"
    r"(?P<place>[^.:;]+?)(?:\s*\([A-Za-z ]+\))?:\s*(?P<publisher>[^;]+?);\s*"
    rf"(?P<date>{DATE})[^.]*\.(?:\s*p\.\s*(?P<pages>[\w]+(?:\s*-\s*\w+)?)\.?)?"
)


def find_source(text: str, *, embedded: bool = False) -> SourceLine | None:
    """Find a PubMed source line in ``text`` (at its start, or anywhere when ``embedded``)."""
    pattern = _SOURCE_EMBEDDED if embedded else _SOURCE_AT_START
    for match in pattern.finditer(text):
        source = _build(match, text)
        if source:
            return source
    chapter = _CHAPTER.search(text)
    if chapter and (embedded or chapter.start() == 0):
        return _build_chapter(chapter, text)
    return None


def _build_chapter(match: re.Match[str], text: str) -> SourceLine:
    editors = [parse_person(e) for e in split_authors(match.group("editors"))]
    book: dict[str, Any] = {
        "container-title": squash(match.group("book")),
        "editor": [e for e in editors if e],
        "publisher": squash(match.group("publisher")),
        "publisher-place": squash(match.group("place")),
    }
    if match.group("edition"):
        book["edition"] = re.sub(r"\D", "", match.group("edition"))
    source = SourceLine(
        journal="", issued=parse_date(match.group("date")), start=match.start(), book=book
    )
    source.page = expand_pages(match.group("pages"))
    tail = text[match.end() :]
    source.doi = doi_after_label(tail)
    ids = read_ids(tail)
    source.pmid, source.pmcid = ids.get("PMID"), ids.get("PMCID")
    return source


def _build(match: re.Match[str], text: str) -> SourceLine | None:
    journal = squash(match.group("journal")).strip("*_ ")
    volume, issue, pages = match.group("volume", "issue", "pages")
    tail = text[match.end() :]
    has_location = bool(volume or issue or pages)
    has_month = bool(re.search(rf"\s(?:{MONTH}|{SEASON})", match.group("date")))
    tail_signal = bool(_DOI_LABEL.search(tail) or _EPUB.search(tail) or _PMID.search(tail))
    if not (has_location or tail_signal or (has_month and match.group("end") == ".")):
        return None
    if re.search(r"\b(?:doi|pmid|http)", journal, re.IGNORECASE) or len(journal) < 2:
        return None
    volume = squash(volume) if volume else None
    supplement = re.match(r"^(?P<volume>\S+)\s+(?P<supp>(?:Suppl|Pt|Spec No)\b.*)$", volume or "")
    if supplement and not issue:
        # "2014;100 Suppl 3:A12": NLM puts a supplement without an issue after the volume.
        volume, issue = supplement.group("volume"), supplement.group("supp")
    source = SourceLine(
        journal=journal,
        issued=parse_date(match.group("date")),
        volume=volume,
        issue=squash(issue) if issue else None,
        start=match.start("journal"),
    )
    if pages:
        pages = pages.rstrip(".")
        if not volume and not issue:
            source.pii = pages  # ahead of print: the pii stands where the pages would
        else:
            source.page = expand_pages(pages)
    pii = _PII.search(tail)
    if pii:
        source.pii = source.pii or pii.group("pii")
    source.doi = doi_after_label(tail) or doi_url(tail)
    epub = _EPUB.search(tail)
    if epub:
        source.available = parse_date(epub.group("date"))
    ids = read_ids(tail)
    source.pmid, source.pmcid = ids.get("PMID"), ids.get("PMCID")
    source.language = language_note(tail)
    return source


def language_note(text: str) -> str | None:
    """The language PubMed notes for a non-English article: ``[Article in Spanish]``, or the
    language name as a sentence of its own after the source (``… 2018 Mar;143(5):321-7.
    German.``)."""
    match = re.search(r"\[?Article in (?P<name>[A-Z][a-z]+)\]?", text) or re.search(
        r"(?:^\s*|[.;]\s)(?P<name>[A-Z][a-z]+)\.(?=\s|$)", text
    )
    if match and match.group("name").lower() in LANGUAGE_CODES:
        return LANGUAGE_CODES[match.group("name").lower()]
    return None


def doi_after_label(text: str) -> str | None:
    """The DOI after a ``doi:`` label in ``text`` (a stray space after the slash is rejoined)."""
    label = _DOI_LABEL.search(text)
    if not label:
        return None
    found = DOI_IN_TEXT.match(text, label.end())
    return clean_doi(found.group(0)) if found else None


def doi_url(text: str) -> str | None:
    """A DOI given as a resolver URL (``https://doi.org/…``) rather than after ``doi:``."""
    match = re.search(r"https?://(?:dx\.|www\.)?doi\.org/\S+", text, re.IGNORECASE)
    return clean_doi(match.group(0)) if match else None


def read_ids(text: str) -> dict[str, str]:
    """``PMID: 123; PMCID: PMC456`` → ``{"PMID": "123", "PMCID": "PMC456"}``."""
    ids = {}
    pmid = _PMID.search(text)
    if pmid:
        ids["PMID"] = pmid.group("pmid")
    pmcid = _PMCID.search(text)
    if pmcid:
        ids["PMCID"] = pmcid.group("pmcid").upper()
    return ids
