"""BibLaTeX for biber, within biblatex's data model (``biber --validate-datamodel`` is clean).

Differs from the BibTeX writer where biblatex has a field of its own: ``journaltitle``,
``date`` (ISO 8601 with the day; ranges ``2021-03/2021-04``; a season in ``yeardivision``),
``location``, ``institution``, ``eprint`` with ``eprinttype = {pubmed}`` for the PMID,
``addendum`` for the PMCID, ``library`` for the database and accession number, ``langid``.
biblatex allows each field on some entry types only; a field the type does not allow is left
out and announced, like every other field with no place; so is a volume that is not a number
and an ISSN or ISBN whose check digit is wrong, which biber would reject. Of several ISSNs or
ISBNs the first valid one is written (each field holds one) and the rest announced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from citekit.errors import Diagnostic
from citekit.record import Date, Record
from citekit.writers.bibtex import entrysubtype, url_date
from citekit.writers.shared.common import iso_date, valid_isbn, valid_issn
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

NAME = "biblatex"

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
        "urldate",
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


def volume_number(record: Record, context: Context) -> str | None:
    """biber checks that a volume is a number; any other is reported, not written."""
    volume = record.volume
    return text("volume")(record, context) if volume and volume.strip().isdigit() else None


def iso(record: Record, _: Context) -> str | None:
    date = iso_date(record.issued) if record.issued else None
    return braced(date) if date else None


def division(record: Record, _: Context) -> str | None:
    value = year_division(record.issued) if record.issued else None
    return braced(value) if value else None


def genre(record: Record, context: Context) -> str | None:
    """A genre biblatex has a localised key for, else the genre; a thesis or report without
    one gets biblatex's default key."""
    if record.genre:
        key = TYPE_KEYS.get(record.genre.replace("’", "'").casefold().strip())
        return braced(key or tex_of(context).title(record.genre))
    return braced(DEFAULT_TYPE[context.kind]) if context.kind in DEFAULT_TYPE else None


def issns(record: Record) -> tuple[list[str], list[str]]:
    written = re.split(r"[\s,;]+", record.ISSN.strip()) if record.ISSN else []
    return written, [issn for issn in written if valid_issn(issn)]


def first_issn(record: Record, context: Context) -> str | None:
    good = issns(record)[1]
    return braced(tex_of(context).text(good[0])) if good else None


def isbns(record: Record) -> tuple[list[str], list[str]]:
    """The ISBNs as written (a space, comma or semicolon between them), and the valid ones."""
    if not record.ISBN:
        return [], []
    # A hyphenated ISBN holds no space; one ISBN written with spaces is read whole first.
    whole = record.ISBN.strip()
    if valid_isbn(whole):
        return [whole], [whole]
    written = [part for part in re.split(r"[\s,;]+", whole) if part]
    return written, [isbn for isbn in written if valid_isbn(isbn)]


def valid_isbn_field(record: Record, context: Context) -> str | None:
    """biblatex's isbn is one ISBN that biber checks: the first valid one."""
    good = isbns(record)[1]
    return braced(tex_of(context).text(good[0])) if good else None


def pmid_eprint(record: Record, context: Context) -> str | None:
    return braced(tex_of(context).text(record.PMID)) if record.PMID else None


def pubmed(record: Record, _: Context) -> str | None:
    return "{pubmed}" if record.PMID else None


def pmcid_addendum(record: Record, context: Context) -> str | None:
    return braced(tex_of(context).text(f"PMCID: {record.PMCID}")) if record.PMCID else None


def _container(field: str) -> tuple[Rule, ...]:
    kinds = frozenset(kind for kind, wanted in CONTAINER_FIELD.items() if wanted == field)
    if field == "journaltitle":
        full, short = text("container_title"), text("container_title_short")
    else:
        full = title("container_title", name=True)
        short = title("container_title_short", name=True)
    return (
        Rule(field, ("container-title",), full, kinds),
        Rule(field, ("container-title-short",), only_short(short), kinds, otherwise=True),
    )


_NUMBERED_ISSUES = frozenset({"article"})
_EVERY_KIND = frozenset(BIBLATEX_FIELDS)

