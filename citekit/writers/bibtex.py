"""BibTeX for the standard styles and for Zotero's BibTeX import, written through bibtexparser v2.

Text is escaped and case-protected by :mod:`citekit.writers.latex`; ``doi``, ``url`` and
``file`` are written raw (Zotero keeps a ``\\_`` in a link). ``month`` is a macro (``apr``;
a range ``mar # "--" # apr``), ``pages`` use ``--``, the journal is its full title when known
and ``shortjournal`` its abbreviation. A few fields no standard style prints carry what
Zotero and pandoc read: ``date`` (the day), ``pmid``/``pmcid`` (Zotero's Extra), ``langid``
(pandoc's language, and its cue to leave a non-English title's case alone), ``entrysubtype``
(magazine and newspaper articles), ``file`` (PDF links), ``library`` (the database and
accession number). BibTeX ignores fields a style does
not use, so none of them costs a warning.

What the format has no place for is announced with one logger warning per field.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from citekit.normalize import LANGUAGE_NAMES
from citekit.record import Record
from citekit.writers.common import DropLog, is_range, iso_date, joined_notes, left_out
from citekit.writers.latex import TeX, file_field, raw

NAME = "bibtex"
log = logging.getLogger(__name__)

# CSL type → BibTeX entry type of the standard styles (plain.bst and its family). Zotero reads
# each back as the CSL type's Zotero type; @misc is the standard catch-all.
CSL_TO_BIBTEX_TYPE = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "review": "article",
    "review-book": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "manuscript": "unpublished",
    "webpage": "misc",
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
        "manuscript",
    }
)
# biblatex's entrysubtype, which pandoc also reads from BibTeX, keeps what @article cannot.
CSL_TO_ENTRYSUBTYPE = {"article-magazine": "magazine", "article-newspaper": "newspaper"}
# The fields plain.bst requires per entry type; a missing one costs a BibTeX warning
# ("empty journal in …"; "author|editor" is its "empty author and editor").
REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author and editor", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
# Where a container title goes, per entry type.
CONTAINER_FIELD = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "misc": "howpublished",
}
# What the standard styles print for a thesis without `type`, and pandoc and Zotero read back.
DEFAULT_GENRE = {"phdthesis": "phd thesis", "mastersthesis": "master's thesis"}
# Entry types whose `number` is a number in a series (plain.bst's format.bvolume).
SERIES_NUMBER_TYPES = frozenset({"book", "incollection", "inproceedings"})
# Where the publisher goes, per entry type.
PUBLISHER_FIELD = {"phdthesis": "school", "mastersthesis": "school", "techreport": "institution"}
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# CSL seasons 1-4, as BibTeX prints them.
SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}
# ISO 639-1 → babel language name, as biblatex's langid and pandoc's BibTeX reader take it.
# Languages babel has no name for are written as their code, which pandoc passes through.
BABEL_NAMES = {
    "en": "english",
    "de": "ngerman",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "pl": "polish",
    "ru": "russian",
    "sv": "swedish",
    "da": "danish",
    "fi": "finnish",
    "nb": "norsk",
    "nn": "nynorsk",
    "tr": "turkish",
    "el": "greek",
    "cs": "czech",
    "hu": "magyar",
    "ro": "romanian",
    "hr": "croatian",
    "sr": "serbian",
    "ca": "catalan",
    "uk": "ukrainian",
    "sk": "slovak",
    "sl": "slovene",
    "lt": "lithuanian",
    "bg": "bulgarian",
    "th": "thai",
    "vi": "vietnamese",
    "af": "afrikaans",
    "is": "icelandic",
    "he": "hebrew",
    "ja": "japanese",
    "fa": "farsi",
}
_MASTERS = re.compile(r"\bmaster|\bm\.?\s?(?:sc|a|s|phil)\b", re.IGNORECASE)
_RANGE_DASH = re.compile(r"\s*[-‐‑‒–—]+\s*")

_FORMAT = bibtexparser.BibtexFormat()
_FORMAT.indent = "  "  # bibtexparser's default is a tab
_FORMAT.block_separator = "\n"


def entry_type(record: Record) -> str:
    """The BibTeX entry type for ``record``."""
    kind = CSL_TO_BIBTEX_TYPE.get(record.type, "misc")
    if kind == "phdthesis" and record.genre and _MASTERS.search(record.genre):
        return "mastersthesis"
    return kind


def pages(page: str, tex: TeX) -> str:
    """``869-886`` → ``869--886``: BibTeX's range dash between the escaped page numbers."""
    return "--".join(tex.text(part) for part in _RANGE_DASH.split(page.strip()))


