"""EBSCO detailed records (EBSCOhost and EDS "Detailed Record" pages, copied as text).

The layout (labels, sections, several records in one file) is read by ``grammar/ebscofields``
and the ``Source`` field by ``grammar/ebscosource``; this module turns each record's labels
into CSL fields.

Rules followed:
- ISSN per ISO 3297 (``NNNN-NNNC``); EBSCO prints it without the hyphen.
- Zotero's EBSCOhost translator stores the accession number as the Call Number and the
  database as the Library Catalog (it empties Archive): CSL ``call-number`` and ``source``
  (RIS ``CN``/``DP``). Reference lists then leave them out as Zotero's do; ``archive`` and
  ``archive_location`` would be printed by APA and Chicago.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from citekit.dates import YEAR, numeric_date
from citekit.errors import Diagnostic
from citekit.names import EMAIL, parse_person, role
from citekit.normalize import clean_doi, clean_issn, clean_language, squash, strip_title_period
from citekit.parsers import ParseResult
from citekit.parsers.grammar.ebscofields import (
    AUTHOR_LABELS,
    KEYWORD_LABELS,
    MAPPED,
    UNMAPPED_OK,
    Fields,
    Get,
    clean_abstract,
    csl_type,
    first_value,
    label_of,
    paragraphs,
    split_records,
    text_of,
    tokens,
)
from citekit.parsers.grammar.ebscosource import parse_source
from citekit.record import Record

NAME = "ebsco"
# The file suffixes a folder is searched for on this reader's behalf (content decides
# which reader reads a file; these only decide which files in a folder are read).
SUFFIXES = (".txt", ".text")
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# three EBSCO labels; its Source lines would also pass for PubMed citations.
DETECT_ORDER = 30


# Three of these labels make a text an EBSCO record.
_SIGNATURE = {
    "authors", "source", "publication year", "database", "accession number", "issn",
    "publication type", "document type", "subject terms", "language", "isbn", "publisher",
    "journal", "volume", "issue",
}  # fmt: skip


def matches(text: str) -> bool:
    """True when ``text`` has the labelled layout of an EBSCO detailed record."""
    labels = set()
    for line in text[:20000].splitlines():
        found = label_of(line)
        if found:
            labels.add(found[0])
    return len(labels & _SIGNATURE) >= 3


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse every EBSCO detailed record in ``text``."""
    result = ParseResult()
    skipped: set[str] = set()
    for raw in split_records(tokens(text)):
        item, problems, unmapped = _record(raw)
        skipped |= unmapped
        line = raw["line"] or _first_line(raw)
        item["custom"] = {**item.get("custom", {}), "found_on": {"file": origin, "line": line}}
        for code, problem in problems:
            result.diagnostics.append(Diagnostic(origin, line, problem, "warning", code))
        result.records.append(Record.from_csl(item))
    if skipped - UNMAPPED_OK:
        result.diagnostics.append(
            Diagnostic(
                origin,
                None,
                "fields with no CSL equivalent skipped: "
                + ", ".join(sorted(skipped - UNMAPPED_OK)),
                "warning",
                "not-read",
            )
        )
    if not result.records:
        result.diagnostics.append(
            Diagnostic(origin, None, "no EBSCO record found", "error", "not-recognised")
        )
    return result


def _first_line(raw: dict[str, Any]) -> int | None:
    for lines in raw["fields"].values():
        for _, number in lines:
            return number
    return None


def _record(raw: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]], set[str]]:
    """One record's CSL item, what to report about it as (code, message), and the labels
    citekit has no field for."""
    fields: Fields = raw["fields"]
    get = partial(first_value, fields)
    item: dict[str, Any] = {"type": "article-journal"}
    problems: list[tuple[str, str]] = []
    _read_title(item, raw, get, problems)
    _read_type(item, get)
    authors, editors = _names(fields, AUTHOR_LABELS | {"editors", "editor"})
    if authors:
        item["author"] = authors
    if editors:
        item["editor"] = editors
    _read_source(item, get, problems)
    _read_dates(item, get)
    _read_description(item, fields, get)
    _read_identifiers(item, fields, get)
    _read_publication(item, get)
    keywords = [k for label in fields if label in KEYWORD_LABELS for k in _list(fields[label])]
    if keywords:
        item["keyword"] = ", ".join(dict.fromkeys(keywords))
    unmapped = {
        label
        for label in fields
        if label not in MAPPED and label not in KEYWORD_LABELS and label not in AUTHOR_LABELS
    }
    return item, problems, unmapped


# Each step below reads a group of labels into ``item``; ``get(*labels)`` is the text of the
# first of them the record has ("" when none), so a missing label needs no test.


def _read_title(
    item: dict[str, Any], raw: dict[str, Any], get: Get, problems: list[tuple[str, str]]
) -> None:
    title = re.sub(r"^\d{1,4}\.\s+", "", text_of([t for t in raw["title"] if t[0]]) or get("title"))
    if title:
        item["title"] = strip_title_period(title)
    else:
        problems.append(("no-title", "record has no title"))


def _read_type(item: dict[str, Any], get: Get) -> None:
    kind = " ".join(
        get(label)
        for label in ("publication type", "document type", "source type", "resource type")
    ).strip()
    database_kind = get("database")
    item["type"] = csl_type(kind)
    says_journal = re.search(r"journal", kind, re.IGNORECASE)
    news = re.search(r"newspaper|news source|magazine|masterfile", database_kind, re.IGNORECASE)
    if item["type"] == "article-journal" and not says_journal and news:
        # "Document Type: Article" does not say where; "Newspaper Source" does.
        item["type"] = csl_type(database_kind)
    doc_type = get("document type") or get("publication type")
    if doc_type:
        item.setdefault("custom", {})["document_type"] = doc_type