RULES = (
    Rule("author", ("author",), names("author")),
    Rule("editor", ("editor",), names("editor")),
    Rule("title", ("title",), title("title")),
    *_container("journaltitle"),
    Rule(
        "shortjournal", ("container-title-short",), text("container_title_short"), _NUMBERED_ISSUES
    ),
    *_container("booktitle"),
    *_container("organization"),
    *_container("howpublished"),
    Rule("series", ("collection-title",), title("collection_title", name=True)),
    Rule("edition", ("edition",), text("edition")),
    Rule("volume", ("volume",), volume_number),
    # An article's `number` is its issue; elsewhere a number in a series (no issue field).
    Rule("number", ("issue",), text("issue"), _NUMBERED_ISSUES),
    Rule("number", ("number",), text("number"), otherwise=True),
    Rule("pages", ("page",), page_range),
    Rule("pagetotal", ("number-of-pages",), text("number_of_pages")),
    Rule("date", ("issued",), iso),
    Rule("yeardivision", (), division),
    Rule("publisher", ("publisher",), text("publisher"), _EVERY_KIND - set(PUBLISHER_FIELD)),
    Rule("institution", ("publisher",), text("publisher"), frozenset(PUBLISHER_FIELD)),
    Rule("location", ("publisher-place",), text("publisher_place")),
    Rule("type", ("genre",), genre),
    Rule("entrysubtype", (), entrysubtype),
    Rule("issn", ("ISSN",), first_issn),
    Rule("isbn", ("ISBN",), valid_isbn_field),
    Rule("doi", ("DOI",), raw_field("DOI")),
    Rule("url", ("URL",), raw_field("URL")),
    Rule("urldate", ("accessed",), url_date),
    Rule("eprint", ("PMID",), pmid_eprint),
    Rule("eprinttype", (), pubmed),
    Rule("addendum", ("PMCID",), pmcid_addendum),
    Rule("library", ("source", "call-number"), library),
    Rule("library", ("archive", "archive_location"), archive, otherwise=True),
    Rule("langid", (), langid),
    Rule("language", ("language",), language_name),
    Rule("keywords", ("keyword",), unprinted("keyword")),
    Rule("abstract", ("abstract",), unprinted("abstract")),
    Rule("note", ("note",), note),
    Rule("file", ("custom.pdf",), pdf_files),
)


def allows(field: str, kind: str) -> bool:
    """biblatex's data model: the fields every entry type has, and those of ``kind``."""
    return field in COMMON_FIELDS or field in BIBLATEX_FIELDS.get(kind, BIBLATEX_FIELDS["misc"])


def _partly(record: Record, _: str) -> list[str]:
    out = []
    for name, (written, good) in (("ISSN", issns(record)), ("ISBN", isbns(record))):
        if good and len(written) > 1:
            out.append(f"{name} (all but the first)")
    return out


PROFILE = Profile(
    NAME, RULES, lambda record: entry_type(record), EXACT_TYPES, allows=allows, partly=_partly
)


def fields(record: Record, tex: TeX | None = None) -> list[tuple[str, str]]:
    """The biblatex fields of ``record`` as (name, value with delimiters) pairs, in order."""
    return build(record, PROFILE, tex or TeX()).fields


def missing_required(kind: str, written: set[str]) -> list[str]:
    """The fields biblatex requires for ``kind`` that an entry lacks."""
    needs = list(REQUIRED_FIELDS.get(kind, ()))
    if kind not in DATELESS_TYPES:
        needs.append("date")
    return [need for need in needs if not any(f in written for f in need.split("|"))]


def unwritten(record: Record) -> list[str]:
    """The fields of ``record`` biblatex has no place for (``write`` reports them)."""
    return build(record, PROFILE, TeX()).left_out(record)


@dataclass(frozen=True)
class Options:
    """What the biblatex writer can be asked: accents as LaTeX commands (``--ascii``)."""

    ascii: bool = False


def write(records: Sequence[Record], options: Options | None = None) -> Written:
    """Serialise ``records`` as biblatex entries, in the order given."""
    return write_tex(records, PROFILE, options or Options(), _lacking)


def _lacking(built: Built, record: Record) -> Diagnostic | None:
    lacking = missing_required(built.kind, {name for name, _ in built.fields})
    if not lacking:
        return None
    message = f"{record.id} lacks {', '.join(lacking)}, which @{built.kind} needs; biber will warn"
    return Diagnostic(NAME, None, message, "warning", "style-gap")
