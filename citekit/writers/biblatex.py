"""BibLaTeX for biber, within biblatex's data model (``biber --validate-datamodel`` is clean).

Differs from the BibTeX writer where biblatex has a field of its own: ``journaltitle``,
``date`` (ISO 8601 with the day; ranges ``2021-03/2021-04``; a season in ``yeardivision``),
``location``, ``institution``, ``eprint`` with ``eprinttype = {pubmed}`` for the PMID,
``addendum`` for the PMCID, ``library`` for the database and accession number, ``langid``.
biblatex allows each field on some entry types only; a field the type does not allow is left
out and announced, like every other field with no place; so is a volume that is not a number
and an ISSN or ISBN whose check digit is wrong, which biber would reject.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from citekit.normalize import LANGUAGE_NAMES
from citekit.record import Date, Record
from citekit.writers.bibtex import CSL_TO_ENTRYSUBTYPE, babel_language, pages
from citekit.writers.common import (
    DropLog,
    iso_date,
    joined_notes,
    left_out,
    valid_isbn,
    valid_issn,
)
from citekit.writers.latex import TeX, file_field, raw

NAME = "biblatex"
log = logging.getLogger(__name__)

CSL_TO_BIBLATEX_TYPE = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "review": "article",
    "review-book": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "report",
    "thesis": "thesis",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "dataset": "dataset",
    "software": "software",
    "manuscript": "unpublished",
    "patent": "patent",
}
# The CSL types an entry type (with its entrysubtype) names exactly; any other is written as
# the nearest entry type, and announced.
EXACT_TYPES = frozenset(
    {
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "book",
        "chapter",
        "paper-conference",
        "report",
        "thesis",
        "webpage",
        "dataset",
        "software",
        "manuscript",
        "patent",
    }
)
# biblatex's own keys for the `type` of a thesis or report when the record names none.
DEFAULT_TYPE = {"thesis": "phdthesis", "report": "techreport"}
# Genres biblatex has a localised key for: it prints them in the document's language.
TYPE_KEYS = {
    "phd thesis": "phdthesis",
    "doctoral thesis": "phdthesis",
    "master's thesis": "mathesis",
    "masters thesis": "mathesis",
    "technical report": "techreport",
    "research report": "resreport",
}
# CSL seasons 1-4 as biblatex's `yeardivision`.
YEAR_DIVISIONS = {1: "spring", 2: "summer", 3: "autumn", 4: "winter"}

# The fields biblatex's data model (biblatex's blx-dm.def, as biber 2.18 ships it) allows on
# every entry type, and per entry type, of those this writer uses.
COMMON_FIELDS = frozenset(
    {
        "abstract",
        "date",
        "doi",
        "entrysubtype",
        "eprint",
        "eprinttype",
        "file",
        "keywords",
        "langid",
        "library",
        "shortjournal",
        "url",
        "yeardivision",
    }
)
_EVERY_TYPE = {"author", "title", "language", "note", "addendum"}
BIBLATEX_FIELDS = {
    "article": _EVERY_TYPE
    | {"editor", "journaltitle", "series", "volume", "number", "pages", "issn", "version"},
    "book": _EVERY_TYPE
    | {"editor", "series", "number", "volume", "edition", "pages", "pagetotal", "publisher"}
    | {"location", "isbn"},
    # A book with editors and no author (author is not among a collection's fields).
    "collection": (_EVERY_TYPE - {"author"})
    | {"editor", "series", "number", "volume", "edition", "pages", "pagetotal", "publisher"}
    | {"location", "isbn"},
    "incollection": _EVERY_TYPE
    | {"editor", "booktitle", "series", "number", "volume", "edition", "pages", "publisher"}
    | {"location", "isbn"},
    "inbook": _EVERY_TYPE
    | {"editor", "booktitle", "series", "number", "volume", "edition", "pages", "publisher"}
    | {"location", "isbn"},
    "inproceedings": _EVERY_TYPE
    | {"editor", "booktitle", "series", "number", "volume", "pages", "publisher", "location"}
    | {"isbn", "organization"},
    "report": _EVERY_TYPE
    | {"institution", "number", "type", "location", "pages", "pagetotal", "version"},
    "thesis": _EVERY_TYPE | {"institution", "type", "location", "pages", "pagetotal"},
    "online": _EVERY_TYPE | {"editor", "organization", "version"},
    "misc": _EVERY_TYPE | {"editor", "howpublished", "organization", "location", "type"},
    "software": _EVERY_TYPE | {"editor", "howpublished", "organization", "location", "type"},
    "dataset": _EVERY_TYPE
    | {"editor", "edition", "number", "series", "publisher", "location", "organization"}
    | {"type", "version"},
    "patent": _EVERY_TYPE | {"holder", "number", "type", "location"},
    "unpublished": _EVERY_TYPE | {"howpublished", "location", "type"},
}
# The fields biblatex's data model requires per entry type (its "mandatory" constraints);
# every type needs a date as well. biber warns about an entry that lacks one.
REQUIRED_FIELDS = {
    "article": ("author", "title", "journaltitle"),
    "book": ("author", "title"),
    "collection": ("editor", "title"),
    "incollection": ("author", "editor", "title", "booktitle"),
    "inbook": ("author", "title", "booktitle"),
    "inproceedings": ("author", "title", "booktitle"),
    "report": ("author", "title", "type", "institution"),
    "thesis": ("author", "title", "type", "institution"),
    "online": ("title", "url|doi|eprint"),
    "misc": ("title",),
    "software": ("title",),
    "dataset": ("title",),
    "patent": ("author", "title", "number"),
    "unpublished": ("author", "title"),
}
DATELESS_TYPES = frozenset({"dataset", "software"})
# Where a container title goes, per entry type.
CONTAINER_FIELD = {
    "article": "journaltitle",
    "incollection": "booktitle",
    "inbook": "booktitle",
    "inproceedings": "booktitle",
    "online": "organization",
    "misc": "howpublished",
}
PUBLISHER_FIELD = {"thesis": "institution", "report": "institution"}

_FORMAT = bibtexparser.BibtexFormat()
_FORMAT.indent = "  "  # bibtexparser's default is a tab
_FORMAT.block_separator = "\n"


def entry_type(record: Record) -> str:
    """The biblatex entry type for ``record``."""
    kind = CSL_TO_BIBLATEX_TYPE.get(record.type, "misc")
    if kind == "incollection" and not record.editor:
        return "inbook"  # biblatex requires an editor of a collection; a book's part needs none
    if kind == "book" and record.editor and not record.author:
        return "collection"  # an edited book: biblatex requires an author of a @book
    return kind


def year_division(date: Date) -> str | None:
    """A season as biblatex's ``yeardivision`` (a separate field: pandoc misreads EDTF's
    ``2020-24`` as month 24)."""
    if not date.season or date.month:
        return None
    return YEAR_DIVISIONS[date.season]  # the record model holds seasons as 1-4


def fields(record: Record, tex: TeX | None = None) -> list[tuple[str, str]]:
    """The biblatex fields of ``record`` as (name, value with delimiters) pairs, in order."""
    return _build(record, tex or TeX())[0]


def _build(record: Record, tex: TeX) -> tuple[list[tuple[str, str]], set[str], list[str]]:
    """The fields the entry type allows, the CSL keys they carry, and what went in part."""
    kind = entry_type(record)
    candidates: list[tuple[str, str | None, tuple[str, ...]]] = []
    partly: list[str] = []
    if record.type not in EXACT_TYPES:
        partly.append(f"type ({record.type}, written as @{kind})")

    def add(name: str, value: str | None, *carries: str) -> None:
        candidates.append((name, value, carries))

    def text(name: str, value: str | None, *carries: str) -> None:
        add(name, "{" + tex.text(value) + "}" if value else None, *carries)

    add("author", "{" + tex.names(record.author) + "}" if record.author else None, "author")
    add("editor", "{" + tex.names(record.editor) + "}" if record.editor else None, "editor")
    add("title", "{" + tex.title(record.title) + "}" if record.title else None, "title")
    container = record.container_title or record.container_title_short
    field = CONTAINER_FIELD.get(kind)
    if container and field:
        value = tex.text(container) if field == "journaltitle" else tex.title(container, name=True)
        add(field, "{" + value + "}", "container-title" if record.container_title else "")
        if field == "journaltitle":
            text("shortjournal", record.container_title_short, "container-title-short")
    if record.collection_title:
        add("series", "{" + tex.title(record.collection_title, name=True) + "}", "collection-title")
    text("edition", record.edition, "edition")
    # biber checks that a volume is a number, and an ISSN or ISBN its check digit.
    volume = record.volume if record.volume and record.volume.strip().isdigit() else None
    text("volume", volume, "volume")
    if kind == "article":
        text("number", record.issue or record.number, "issue" if record.issue else "number")
    else:  # elsewhere `number` is a number in a series, and biblatex has no issue
        text("number", record.number, "number")
    add("pages", "{" + pages(record.page, tex) + "}" if record.page else None, "page")
    text("pagetotal", record.number_of_pages, "number-of-pages")
    date = iso_date(record.issued) if record.issued else None
    add("date", "{" + date + "}" if date else None, "issued")
    division = year_division(record.issued) if record.issued else None
    add("yeardivision", "{" + division + "}" if division else None)
    text(PUBLISHER_FIELD.get(kind, "publisher"), record.publisher, "publisher")
    text("location", record.publisher_place, "publisher-place")
    if record.genre:
        key = TYPE_KEYS.get(record.genre.replace("’", "'").casefold().strip())
        add("type", "{" + (key or tex.title(record.genre)) + "}", "genre")
    elif kind in DEFAULT_TYPE:
        add("type", "{" + DEFAULT_TYPE[kind] + "}")
    subtype = CSL_TO_ENTRYSUBTYPE.get(record.type)
    add("entrysubtype", "{" + subtype + "}" if subtype else None)
    issns = re.split(r"[\s,;]+", record.ISSN.strip()) if record.ISSN else []
    good = [issn for issn in issns if valid_issn(issn)]
    text("issn", good[0] if good else None, "ISSN")
    if good and len(issns) > 1:
        partly.append("ISSN (all but the first)")
    text("isbn", record.ISBN if record.ISBN and valid_isbn(record.ISBN) else None, "ISBN")
    add("doi", "{" + raw(record.DOI) + "}" if record.DOI else None, "DOI")
    add("url", "{" + raw(record.URL) + "}" if record.URL else None, "URL")
    if record.PMID:
        text("eprint", record.PMID, "PMID")
        add("eprinttype", "{pubmed}")
    text("addendum", f"PMCID: {record.PMCID}" if record.PMCID else None, "PMCID")
    holding = ", ".join(v for v in (record.archive, record.archive_location) if v)
    text("library", holding, "archive", "archive_location")
    if record.language:
        text("langid", babel_language(record.language))
        text("language", LANGUAGE_NAMES.get(record.language, record.language), "language")
    text("keywords", record.keyword, "keyword")
    text("abstract", record.abstract, "abstract")
    text("note", joined_notes(record), "note")
    add(
        "file",
        "{" + file_field(record.custom.pdf) + "}" if record.custom.pdf else None,
        "custom.pdf",
    )

    allowed = COMMON_FIELDS | BIBLATEX_FIELDS.get(kind, BIBLATEX_FIELDS["misc"])
    out, used = [], {"custom.found_on"}
    for name, value, carries in candidates:
        if value and name in allowed:
            out.append((name, value))
            used.update(c for c in carries if c)
    if record.container_title_short and not record.container_title and container and field:
        used.add("container-title-short")
    return out, used, partly


def missing_required(kind: str, written: set[str]) -> list[str]:
    """The fields biblatex requires for ``kind`` that an entry lacks."""
    needs = list(REQUIRED_FIELDS.get(kind, ()))
    if kind not in DATELESS_TYPES:
        needs.append("date")
    return [need for need in needs if not any(f in written for f in need.split("|"))]


def unwritten(record: Record) -> list[str]:
    """The fields of ``record`` biblatex has no place for (``write`` announces them)."""
    _, used, partly = _build(record, TeX())
    return left_out(record, used, partly)


def write(records: Sequence[Record], *, ascii: bool = False, **_: Any) -> str:
    """Serialise ``records`` as biblatex entries, in the order given."""
    tex = TeX(ascii_only=ascii)
    dropped = DropLog(NAME)
    library = bibtexparser.Library()
    for record in records:
        out, used, partly = _build(record, tex)
        dropped.add(record, left_out(record, used, partly))
        kind = entry_type(record)
        lacking = missing_required(kind, {name for name, _ in out})
        if lacking:
            log.warning(
                "%s: %s lacks %s, which @%s needs; biber will warn",
                NAME,
                record.id,
                ", ".join(lacking),
                kind,
            )
        library.add(Entry(kind, record.id, [Field(k, v) for k, v in out]))
    dropped.announce(log)
    if tex.transliterated:
        log.warning(
            "%s: --ascii has no LaTeX spelling for %s; transliterated",
            NAME,
            " ".join(sorted(tex.transliterated)),
        )
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=_FORMAT)