def month(record: Record) -> str | None:
    """``month`` as written: a macro, a range of macros, or a season's name in braces."""
    issued = record.issued
    if not issued:
        return None
    # The record model holds months as 1-12 and seasons as 1-4.
    start = issued.month
    if start:
        end_parts = issued.date_parts[1] if is_range(issued) else []
        end = end_parts[1] if len(end_parts) > 1 else None
        if end and end != start and end_parts[0] == issued.year:
            return f'{MONTH_MACROS[start - 1]} # "--" # {MONTH_MACROS[end - 1]}'
        return MONTH_MACROS[start - 1]
    if issued.season:
        return "{" + TeX().text(SEASONS[issued.season]) + "}"
    return None


def _plain(text: str) -> str:
    """Text compared loosely: case-folded, with typographic apostrophes made plain."""
    return text.replace("’", "'").casefold().strip()


def babel_language(code: str) -> str:
    """``en`` → ``english``; a code babel has no name for stays the code."""
    return BABEL_NAMES.get(code.split("-")[0].lower(), code)


class _Fields:
    """The fields of one entry, in order, and the CSL keys they carried."""

    def __init__(self, tex: TeX) -> None:
        self.tex = tex
        self.out: list[tuple[str, str]] = []
        self.used: set[str] = set()
        self.partly: list[str] = []  # fields written only in part, for the drop log

    def add(self, name: str, value: str, *carries: str) -> None:
        self.out.append((name, value))
        self.used.update(carries)

    def text(self, name: str, value: str | None, *carries: str) -> None:
        if value:
            self.add(name, "{" + self.tex.text(value) + "}", *carries)


def fields(record: Record, tex: TeX | None = None) -> list[tuple[str, str]]:
    """The BibTeX fields of ``record`` as (name, value with its delimiters) pairs, in order."""
    return _build(record, tex or TeX()).out


def _build(record: Record, tex: TeX) -> _Fields:
    kind = entry_type(record)
    f = _Fields(tex)
    if record.author:
        f.add("author", "{" + tex.names(record.author) + "}", "author")
    if record.editor:
        f.add("editor", "{" + tex.names(record.editor) + "}", "editor")
    if record.title:
        f.add("title", "{" + tex.title(record.title) + "}", "title")
    container = record.container_title or record.container_title_short
    if container and kind in CONTAINER_FIELD:
        field = CONTAINER_FIELD[kind]
        value = tex.text(container) if field == "journal" else tex.title(container, name=True)
        carries = "container-title" if record.container_title else "container-title-short"
        f.add(field, "{" + value + "}", carries)
        if field == "journal":
            # Zotero and pandoc read `shortjournal` as the abbreviation, also when it is all
            # that is known and stands in for the title as well.
            f.text("shortjournal", record.container_title_short, "container-title-short")
    if record.collection_title:
        series = tex.title(record.collection_title, name=True)
        f.add("series", "{" + series + "}", "collection-title")
    f.text("edition", record.edition, "edition")
    f.text("volume", record.volume, "volume")
    if kind in SERIES_NUMBER_TYPES:
        # Here `number` is a number in a series, and the standard styles refuse it next to a
        # volume; an issue goes in `issue`, which Zotero and pandoc read and styles ignore.
        f.text("number", record.number, "number")
        f.text("issue", record.issue, "issue")
    else:
        # Elsewhere BibTeX has one `number`: the issue of an article, the number of a report.
        f.text("number", record.issue or record.number, "issue" if record.issue else "number")
    if record.page:
        f.add("pages", "{" + pages(record.page, tex) + "}", "page")
    f.text("pagetotal", record.number_of_pages, "number-of-pages")
    if not _dates(record, f):
        f.partly.append("issued (the end of a date range)")
    if record.type not in EXACT_TYPES:
        f.partly.append(f"type ({record.type}, written as @{kind})")
    f.text(PUBLISHER_FIELD.get(kind, "publisher"), record.publisher, "publisher")
    f.text("address", record.publisher_place, "publisher-place")
    if record.genre and kind in ("phdthesis", "mastersthesis", "techreport"):
        if _plain(record.genre) == DEFAULT_GENRE.get(kind):
            f.used.add("genre")  # the entry type says it, and every reader knows
        else:
            f.add("type", "{" + tex.title(record.genre) + "}", "genre")
    if record.type in CSL_TO_ENTRYSUBTYPE:
        f.add("entrysubtype", "{" + CSL_TO_ENTRYSUBTYPE[record.type] + "}")
    f.text("issn", record.ISSN, "ISSN")
    f.text("isbn", record.ISBN, "ISBN")
    if record.DOI:
        f.add("doi", "{" + raw(record.DOI) + "}", "DOI")
    if record.URL:
        f.add("url", "{" + raw(record.URL) + "}", "URL")
    f.text("pmid", record.PMID, "PMID")
    f.text("pmcid", record.PMCID, "PMCID")
    # biblatex's field for where a copy is held; BibTeX ignores it, pandoc reads call-number.
    holding = ", ".join(v for v in (record.archive, record.archive_location) if v)
    f.text("library", holding, "archive", "archive_location")
    if record.language:
        f.text("language", LANGUAGE_NAMES.get(record.language, record.language), "language")
        f.text("langid", babel_language(record.language))
    f.text("keywords", record.keyword, "keyword")
    f.text("abstract", record.abstract, "abstract")
    f.text("note", joined_notes(record), "note", "custom.found_on")
    f.used.add("custom.found_on")  # its file and line are the user's own, not the reference's
    if record.custom.pdf:
        f.add("file", "{" + file_field(record.custom.pdf) + "}", "custom.pdf")
    if not (record.author or record.editor):
        # plain.bst sorts an entry without names by `key`; without one it warns.
        f.text("key", record.title or container or record.id)
    return f


