"""EBSCO detailed records (EBSCOhost and EDS "Detailed Record" pages, copied as text).

A record is its title, then ``Label :`` lines each followed by its value lines (``Authors :``,
``Source :``, ``Publication Year :``), an ``Abstract`` section and a ``Details`` section of
more labels. Several records pasted into one file follow each other; a label seen a second
time starts the next record, whose title is the paragraph just before it.

Rules followed:
- EBSCO's citation display of the ``Source`` field (EBSCOhost help, "Detailed Record"):
  ``<Journal>. <MonYYYY|SeasonYYYY|YYYY|M/D/YYYY>, Vol. <v> Issue <i>, p<first>-<last>. <n>p.``
  with ``Supplement`` parts, ``pN.PAG-N.PAG`` for "no pagination", ``ArtID``/e-locators; and
  ERIC's ``<Journal>, v<vol> n<issue> p<pages> <Mon> <YYYY>``.
- Abstracts end with ``[ABSTRACT FROM AUTHOR]``/``[ABSTRACT FROM PUBLISHER]`` and EBSCO's
  ``Copyright of <Journal> is the property of …`` notice, neither part of the abstract.
- ISSN per ISO 3297 (``NNNN-NNNC``); EBSCO prints it without the hyphen.
- Zotero's EBSCOhost translator stores the accession number as the Call Number and the
  database as the Library Catalog (it empties Archive): CSL ``call-number`` and ``source``
  (RIS ``CN``/``DP``). Reference lists then leave them out as Zotero's do; ``archive`` and
  ``archive_location`` would be printed by APA and Chicago.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import (
    EBSCO_DATE,
    MONTH,
    SEASON,
    SEASONS,
    YEAR,
    date_parts,
    eric_date,
    numeric_date,
    parse_date,
    parse_ebsco_date,
)
from citekit.errors import Diagnostic
from citekit.names import EMAIL, parse_person, role
from citekit.normalize import (
    clean_doi,
    clean_issn,
    clean_language,
    expand_pages,
    squash,
    strip_title_period,
)
from citekit.parsers import ParseResult
from citekit.record import Record

NAME = "ebsco"
# The file suffixes a folder is searched for on this reader's behalf (content decides
# which reader reads a file; these only decide which files in a folder are read).
SUFFIXES = (".txt", ".text")
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# three EBSCO labels; its Source lines would also pass for PubMed citations.
DETECT_ORDER = 30

# ---- named parts of the grammar ------------------------------------------------------

_LABEL_WORDS = r"[A-ZÀ-Ý][\w/&'(),.\- ]{0,60}?"
_LABEL = re.compile(rf"^\s*(?P<label>{_LABEL_WORDS})\s+:\s*(?P<value>.*?)\s*$")
_LABEL_ALONE = re.compile(
    r"^\s*(?P<label>[A-ZÀ-Ý][\w/&'()\-]*(?: [\w/&'()\-]+){0,5}) ?:(?P<value>)\s*$"
)
_LABEL_TAB = re.compile(rf"^\s*(?P<label>{_LABEL_WORDS}) ?:\t+(?P<value>.*?)\s*$")
_TIGHT_LABEL = re.compile(r"^\s*(?P<label>[A-ZÀ-Ý][\w/ -]{1,40}?):\s+(?P<value>.+?)\s*$")
# EBSCOhost in Spanish (the interface language is the user's choice, the fields are the same).
LABEL_ALIASES = {
    "título": "title", "autores": "authors", "autor": "authors", "fuente": "source",
    "tipo de documento": "document type", "tipo de publicación": "publication type",
    "idioma": "language", "número de acceso": "accession number", "base de datos": "database",
    "resumen": "abstract", "año de publicación": "publication year", "materias": "subject terms",
    "editorial": "publisher", "revista": "journal", "volumen": "volume", "número": "issue",
}  # fmt: skip
_SECTION = re.compile(r"^\s*(?P<label>Abstract|Details|Full Text|Related Information)\s*:?\s*$")
_CHROME = re.compile(
    r"^\s*(?:Back to (?:Search|results|Result List)|Start Over|Result List|Refine Search|"
    r"Add to folder|Print|E-?mail|Save|Cite|Export|Permalink|Share|Listen|Translate|"
    r"Google Drive|PDF Full Text|HTML Full Text|Find Similar Results.*|Detailed Record|"
    r"Tools|Previous|Next|Search Results|Record:? \d+.*)(?:\s+(?:Start Over|Back to Search))*\s*$",
    re.IGNORECASE,
)

_SOURCE = re.compile(
    rf"^(?P<journal>.*?)[.,;]?\s*(?P<date>(?<![\w/]){EBSCO_DATE})(?![\w/])"
    r"(?:\s+(?P<dsupp>(?:Special\s+)?Supplement(?:\s+\d+)?|Special Issue))?"
    r"\s*(?:,|\.|$)\s*(?P<rest>.*)$"
)
# CINAHL: "Journal of Clinical Nursing (J CLIN NURS), Mar2022; 31(5-6): 512-523. (12p)"
_CINAHL = re.compile(
    rf"^(?P<journal>.+?)\s*\([A-Z0-9 &.-]+\),\s*(?P<date>{EBSCO_DATE});\s*(?P<volume>[^(:]+?)"
    r"\s*(?:\((?P<issue>[^)]+)\))?\s*:\s*(?P<pages>[\w-]+)\.?\s*(?:\((?P<count>\d+)p\))?\.?$"
)
# APA PsycInfo: "JAMA: Journal of the American Medical Association, Vol 324(5), Aug, 2020.
# pp. 471-480."
_PSYCINFO = re.compile(
    r"^(?P<journal>.+?),\s*Vol\.?\s*(?P<volume>[^(,]+?)\s*(?:\((?P<issue>[^)]+)\))?,\s*"
    rf"(?:(?P<mon>{MONTH}|{SEASON})(?:\s+(?P<day>\d{{1,2}}))?,\s*)?(?P<year>{YEAR})\.?"
    r"(?:\s*pp?\.\s*(?P<pages>[\w-]+)\.?)?(?:\s*No Pagination Specified\.?)?$"
)
# A book's Source in catalogue (ISBD) form: "Totowa, N.J. : Humana Press. 2010. 1160 p."
_IMPRINT = re.compile(
    rf"^(?P<place>[^:;]{{2,60}}?)\s*:\s*(?P<publisher>[^.:;]+?)[.,]\s*(?:c|©)?(?P<year>{YEAR})\.?"
    r"(?:\s*(?P<count>\d+)\s*p\.?)?$"
)
# EBSCO's descriptions of illustrations, which are not bibliographic data.
_ILLUSTRATIONS = re.compile(
    r"\b\d+\s+(?:Color |Black and White )?(?:Photographs?|Charts?|Diagrams?|Graphs?|Maps?|"
    r"Illustrations?|Cartoons?|Tables?)\b|\b\d+/\d+p\b",
    re.IGNORECASE,
)
_ERIC = re.compile(
    r"^(?P<journal>.+?),?\s+v(?P<volume>[\w./-]+)(?:\s+n(?P<issue>[\w./-]+))?"
    rf"(?:\s+p(?P<pages>[\w.,-]+?))?(?:\s+(?P<date>(?:{MONTH}\s+|{SEASON}\s+)?(?:\d{{1,2}}\s+)?{YEAR}))?"
    r"\.?(?:\s+(?P<count>\d+)\s*pp?\.?)?$"
)
_VOLUME = re.compile(r"\bVol\.?\s*(?P<volume>[\w.]+(?:\s*[-/]\s*[\w.]+)?)", re.IGNORECASE)
_ISSUE = re.compile(
    r"\b(?:Issue|Iss\.|No\.)\s*(?P<issue>[\w.]+(?:\s*[-/]\s*[\w.]+)?)", re.IGNORECASE
)
_SUPPLEMENT = re.compile(
    r"\b(?P<supp>(?:Special\s+)?Supplement(?:\s+[\w.]+)?|Suppl\.?(?:\s*[\w.]+)?)", re.IGNORECASE
)
_PAGES = re.compile(
    r"(?:^|[\s,])p(?:p\.?)?\s?(?P<pages>[A-Za-z]*\d[\w.]*(?:\s*-\s*[\w.]+)?|N\.PAG(?:-N\.PAG)?)"
    r"(?:\([A-Z]\))?\.?(?=[\s,;]|$)"  # a newspaper edition mark: pA14(L)
)
_PAGE_COUNT = re.compile(r"(?:^|[\s,.])(?P<count>\d+)\s*p\.?(?=[\s,;]|$)")
_ARTICLE = re.compile(
    r"\b(?:ArtID|Article(?:\s+(?:ID|Number|No\.?))?)\s*:?\s*(?P<art>\w[\w.-]*?)\.?(?=[\s,;]|$)",
    re.IGNORECASE,
)
_ELOCATOR = re.compile(r"(?:^|[\s,])(?P<eloc>e\d+)\.?(?=[\s,;]|$)")

_ABSTRACT_TAG = re.compile(r"\s*\[(?:ABSTRACT|ABSTRACTS?) FROM [A-Z ]+\]\s*", re.IGNORECASE)
_COPYRIGHT = re.compile(
    r"\s*(?:Copyright of\s.*?\bis the property of\b.*"
    r"|\(PsycInfo Database Record[^)]*\([cC]\)[^)]*\))\Z",
    re.DOTALL,
)

# Publication/Document/Source types as EBSCO names them → CSL types (first match wins).
TYPE_TABLE: list[tuple[str, str]] = [
    (r"book review|review of", "review-book"),
    (r"dissertation|thesis", "thesis"),
    (r"book chapter|chapter", "chapter"),
    (r"conference|proceeding|symposium|congress", "paper-conference"),
    (r"journal articles?\b|academic journal", "article-journal"),
    (r"newspaper|newswire|news", "article-newspaper"),
    (r"magazine|periodical|trade publication", "article-magazine"),
    (r"report|government document|white paper|working paper|technical", "report"),
    (r"e-?book|book|monograph", "book"),
    (r"journal|article|review|editorial|letter|case stud", "article-journal"),
]

# Labels whose values become keywords.
KEYWORD_LABELS = {
    "subject terms",
    "subjects",
    "author-supplied keywords",
    "keywords",
    "mesh terms",
    "major subjects",
    "minor subjects",
    "subject",
    "descriptors",
    "identifiers",
}
AUTHOR_LABELS = {"authors", "author", "contributors", "other authors", "corporate authors"}
# Known labels whose content citekit has no field for; reported once per file, not per record.
UNMAPPED_OK = {
    "author affiliations", "affiliations", "geographic terms", "naics/industry codes",
    "company/entity", "people", "reviews & products", "record type", "physical description",
    "copyright", "lexile", "entry date", "update code", "journal info", "grant information",
    "number of references", "audience", "education level", "peer reviewed", "sponsoring agency",
    "contract number", "isbn-10", "ericid", "availability", "publication status",
    "date of copyright", "affiliation", "author affiliation", "full text word count",
    "population", "methodology", "age group", "journal subset", "special interest",
    "tests & measures", "supplemental data", "form/content", "local notes", "instrumentation",
    "nlm unique identifier", "country of publication", "revision date", "publication history",
    "number of citations in source", "language of abstract", "illustrations", "item type",
    "imprint", "reading level", "release date", "cinahl accession number", "eric number", "oclc",
    "categories", "related isbns", "correction date", "format covered",
    "psycinfo classification", "contributed indexing", "entry date(s)", "imprint name(s)",
    "substance nomenclature", "mesh terms (major)", "notes (general)", "target audience",
}  # fmt: skip


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


def _tokens(text: str) -> list[tuple[str, str | None, str, int]]:
    """Each line as (kind, label, value, number): kind is label, section, sep, text or blank."""
    out: list[tuple[str, str | None, str, int]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            out.append(("blank", None, "", number))
        elif _CHROME.match(raw):
            continue
        elif re.fullmatch(r"\s*\d{1,4}\.\s*", raw):
            out.append(("sep", None, "", number))  # numbered result list: "1." starts a record
        elif (m := _SECTION.match(raw)) is not None:
            out.append(("section", m.group("label").lower(), "", number))
        elif (found := label_of(raw)) is not None:
            out.append(("label", found[0], found[1], number))
        else:
            out.append(("text", None, raw.strip(), number))
    return out


def label_of(raw: str) -> tuple[str, str] | None:
    """(label, value) when ``raw`` is a label line in any of EBSCO's copy layouts.

    Any label may stand alone on its line (``Authors :`` / ``Authors:``, the value below) or
    before a tab (``Authors:<TAB>value``): those shapes do not occur in prose. A label with its
    value on the same line after a plain space is accepted only for labels citekit knows, since
    French typography (``Objectif : …``) and ISBD titles (``Vitamin D : a review``) look alike.
    """
    match = _LABEL_ALONE.match(raw) or _LABEL_TAB.match(raw)
    if match:
        return _canonical(match.group("label")), match.group("value").strip()
    match = _LABEL.match(raw) or _TIGHT_LABEL.match(raw)
    if match and _known(_canonical(match.group("label"))):
        return _canonical(match.group("label")), match.group("value").strip()
    return None


def _canonical(label: str) -> str:
    low = squash(label).lower()
    return LABEL_ALIASES.get(low, low)


def _known(label: str) -> bool:
    low = label.strip().lower()
    return low in _MAPPED or low in UNMAPPED_OK or low in KEYWORD_LABELS or low in AUTHOR_LABELS


_MAPPED = {
    "title", "source", "publication year", "publication date", "language", "issn", "isbn",
    "volume", "issue", "database", "journal", "publication type", "document type", "source type",
    "accession number", "an", "full text", "doi", "publisher", "publisher information",
    "publication information", "published", "number of pages", "pmid", "editors", "editor",
    "abstract", "details", "url", "pages", "place of publication", "e-issn", "alternate title",
    "notes", "note", "digital object identifier", "pubmed central id", "medline info", "pmcid",
    "published in", "resource type", "edition", "description", "dissertation number",
    "page count",
}  # fmt: skip


def _split_records(tokens: list[tuple[str, str | None, str, int]]) -> list[dict[str, Any]]:
    """Group tokens into records: {"title": [...lines], "line": n, "fields": {label: [lines]}}."""
    records: list[dict[str, Any]] = []
    current: dict[str, Any] = {"title": [], "line": None, "fields": {}, "order": []}
    label: str | None = None
    for kind, name, value, number in tokens:
        if kind == "sep":
            if current["fields"]:
                records.append(current)
                current = {"title": [], "line": None, "fields": {}, "order": []}
            label = None
            continue
        if kind in ("label", "section") and name is not None:
            if name == "details" or (kind == "section" and name == "full text" and label):
                label = None if name == "details" else name
                current["fields"].setdefault(name, [])
                continue
            if (
                name in current["fields"]
                and current["fields"][name] is not None
                and name != "details"
            ):
                previous_value = current["fields"].get(label, []) if label else current["title"]
                title_lines = _trailing_paragraph(previous_value)
                records.append(current)
                current = {"title": title_lines, "line": None, "fields": {}, "order": []}
                if title_lines:
                    current["line"] = title_lines[0][1]
            label = name
            current["fields"][name] = [(value, number)] if value else []
            current["order"].append(name)
            continue
        if label is None:
            if kind == "text":
                current["title"].append((value, number))
                current["line"] = current["line"] or number
            elif kind == "blank" and current["title"]:
                current["title"].append(("", number))
            continue
        current["fields"][label].append((value, number))
    records.append(current)
    return [r for r in records if r["fields"]]  # text without a single label is no record


def _trailing_paragraph(lines: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Cut the last paragraph (after a blank line) off ``lines`` and return it."""
    while lines and not lines[-1][0]:
        lines.pop()
    cut = len(lines)
    while cut > 0 and lines[cut - 1][0]:
        cut -= 1
    if cut == 0:
        return []  # no blank line: the lines are the value, not a title
    tail = lines[cut:]
    del lines[cut:]
    return tail


