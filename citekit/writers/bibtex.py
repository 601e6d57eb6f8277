"""BibTeX for the standard styles and for Zotero's BibTeX import, written through bibtexparser v2.

Text is escaped and case-protected by :mod:`citekit.writers.shared.latex`; ``doi``, ``url`` and
``file`` are written raw (Zotero keeps a ``\\_`` in a link). ``month`` is a macro (``apr``;
a range ``mar # "--" # apr``), ``pages`` use ``--``, the journal is its full title when known
and ``shortjournal`` its abbreviation. A few fields no standard style prints carry what
Zotero and pandoc read: ``date`` (the day), ``urldate`` (the access date), ``pmid``/``pmcid``
(Zotero's Extra), ``langid`` (pandoc's language, and its cue to leave a non-English title's
case alone), ``entrysubtype`` (magazine and newspaper articles), ``file`` (PDF links),
``library`` (the database and accession number). BibTeX ignores fields a style does
not use, so none of them costs a warning.

What the format has no place for is reported with one warning per field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bibtexparser.model import Entry, Field

from citekit.errors import Diagnostic
from citekit.record import Record
from citekit.writers.shared.common import is_range, iso_date
from citekit.writers.shared.latex import TeX
from citekit.writers.shared.profile import Built, Context, Profile, Rule, build
from citekit.writers.shared.tex import (
    archive,
    braced,
    langid,
    language_name,
    library,
    names,
    note,
    only_short,
    page_range,
    pdf_files,
    raw_field,
    tex_of,
    text,
    title,
    unprinted,
    write_tex,
)
from citekit.writers.shared.written import Written

NAME = "bibtex"

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
_MASTERS = re.compile(r"\bmaster|\bm\.?\s?(?:sc|a|s|phil)\b", re.IGNORECASE)


def entry_type(record: Record) -> str:
    """The BibTeX entry type for ``record``."""
    kind = CSL_TO_BIBTEX_TYPE.get(record.type, "misc")
    if kind == "phdthesis" and record.genre and _MASTERS.search(record.genre):
        return "mastersthesis"
    return kind


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


# --- the profile: encoders, then the field table ------------------------------------------


def year(record: Record, context: Context) -> str | None:
    issued = record.issued
    if issued and issued.year:
        return braced(str(issued.year))
    return braced(tex_of(context).text(issued.literal)) if issued and issued.literal else None


def month_field(record: Record, _: Context) -> str | None:
    return month(record) if record.issued and record.issued.year else None


def day_date(record: Record, _: Context) -> str | None:
    """BibTeX has no day; Zotero and pandoc read ``date`` and prefer it to year and month."""
    issued = record.issued
    if issued and issued.year and issued.day and not is_range(issued):
        return braced(iso_date(issued) or "")
    return None


def url_date(record: Record, _: Context) -> str | None:
    """The access date, which Zotero's BibTeX import and pandoc read from ``urldate``."""
    date = iso_date(record.accessed) if record.accessed else None
    return braced(date) if date else None


def genre(record: Record, context: Context) -> str | None:
    if not record.genre:
        return None
    if _plain(record.genre) == DEFAULT_GENRE.get(context.kind):
        return ""  # the entry type says it, and every reader knows
    return braced(tex_of(context).title(record.genre))


def entrysubtype(record: Record, _: Context) -> str | None:
    subtype = CSL_TO_ENTRYSUBTYPE.get(record.type)
    return braced(subtype) if subtype else None


def sort_key(record: Record, context: Context) -> str | None:
    """plain.bst sorts an entry without names by ``key``; without one it warns."""
    if record.author or record.editor:
        return None
    value = record.title or record.container_title or record.container_title_short or record.id
    return braced(tex_of(context).text(value)) if value else None


def _publisher_types(field: str) -> frozenset[str]:
    kinds = set(CSL_TO_BIBTEX_TYPE.values()) | {"mastersthesis", "misc"}
    return frozenset(k for k in kinds if PUBLISHER_FIELD.get(k, "publisher") == field)