def _dates(record: Record, f: _Fields) -> bool:
    """Write year, month (and the day as `date`); False when a range did not fit."""
    issued = record.issued
    if not issued or not issued.year:
        if issued and issued.literal:
            f.text("year", issued.literal, "issued")
        return True
    f.add("year", "{" + str(issued.year) + "}", "issued")
    written = month(record)
    if written:
        f.add("month", written)
    if is_range(issued):
        start, end = issued.date_parts[0], issued.date_parts[1]  # type: ignore[index]
        return len(start) == len(end) == 2 and end[0] == start[0]  # a range of months
    if issued.day:
        # BibTeX has no day; Zotero and pandoc read `date` and prefer it to year and month.
        f.add("date", "{" + (iso_date(issued) or "") + "}")
    return True


def style_warnings(kind: str, written: set[str]) -> list[str]:
    """What plain.bst and unsrt.bst warn about an entry with the ``written`` fields.

    Only gaps in the data lead here: a required field with nothing to fill it, or an
    article's issue without its volume (the style prints it and says so).
    """
    out = [
        f"empty {need}"
        for need in REQUIRED_FIELDS.get(kind, ())
        if not any(alternative in written for alternative in need.split(" and "))
    ]
    if kind == "article" and "number" in written and "volume" not in written:
        out.append("there's a number but no volume")
    return out


def entry(record: Record, tex: TeX | None = None) -> Entry:
    """The bibtexparser entry for ``record`` (its ``id`` is the citation key)."""
    return Entry(entry_type(record), record.id, [Field(k, v) for k, v in fields(record, tex)])


def unwritten(record: Record) -> list[str]:
    """The fields of ``record`` BibTeX has no place for (``write`` announces them)."""
    built = _build(record, TeX())
    return left_out(record, built.used, built.partly)


def write(records: Sequence[Record], *, ascii: bool = False, **_: Any) -> str:
    """Serialise ``records`` as BibTeX entries, in the order given."""
    tex = TeX(ascii_only=ascii)
    dropped = DropLog(NAME)
    library = bibtexparser.Library()
    for record in records:
        built = _build(record, tex)
        dropped.add(record, left_out(record, built.used, built.partly))
        kind = entry_type(record)
        gaps = style_warnings(kind, {name for name, _ in built.out})
        if gaps:
            log.warning(
                "%s: %s: the data has gaps BibTeX styles will warn about: %s",
                NAME,
                record.id,
                "; ".join(gaps),
            )
        library.add(Entry(kind, record.id, [Field(k, v) for k, v in built.out]))
    dropped.announce(log)
    if tex.transliterated:
        log.warning(
            "%s: --ascii has no LaTeX spelling for %s; transliterated",
            NAME,
            " ".join(sorted(tex.transliterated)),
        )
    # An empty unparse stack: the values above carry their own delimiters (month is a macro).
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=_FORMAT)