def _text(lines: list[tuple[str, int]] | None) -> str:
    return squash(" ".join(t for t, _ in lines or [] if t))


def _paragraphs(lines: list[tuple[str, int]] | None) -> str:
    paras, chunk = [], []
    for text, _ in lines or []:
        if text:
            chunk.append(text)
        elif chunk:
            paras.append(" ".join(chunk))
            chunk = []
    if chunk:
        paras.append(" ".join(chunk))
    return " ".join(squash(p) for p in paras)


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse every EBSCO detailed record in ``text``."""
    result = ParseResult()
    skipped: set[str] = set()
    for raw in _split_records(_tokens(text)):
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
    fields: dict[str, list[tuple[str, int]]] = raw["fields"]
    item: dict[str, Any] = {"type": "article-journal"}
    problems: list[tuple[str, str]] = []  # (code, message)
    unmapped: set[str] = set()

    def get(*labels: str) -> str:
        for label in labels:
            if fields.get(label):
                return _text(fields[label])
        return ""

    title = re.sub(r"^\d{1,4}\.\s+", "", _text([t for t in raw["title"] if t[0]]) or get("title"))
    if title:
        item["title"] = strip_title_period(title)
    else:
        problems.append(("no-title", "record has no title"))

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

    authors, editors = _names(fields, AUTHOR_LABELS | {"editors", "editor"})
    if authors:
        item["author"] = authors
    if editors:
        item["editor"] = editors

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
    year = get("publication year")
    if year and "issued" not in item and re.fullmatch(YEAR, year):
        item["issued"] = {"date-parts": [[int(year)]]}
    pub_date = get("publication date")
    if pub_date and "issued" not in item:
        item["issued"] = numeric_date(pub_date) or {"literal": pub_date}

    abstract = clean_abstract(_paragraphs(fields.get("abstract") or fields.get("description")))
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
    keywords = [k for label in fields if label in KEYWORD_LABELS for k in _list(fields[label])]
    if keywords:
        item["keyword"] = ", ".join(dict.fromkeys(keywords))
    for label in fields:
        if label not in _MAPPED and label not in KEYWORD_LABELS and label not in AUTHOR_LABELS:
            unmapped.add(label)
    return item, problems, unmapped


def _pmid_in(text: str) -> str:
    match = re.search(r"PMID\s*:?\s*(\d+)", text)
    return match.group(1) if match else ""


def csl_type(kind: str) -> str:
    """The CSL type for EBSCO's publication/document type words (journal article by default)."""
    low = kind.lower()
    for pattern, csl in TYPE_TABLE:
        if re.search(pattern, low):
            return csl
    return "article-journal"


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


