"""What each output format can carry, written from the formats' own documentation.

The tests take their expectations from here, never from the writers: a writer that drops a
field the format has a place for fails the round trips (the field is expected back), and one
that reports less or more than these tables say fails ``test_writers_report_what_the_format_
cannot_carry``. Sources:

- BibTeX: Patashnik, *BibTeXing* (btxdoc, 1988) §2 — entry types and the fields the standard
  styles use; plus the fields pandoc's and Zotero's BibTeX readers take that styles ignore
  (``date``, ``doi``, ``url``, ``issn``, ``isbn``, ``pmid``, ``pmcid``, ``keywords``,
  ``abstract``, ``language``, ``pagetotal``, ``shortjournal``, ``library``, ``file``,
  ``entrysubtype``: Zotero's BibTeX.js field map, pandoc's Citeproc.BibTeX).
- BibLaTeX: the biblatex manual (v3.20) §2.1 "Entry types" (the fields each type takes) and
  §2.2 "Entry fields" (datatypes: ``volume`` is an integer, ``issn`` one ISSN).
- RIS: the RIS specification (Research Information Systems, 2011) as Zotero's RIS.js reads
  it: per item type, ``SP`` is the page count only of books and theses; ``DA`` is one date;
  ``M2`` is Zotero's Extra, whose ``Key: value`` lines hold what no tag does.
"""

from __future__ import annotations

from citekit import Record
from citekit.writers.shared.common import present

# CSL variables no field of the format holds, whatever the entry type: a second date such as
# the Epub date (BibTeX and RIS have one date; biblatex's eventdate/origdate/urldate mean
# other things), and citekit's own bookkeeping of a PDF-less publisher id and of the study
# whose reference list held a work.
NEVER = {
    "bibtex": {"available-date", "custom.pii", "custom.reference_of"},
    "biblatex": {"available-date", "custom.pii", "custom.reference_of"},
    # RIS: Zotero's RIS.js reads M2 into Extra, which keeps any `Key: value` line.
    "ris": {"custom.pii", "custom.reference_of"},
    "csl-json": set(),
}

# Per CSL type, what the entry type the format has for it does not take.
NOT_ON_TYPE: dict[str, dict[str, set[str]]] = {
    # BibTeX keeps any field on any entry (styles ignore what they do not use); `type` (the
    # genre) is a field of theses, reports and parts of books only.
    "bibtex": {
        kind: {"genre"}
        for kind in ("article-journal", "article-magazine", "article-newspaper", "review-book")
    },
    "biblatex": {
        # @article: no publisher, location or pagetotal (§2.1.1).
        "article-journal": {"publisher", "publisher-place", "number-of-pages"},
        "article-magazine": {"publisher", "publisher-place", "number-of-pages"},
        "article-newspaper": {"publisher", "publisher-place", "number-of-pages"},
        "review-book": {"publisher", "publisher-place", "number-of-pages"},
        # @incollection, @inproceedings: pages, but no pagetotal; @inproceedings no issue.
        "chapter": {"number-of-pages"},
        "paper-conference": {"number-of-pages", "issue"},
        # @report: no series and no isbn (its number is an isrn); @thesis: no number.
        "report": {"collection-title", "ISBN"},
        "thesis": {"number"},
    },
    "ris": {
        # Zotero's thesis has no number, and RIS no tag for it (an Extra line would not
        # name it: CSL's number is a report's or patent's number, which a thesis lacks).
        "thesis": {"number"},
        # ET on COMP and DATA is the version (Zotero's RIS import reads it so)
        "software": {"edition"},
        "dataset": {"edition"},
        "personal_communication": {"editor"},  # A2 on PCOMM is the recipient
    },
    "csl-json": {},
}

# CSL types each format has an entry type for (the rest are written as the nearest one).
EXACT = {
    "bibtex": {
        "article-journal",
        "article-magazine",  # @article + entrysubtype, which pandoc and Zotero read
        "article-newspaper",
        "book",
        "chapter",
        "paper-conference",
        "report",
        "thesis",
        "manuscript",
    },
    "biblatex": {
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
    },
    "ris": {
        "article-journal",
        "article-magazine",
        "article-newspaper",
        "book",
        "chapter",
        "paper-conference",
        "report",
        "thesis",
        "webpage",
        "post-weblog",
        "dataset",
        "patent",
        "software",
        "manuscript",
        "map",
        "entry-encyclopedia",
        "entry-dictionary",
        "legal_case",
        "bill",
        "motion_picture",
        "personal_communication",
        "graphic",
    },
}