def _read_source(item: dict[str, Any], get: Get, problems: list[tuple[str, str]]) -> None:
    source = get("source") or get("published in")  # EDS says "Published in"
    if source:
        parsed, unread = parse_source(source)
        item.update({k: v for k, v in parsed.items() if v})
        if unread:
            problems.append(("partly-read", f"source line not fully read: {unread!r}"))
    elif item["type"] not in ("book", "thesis", "report"):  # these name a publisher instead
        problems.append(("no-source", "record has no Source line"))
    for label, key in (("journal", "container-title"), ("volume", "volume"), ("issue", "issue")):
        value = get(label)
        if value and (label == "journal" or key not in item):
            item[key] = value
    if item["type"] in ("book", "report", "thesis") and "container-title" in item:
        item.setdefault("publisher", item.pop("container-title"))


def _read_dates(item: dict[str, Any], get: Get) -> None:
    year = get("publication year")
    if year and "issued" not in item and re.fullmatch(YEAR, year):
        item["issued"] = {"date-parts": [[int(year)]]}
    pub_date = get("publication date")
    if pub_date and "issued" not in item:
        item["issued"] = numeric_date(pub_date) or {"literal": pub_date}


def _read_description(item: dict[str, Any], fields: Fields, get: Get) -> None:
    abstract = clean_abstract(paragraphs(fields.get("abstract") or fields.get("description")))
    if abstract:
        item["abstract"] = abstract
    language = clean_language(get("language"))
    if language:
        item["language"] = language
    issn = clean_issn(" ".join(filter(None, (get("issn"), get("e-issn")))))
    if issn:
        item["ISSN"] = issn
    number = get("dissertation number")
    if number:
        item["number"] = number
    isbn = get("isbn")
    if isbn:
        item["ISBN"] = squash(isbn.replace(";", ","))


def _read_identifiers(item: dict[str, Any], fields: Fields, get: Get) -> None:
    database, accession = get("database"), get("accession number", "an")
    if database:
        item["source"] = database
    if accession:
        item["call-number"] = accession
        if "medline" in database.lower() and accession.isdigit():
            item["PMID"] = accession
    pmid = get("pmid") or _pmid_in(get("medline info"))
    if pmid.isdigit():
        item["PMID"] = pmid
    pmcid = re.search(r"PMC\d+", get("pubmed central id", "pmcid"))
    if pmcid:
        item["PMCID"] = pmcid.group(0)
    doi = clean_doi(get("doi", "digital object identifier")) or _full_text_doi(fields)
    if doi:
        item["DOI"] = doi
    url = get("url")
    if url and not doi:
        item["URL"] = url


def _read_publication(item: dict[str, Any], get: Get) -> None:
    publisher = get("publisher", "publisher information", "publication information", "published")
    if publisher:
        # "Totowa, N.J. : Humana Press. 2010" (library catalogue imprint: place, name, year)
        year = re.search(rf"[.,]?\s*(?:c|©)?({YEAR})\.?$", publisher)
        if year:
            publisher = publisher[: year.start()]
            item.setdefault("issued", {"date-parts": [[int(year.group(1))]]})
        place, sep, name = publisher.partition(":")
        if sep and 0 < len(place) < 40 and not re.search(r"\d", place):
            item.setdefault("publisher-place", squash(place))
            publisher = name
        item["publisher"] = squash(publisher).strip(" ,.;")
    edition = re.match(r"(\d+)(?:st|nd|rd|th)?\s+ed", get("edition"))
    if edition:
        item["edition"] = edition.group(1)
    place = get("place of publication")
    if place:
        item["publisher-place"] = place
    pages = get("number of pages", "page count")
    if pages and pages.isdigit():
        item.setdefault("number-of-pages", pages)


def _pmid_in(text: str) -> str:
    match = re.search(r"PMID\s*:?\s*(\d+)", text)
    return match.group(1) if match else ""


def _names(
    fields: dict[str, list[tuple[str, int]]], labels: set[str]
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Authors and editors from the name fields: one name per line or ``;``-separated, with
    EBSCO's role labels (``(AUTHOR)``, ``(EDITOR)``, ``, editor``) deciding which is which."""
    authors: list[dict[str, str]] = []
    editors: list[dict[str, str]] = []
    for label in fields:
        if label not in labels:
            continue
        for value, _ in fields[label]:
            for part in re.split(r"\s*;\s*", EMAIL.sub("", value)):
                bare, kind = role(part)
                if not bare.strip():
                    continue
                if label == "corporate authors":
                    person: dict[str, str] | None = {"literal": squash(bare)}
                else:
                    person = parse_person(bare, order="given-family")
                if person:
                    (editors if kind == "editor" or label.startswith("editor") else authors).append(
                        person
                    )
    return authors, editors


def _list(lines: list[tuple[str, int]]) -> list[str]:
    out = []
    for value, _ in lines:
        for part in re.split(r"\s*;\s*", value):
            part = squash(part).strip(" .*")
            if part:
                out.append(part)
    return out


def _full_text_doi(fields: dict[str, list[tuple[str, int]]]) -> str | None:
    for label in ("full text", "url"):
        for value, _ in fields.get(label) or []:
            for token in value.split():
                doi = clean_doi(token) if "10." in token else None
                if doi:
                    return doi
    return None
