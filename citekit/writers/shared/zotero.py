"""What Zotero keeps in Extra: the ``Key: value`` lines its imports turn back into fields.

Zotero has no field for an Epub date, and a journal article in Zotero has no ISBN or page
count; on import (CSL-JSON's ``note``, RIS's ``M2``) it keeps such values as ``Key: value``
lines in Extra, moves a line into the item's field when the item type has one, and its CSL
export hands the rest back to citeproc as CSL variables. So a value with no field of its own
on the item type is written as such a line, and survives a trip through Zotero.

Which item type has which field is Zotero's schema (``schema.json``, version 22) for the
CSL types citekit writes; only the variables that can lack a field are listed. A CSL type
with no entry (a web page) has none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from citekit.record import Record
from citekit.writers.shared.common import flatten, iso_date

# The variables written as Extra lines where the item type has no field, in line order (the
# identifiers first: Zotero and citeproc-js read the lines from the top of Extra).
_LINES: tuple[tuple[str, Callable[[Record], str | None]], ...] = (
    ("PMID", lambda r: r.PMID),
    ("PMCID", lambda r: r.PMCID),
    ("DOI", lambda r: r.DOI),
    ("ISBN", lambda r: r.ISBN),
    ("ISSN", lambda r: r.ISSN),
    ("number-of-pages", lambda r: r.number_of_pages),
    ("original-date", lambda r: iso_date(r.original_date) if r.original_date else None),
    ("available-date", lambda r: iso_date(r.available_date) if r.available_date else None),
    ("volume", lambda r: r.volume),
    ("issue", lambda r: r.issue),
    ("number", lambda r: r.number),
    ("edition", lambda r: r.edition),
    ("publisher", lambda r: r.publisher),
    ("publisher-place", lambda r: r.publisher_place),
    ("keyword", lambda r: r.keyword),  # Zotero's tags: its CSL import reads no keyword
)
EXTRA_VARIABLES = frozenset(name for name, _ in _LINES)

_JOURNAL = frozenset({"DOI", "ISSN", "volume", "issue"})
_PUBLISHED = frozenset({"publisher", "publisher-place"})
_BOOKISH = _PUBLISHED | {"ISBN", "volume", "edition"}
# CSL type -> those of EXTRA_VARIABLES its Zotero item type has a field for (PMID, PMCID,
# the Epub and original dates and keywords never: Zotero keeps them in Extra on every type).
ZOTERO_FIELDS: dict[str, frozenset[str]] = {
    "article-journal": _JOURNAL,  # journalArticle
    "review": _JOURNAL,
    "review-book": _JOURNAL,
    "article-magazine": frozenset({"ISSN", "volume", "issue"}),  # magazineArticle: no DOI
    "article-newspaper": frozenset({"ISSN", "edition", "publisher-place"}),  # no DOI, volume
    "article": _PUBLISHED | {"DOI", "number"},  # preprint
    "book": _BOOKISH | {"number-of-pages"},
    "chapter": _BOOKISH,  # bookSection: no DOI
    "entry-encyclopedia": _BOOKISH,
    "entry-dictionary": _BOOKISH,
    "paper-conference": _PUBLISHED | {"DOI", "ISBN", "volume"},  # conferencePaper: no issue
    "report": _PUBLISHED | {"number"},
    "thesis": _PUBLISHED | {"number-of-pages"},
    "manuscript": frozenset({"number-of-pages", "publisher-place"}),
    "dataset": _PUBLISHED | {"DOI", "number"},
    "software": _PUBLISHED | {"ISBN"},  # computerProgram
    "patent": frozenset({"number", "publisher-place"}),
    "map": _PUBLISHED | {"ISBN", "edition"},
    "standard": _PUBLISHED | {"DOI", "number-of-pages", "number"},
    "document": frozenset({"publisher"}),
}


def extra_lines(record: Record, *, written: Iterable[str] = ()) -> list[str]:
    """``Key: value`` lines for the values of ``record`` that its Zotero item type has no
    field for, leaving out the variables in ``written`` (the format carries them)."""
    has = ZOTERO_FIELDS.get(record.type, frozenset()) | set(written)
    out = []
    for name, get in _LINES:
        if name not in has:
            found = get(record)
            if found and flatten(found):
                out.append(f"{name}: {flatten(found)}")  # a line break would end the line
    return out


def extra_line(name: str) -> Callable[[Record], str | None]:
    """The ``Key: value`` line of one of EXTRA_VARIABLES, if the record holds it."""
    get = dict(_LINES)[name]

    def line(record: Record) -> str | None:
        found = get(record)
        return f"{name}: {flatten(found)}" if found and flatten(found) else None

    return line