def _kinds(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


_NOT_SERIES = frozenset(set(CSL_TO_BIBTEX_TYPE.values()) | {"mastersthesis", "misc"}) - (
    SERIES_NUMBER_TYPES
)
_JOURNAL, _BOOKTITLE, _HOWPUBLISHED = (
    _kinds(*(k for k, f in CONTAINER_FIELD.items() if f == wanted))
    for wanted in ("journal", "booktitle", "howpublished")
)

RULES = (
    Rule("author", ("author",), names("author")),
    Rule("editor", ("editor",), names("editor")),
    Rule("title", ("title",), title("title")),
    Rule("journal", ("container-title",), text("container_title"), _JOURNAL),
    Rule(
        "journal",
        ("container-title-short",),
        only_short(text("container_title_short")),
        _JOURNAL,
        otherwise=True,
    ),
    # Zotero and pandoc read `shortjournal` as the abbreviation, also when it is all that is
    # known and stands in for the title as well.
    Rule("shortjournal", ("container-title-short",), text("container_title_short"), _JOURNAL),
    Rule("booktitle", ("container-title",), title("container_title", name=True), _BOOKTITLE),
    Rule(
        "booktitle",
        ("container-title-short",),
        only_short(title("container_title_short", name=True)),
        _BOOKTITLE,
        otherwise=True,
    ),
    Rule("howpublished", ("container-title",), title("container_title", name=True), _HOWPUBLISHED),
    Rule(
        "howpublished",
        ("container-title-short",),
        only_short(title("container_title_short", name=True)),
        _HOWPUBLISHED,
        otherwise=True,
    ),
    Rule("series", ("collection-title",), title("collection_title", name=True)),
    Rule("edition", ("edition",), text("edition")),
    Rule("volume", ("volume",), text("volume")),
    # In a book or proceedings `number` is a number in a series, and the standard styles
    # refuse it next to a volume; an issue goes in `issue`, which Zotero and pandoc read.
    # Elsewhere BibTeX has one `number`: the issue of an article, the number of a report.
    Rule("number", ("issue",), text("issue"), _NOT_SERIES),
    Rule("number", ("number",), text("number"), otherwise=True),
    Rule("issue", ("issue",), text("issue"), SERIES_NUMBER_TYPES),
    Rule("pages", ("page",), page_range),
    Rule("pagetotal", ("number-of-pages",), text("number_of_pages")),
    Rule("year", ("issued",), year),
    Rule("month", (), month_field),
    Rule("date", (), day_date),
    Rule("publisher", ("publisher",), text("publisher"), _publisher_types("publisher")),
    Rule("school", ("publisher",), text("publisher"), _publisher_types("school")),
    Rule("institution", ("publisher",), text("publisher"), _publisher_types("institution")),
    Rule("address", ("publisher-place",), text("publisher_place")),
    Rule("type", ("genre",), genre, _kinds("phdthesis", "mastersthesis", "techreport")),
    Rule("entrysubtype", (), entrysubtype),
    Rule("issn", ("ISSN",), text("ISSN")),
    Rule("isbn", ("ISBN",), text("ISBN")),
    Rule("doi", ("DOI",), raw_field("DOI")),
    Rule("url", ("URL",), raw_field("URL")),
    Rule("urldate", ("accessed",), url_date),
    Rule("pmid", ("PMID",), text("PMID")),
    Rule("pmcid", ("PMCID",), text("PMCID")),
    Rule("library", ("source", "call-number"), library),
    Rule("library", ("archive", "archive_location"), archive, otherwise=True),
    Rule("language", ("language",), language_name),
    Rule("langid", (), langid),
    Rule("keywords", ("keyword",), unprinted("keyword")),
    Rule("abstract", ("abstract",), unprinted("abstract")),
    Rule("note", ("note",), note),
    Rule("file", ("custom.pdf",), pdf_files),
    Rule("key", (), sort_key),
)


def _partly(record: Record, _: str) -> list[str]:
    """A date range fits BibTeX only as a range of months within one year."""
    issued = record.issued
    if issued and issued.year and is_range(issued):
        start, end = issued.date_parts[0], issued.date_parts[1]  # type: ignore[index]
        if not (len(start) == len(end) == 2 and end[0] == start[0]):
            return ["issued (the end of a date range)"]
    return []


PROFILE = Profile(NAME, RULES, lambda record: entry_type(record), EXACT_TYPES, partly=_partly)


def fields(record: Record, tex: TeX | None = None) -> list[tuple[str, str]]:
    """The BibTeX fields of ``record`` as (name, value with its delimiters) pairs, in order."""
    return build(record, PROFILE, tex or TeX()).fields


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
    """The fields of ``record`` BibTeX has no place for (``write`` reports them)."""
    return build(record, PROFILE, TeX()).left_out(record)


@dataclass(frozen=True)
class Options:
    """What the BibTeX writer can be asked: accents as LaTeX commands (``--ascii``)."""

    ascii: bool = False


def write(records: Sequence[Record], options: Options | None = None) -> Written:
    """Serialise ``records`` as BibTeX entries, in the order given."""
    return write_tex(records, PROFILE, options or Options(), _gaps)


def _gaps(built: Built, record: Record) -> Diagnostic | None:
    gaps = style_warnings(built.kind, {name for name, _ in built.fields})
    if not gaps:
        return None
    message = f"{record.id}: the data has gaps BibTeX styles will warn about: {'; '.join(gaps)}"
    return Diagnostic(NAME, None, message, "warning", "style-gap")