def clean_abstract(text: str) -> str:
    """Drop ``[ABSTRACT FROM AUTHOR]`` and EBSCO's copyright notice from an abstract."""
    text = _COPYRIGHT.sub("", text)
    text = _ABSTRACT_TAG.sub(" ", text)
    return squash(text)


def parse_source(source: str) -> tuple[dict[str, Any], str]:
    """Read an EBSCO ``Source`` value; return its CSL fields and any text left unread."""
    source = squash(source)
    eric = _ERIC.match(source)
    if eric and not _VOLUME.search(source):
        out: dict[str, Any] = {
            "container-title": eric.group("journal").strip(" ,."),
            "volume": eric.group("volume"),
            "issue": eric.group("issue"),
            "page": expand_pages(eric.group("pages")),
        }
        if eric.group("date"):
            out["issued"] = eric_date(eric.group("date"))
        if eric.group("count"):
            out["number-of-pages"] = eric.group("count")
        return out, ""
    medline = _MEDLINE_SOURCE.match(source)
    if medline:
        return _medline_source(medline), ""
    imprint = _IMPRINT.match(source)
    if imprint:
        out = {
            "publisher-place": squash(imprint.group("place")),
            "publisher": squash(imprint.group("publisher")),
            "issued": {"date-parts": [[int(imprint.group("year"))]]},
        }
        if imprint.group("count"):
            out["number-of-pages"] = imprint.group("count")
        return out, ""
    for pattern in (_CINAHL, _PSYCINFO):
        other = pattern.match(source)
        if other:
            return _database_source(other), ""
    source = _ILLUSTRATIONS.sub(" ", source)
    match = _SOURCE.match(source)
    out = {}
    if match:
        journal, rest = match.group("journal"), match.group("rest")
        out["issued"] = parse_ebsco_date(match.group("date"))
        if match.group("dsupp"):
            rest = match.group("dsupp") + ", " + rest  # "Mar2013 Supplement, Vol. 71"
    else:
        # No date: the journal ends where the volume, issue or pages begin.
        cut = re.search(r"[.,]\s*(?=(?:Vol\.?|Issue|p\d|pN\.PAG|ArtID)\b)", source)
        if not cut:
            return {"container-title": source.rstrip(". ")}, ""
        journal, rest = source[: cut.start()], source[cut.end() :]
    journal = journal.strip(" ,.")
    if journal:
        out["container-title"] = journal
    volume = _VOLUME.search(rest)
    if volume:
        out["volume"] = re.sub(r"\s*([-/])\s*", r"\1", volume.group("volume")).rstrip(".")
        rest = rest.replace(volume.group(0), " ", 1)
    issue = _ISSUE.search(rest)
    parts = []
    if issue:
        parts.append(issue.group("issue").rstrip("."))
        rest = rest.replace(issue.group(0), " ", 1)
    supplement = _SUPPLEMENT.search(rest)
    if supplement:
        parts.append(supplement.group("supp").rstrip("."))
        rest = rest.replace(supplement.group(0), " ", 1)
    if parts:
        out["issue"] = " ".join(parts)
    pages = _PAGES.search(rest)
    if pages:
        value = pages.group("pages")
        if "N.PAG" not in value:
            out["page"] = expand_pages(value)
        rest = rest.replace(pages.group(0), " ", 1)
    compact = re.match(r"^\s*(?P<volume>\w+)\s*\((?P<issue>[^)]+)\)\s*:\s*(?P<pages>[\w-]+)", rest)
    if compact and "volume" not in out:
        # EDS "Published in: Nutrients. 2022, 14(3):567"
        out.update(volume=compact.group("volume"), issue=compact.group("issue"))
        out["page"] = expand_pages(compact.group("pages"))
        rest = rest[compact.end() :]
    count = _PAGE_COUNT.search(rest)
    if count:
        if count.group("count").strip("0"):  # "0p." is EBSCO's "not counted"
            out["number-of-pages"] = count.group("count")
        rest = rest.replace(count.group(0), " ", 1)
    article = _ARTICLE.search(rest) or _ELOCATOR.search(rest)
    if article and "page" not in out:
        out["page"] = article.group(article.lastgroup or 0)
        rest = rest.replace(article.group(0), " ", 1)
    leftover = re.sub(r"[\s,.;]+", " ", rest).strip()
    return out, leftover