# Entry types with no field for a container title (btxdoc §2: @book, @techreport,
# @phdthesis and @unpublished take no journal or booktitle; biblatex §2.1.1 likewise, and
# @dataset, @patent and @software; RIS as Zotero reads it: BOOK's and RPRT's T2 is a series).
for _fmt, _kinds in {
    "bibtex": ("book", "manuscript", "report", "thesis"),
    "biblatex": ("book", "manuscript", "report", "thesis", "dataset", "patent", "software"),
    "ris": ("book", "report"),
}.items():
    for _kind in _kinds:
        NOT_ON_TYPE[_fmt].setdefault(_kind, set()).add("container-title")

# biblatex's entry types (§2.1.1) and the CSL variables among their fields' homes that each
# lacks: @book has no issue (its number is a series number); parts of books, @inproceedings
# no issue; @inproceedings and @article no edition; @misc (and @software), @online,
# @dataset, @patent, @unpublished, @report and @thesis no volume/issue/pages/publisher as
# listed. Which entry type a CSL type becomes is the writer's choice (its CSL type table).
BIBLATEX_ENTRY_LACKS = {
    "article": {"edition"},
    "book": {"issue"},
    "collection": {"issue"},
    "inbook": {"issue"},
    "incollection": {"issue"},
    "inproceedings": {"issue", "edition"},
    "misc": {"edition", "issue", "page", "publisher", "volume"},
    "software": {"edition", "issue", "page", "publisher", "volume"},
    "online": {"edition", "issue", "page", "publisher", "publisher-place", "volume"},
    "dataset": {"issue", "page", "volume"},
    "patent": {"edition", "editor", "issue", "page", "publisher", "volume"},
    "unpublished": {"edition", "editor", "issue", "page", "publisher", "volume"},
    "report": {"edition", "editor", "issue", "volume"},
    "thesis": {"edition", "editor", "issue", "volume"},
}

PERIODICALS = ("article-journal", "article-magazine", "article-newspaper", "review-book")
for _fmt in ("biblatex",):
    # biblatex: issn is a field of periodicals (@article), isbn of books and their parts.
    # (RIS: SN is one identifier; the other goes in an M2 Extra line.)
    for _kind in PERIODICALS:
        NOT_ON_TYPE[_fmt].setdefault(_kind, set()).add("ISBN")
    for _kind in ("book", "chapter", "paper-conference", "report", "thesis"):
        NOT_ON_TYPE[_fmt].setdefault(_kind, set()).add("ISSN")


def _valid_isbn(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        values = [10 if d == "X" else int(d) for d in digits]
        return sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    return False


def _range(record: Record) -> tuple[list[int], list[int]] | None:
    parts = record.issued.date_parts if record.issued else None
    if parts and len(parts) > 1 and parts[1]:
        return parts[0], parts[1]
    return None


def cannot_carry(fmt: str, record: Record) -> set[str]:
    """The CSL variables of ``record`` that ``fmt`` has no place for, and (as ``issued``,
    ``type``, ``ISSN``) those it can carry only in part."""
    held = present(record)
    out = held & (NEVER[fmt] | NOT_ON_TYPE[fmt].get(record.type, set()))
    if fmt == "csl-json":
        return out
    if record.type not in EXACT[fmt]:
        out.add("type")
    span = _range(record)
    if span and fmt == "ris":
        out.add("issued")  # DA is one date
    if span and fmt == "bibtex":
        start, end = span
        # `month = mar # "--" # apr` holds a range of months within a year, nothing more.
        if not (len(start) == len(end) == 2 and start[0] == end[0]):
            out.add("issued")
    if fmt in ("bibtex", "biblatex") and (record.source or record.call_number):
        # One `library` field: the catalogue and its number, before an archive's place.
        out |= held & {"archive", "archive_location"}
    if fmt == "biblatex":
        from citekit.writers.biblatex import entry_type  # the writer's type choice only

        out |= held & BIBLATEX_ENTRY_LACKS.get(entry_type(record), set())
        if record.type in ("article", "review"):
            out |= held & {"publisher", "publisher-place"}  # written as @article
        if record.volume and not record.volume.strip().isdigit():
            out.add("volume")  # an integer field
        if record.ISBN and not _valid_isbn(record.ISBN):
            # biber rejects an invalid ISBN; of several, isbn holds one (§2.2.2: one ISBN).
            parts = record.ISBN.replace(",", " ").replace(";", " ").split()
            if not any(_valid_isbn(part) for part in parts) or len(parts) > 1:
                out.add("ISBN")
        if record.ISSN and len(record.ISSN.replace(",", " ").replace(";", " ").split()) > 1:
            out.add("ISSN")  # one ISSN per entry
    return out


def reported(left_out: list[str]) -> set[str]:
    """A writer's ``unwritten`` list as variable names (``type (…)`` → ``type``)."""
    return {name.split(" (", 1)[0] for name in left_out}
