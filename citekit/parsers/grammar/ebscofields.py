"""EBSCO's detailed-record layout: labels, sections and records, and the field tables.

A record is its title, then ``Label :`` lines each followed by its value lines (``Authors :``,
``Source :``, ``Publication Year :``), an ``Abstract`` section and a ``Details`` section of
more labels. Several records pasted into one file follow each other; a label seen a second
time starts the next record, whose title is the paragraph just before it. EBSCOhost's
Spanish interface has the same fields under Spanish labels. The ``Source`` field has a
grammar of its own (``ebscosource``); what each label becomes is the reader's
(``parsers/ebsco.py``).

Rules followed: abstracts end with ``[ABSTRACT FROM AUTHOR]``/``[ABSTRACT FROM PUBLISHER]``
and EBSCO's ``Copyright of <Journal> is the property of …`` notice, neither part of the
abstract.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from citekit.normalize import squash

# A record's fields: label → its value lines as (text, line number).
Fields = dict[str, list[tuple[str, int]]]
# ``get(*labels)``: the text of the first of ``labels`` a record has, "" when none.
Get = Callable[..., str]

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


def tokens(text: str) -> list[tuple[str, str | None, str, int]]:
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
    return low in MAPPED or low in UNMAPPED_OK or low in KEYWORD_LABELS or low in AUTHOR_LABELS


MAPPED = {
    "title", "source", "publication year", "publication date", "language", "issn", "isbn",
    "volume", "issue", "database", "journal", "publication type", "document type", "source type",
    "accession number", "an", "full text", "doi", "publisher", "publisher information",
    "publication information", "published", "number of pages", "pmid", "editors", "editor",
    "abstract", "details", "url", "pages", "place of publication", "e-issn", "alternate title",
    "notes", "note", "digital object identifier", "pubmed central id", "medline info", "pmcid",
    "published in", "resource type", "edition", "description", "dissertation number",
    "page count",
}  # fmt: skip


def split_records(tokens: list[tuple[str, str | None, str, int]]) -> list[dict[str, Any]]:
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


def text_of(lines: list[tuple[str, int]] | None) -> str:
    return squash(" ".join(t for t, _ in lines or [] if t))


def paragraphs(lines: list[tuple[str, int]] | None) -> str:
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


def csl_type(kind: str) -> str:
    """The CSL type for EBSCO's publication/document type words (journal article by default)."""
    low = kind.lower()
    for pattern, csl in TYPE_TABLE:
        if re.search(pattern, low):
            return csl
    return "article-journal"


def clean_abstract(text: str) -> str:
    """Drop ``[ABSTRACT FROM AUTHOR]`` and EBSCO's copyright notice from an abstract."""
    text = _COPYRIGHT.sub("", text)
    text = _ABSTRACT_TAG.sub(" ", text)
    return squash(text)


def first_value(fields: Fields, *labels: str) -> str:
    """The text of the first of ``labels`` that ``fields`` holds, "" when none does."""
    for label in labels:
        if fields.get(label):
            return text_of(fields[label])
    return ""