# MEDLINE records in EBSCO print the NLM source with the full title and the MedlineTA in
# brackets: "Experimental And Therapeutic Medicine [Exp Ther Med] 2022 Apr; Vol. 23 (4),
# pp. 285. Date of Electronic Publication: 2022 Feb 15."
_MEDLINE_SOURCE = re.compile(
    r"^(?P<journal>[^\[]+?)\s*\[(?P<abbrev>[^\]]+)\]\s*(?P<date>[^;]+?)\s*;"
    r"(?:\s*Vol\.\s*(?P<volume>[^(,]+?))?\s*(?:\((?P<issue>[^)]*)\))?\s*,?"
    r"(?:\s*pp?\.\s*(?P<pages>[^\s.]+(?:\.[^\s.]+)*?))?\.?"
    r"(?:\s*Date of Electronic Publication:\s*(?P<epub>[^.]+))?\.?\s*$"
)


def _medline_source(match: re.Match[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "container-title": squash(match.group("journal")),
        "container-title-short": squash(match.group("abbrev")),
        "issued": parse_date(match.group("date")),
        "volume": squash(match.group("volume") or "") or None,
        "issue": squash(match.group("issue") or "") or None,
        "page": expand_pages(match.group("pages")),
    }
    if match.group("epub"):
        out["available-date"] = parse_date(match.group("epub"))
    return out


def _database_source(match: re.Match[str]) -> dict[str, Any]:
    """CSL fields from a CINAHL or PsycInfo Source match (same group names in both)."""
    groups = match.groupdict()
    out: dict[str, Any] = {
        "container-title": squash(groups["journal"]).strip(" ,."),
        "volume": squash(groups["volume"]),
        "issue": groups.get("issue"),
        "page": expand_pages(groups.get("pages")),
    }
    if groups.get("date"):
        out["issued"] = parse_ebsco_date(groups["date"])
    elif groups.get("year"):
        parts = date_parts(groups["year"], groups.get("mon"), groups.get("day"))
        season = SEASONS.get((groups.get("mon") or "").lower())
        out["issued"] = {"date-parts": [parts], **({"season": season} if season else {})}
    if groups.get("count") and groups["count"].strip("0"):
        out["number-of-pages"] = groups["count"]
    return {k: v for k, v in out.items() if v}
