"""RIS in the profile Zotero's RIS import reads (its RIS.js field map; see shared FORMATS.md).

``TAG  - value`` lines with CRLF ends, ``TY`` first and ``ER  - `` last, no numbered header
lines. One ``AU`` per author (``Family, Given, Suffix``; an organisation without a comma,
which Zotero reads as a single-field name). Several tags mean different Zotero fields per
item type, and the tables below follow Zotero's: a book's editors are ``A3`` (``A2`` would be
its series editors), its series ``T2``; a report's number is ``SN``; a conference paper's
proceedings title is ``C3`` and its place ``C1``. What no tag holds on the item type (an
Epub date, an article's ISBN or page count) is a ``Key: value`` line in ``M2``, which Zotero
reads into Extra. ``ID`` carries the citation key, which Zotero ignores and pandoc uses. A
value never spans lines: every line break or control character in it becomes a space, so no
input can start a tag of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from citekit.record import Date, Name, Record
from citekit.writers.shared.common import flatten, is_range, notes, split_pages
from citekit.writers.shared.profile import Context, DropReport, Encoder, Profile, Rule, build
from citekit.writers.shared.written import Written
from citekit.writers.shared.zotero import extra_line

NAME = "ris"

CSL_TO_RIS_TYPE = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "article": "JOUR",
    "review": "JOUR",
    "review-book": "JOUR",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "dataset": "DATA",
    "patent": "PAT",
    "software": "COMP",
    "manuscript": "MANSCPT",
    "map": "MAP",
    "entry-encyclopedia": "ENCYC",
    "entry-dictionary": "DICT",
    "legal_case": "CASE",
    "bill": "BILL",
    "motion_picture": "MPCT",
    "personal_communication": "PCOMM",
    "graphic": "ART",
}
# The CSL types whose TY names them exactly (JOUR is article-journal's); any other is written
# as the nearest type, or GEN, and announced.
EXACT_TYPES = frozenset(
    csl
    for csl, ty in CSL_TO_RIS_TYPE.items()
    if csl == "article-journal" or list(CSL_TO_RIS_TYPE.values()).count(ty) == 1
)
# Zotero reads T2 as the series of a book or report, and their editors in A2 as series
# editors; their own editors go in A3.
SERIES_IN_T2 = frozenset({"BOOK", "RPRT"})
EDITORS_IN_A3 = frozenset({"BOOK"})
# SN is an ISSN for periodicals, a report number for reports, an ISBN for the rest; Zotero
# keeps it only on the item types with that field (an ISBN on a thesis would become a note).
ISSN_TYPES = frozenset({"JOUR", "MGZN", "NEWS"})
ISBN_TYPES = frozenset({"BOOK", "CHAP", "CPAPER", "COMP", "ENCYC", "DICT", "MAP"})
# SP is the number of pages for books and theses.
PAGE_COUNT_IN_SP = frozenset({"BOOK", "THES"})
# M3 is the thesis or report type ("PhD thesis", "Technical report").
GENRE_IN_M3 = frozenset({"THES", "RPRT", "ELEC", "BLOG", "MANSCPT", "MAP", "ART"})
# Zotero reads IS on a book section as its number of volumes.
NO_ISSUE = frozenset({"CHAP"})
SEASONS = {1: "Spring", 2: "Summer", 3: "Autumn", 4: "Winter"}


def _name(name: Name) -> str:
    """``Family, Given, Suffix``; particles stay with the family name."""
    if name.literal or not name.family:
        # A comma would split an organisation into family and given name.
        return re.sub(r"\s*,\s*", " ", name.literal or name.given or "")
    von = " ".join(p for p in (name.dropping_particle, name.non_dropping_particle) if p)
    family = " ".join(p for p in (von, name.family) if p)
    if not (name.given or name.suffix):
        # Read back as a single-field name only without a comma (RIS.js: no first name).
        return re.sub(r"\s*,\s*", " ", family)
    parts = [family, name.given or "", name.suffix or ""]
    while parts and not parts[-1]:
        parts.pop()
    return ", ".join(parts)


def ris_date(date: Date) -> str:
    """``YYYY/MM/DD/`` with empty parts left empty (``2022/04//``); a season goes last."""
    parts = (date.date_parts or [[]])[0]
    year = f"{parts[0]:04d}" if parts else ""
    month = f"{parts[1]:02d}" if len(parts) > 1 else ""
    day = f"{parts[2]:02d}" if len(parts) > 2 else ""
    other = SEASONS[date.season] if date.season else ""  # the model holds seasons as 1-4
    return f"{year}/{month}/{day}/{other}"


# --- the profile: encoders, then the tag table -------------------------------------------


def _kept(text: str | None) -> str | None:
    """A value that is only white space would be an empty tag: there is none."""
    return text if text and flatten(text) else None


def value(attribute: str) -> Encoder:
    def encode(record: Record, _: Context) -> str | None:
        return _kept(getattr(record, attribute))

    return encode


def names(attribute: str) -> Encoder:
    def encode(record: Record, _: Context) -> list[str]:
        return [name for name in map(_name, getattr(record, attribute)) if _kept(name)]

    return encode


def only_short(record: Record, _: Context) -> str | None:
    """The abbreviation standing in for a container title that is not known."""
    return None if record.container_title else record.container_title_short


def container(record: Record, _: Context) -> str | None:
    return record.container_title or record.container_title_short


def first_page(record: Record, _: Context) -> str | None:
    return split_pages(record.page)[0]


def last_page(record: Record, _: Context) -> str | None:
    return split_pages(record.page)[1]


def year(record: Record, _: Context) -> str | None:
    return str(record.issued.year) if record.issued and record.issued.year else None


def full_date(record: Record, _: Context) -> str | None:
    return ris_date(record.issued) if record.issued and record.issued.year else None


def access_date(record: Record, _: Context) -> str | None:
    return ris_date(record.accessed) if record.accessed and record.accessed.year else None


def keywords(record: Record, _: Context) -> list[str]:
    return [k.strip() for k in re.split(r"[;,]", record.keyword or "") if k.strip()]


def id_line(prefix: str, attribute: str) -> Encoder:
    """``PMID: …``: how Zotero keeps identifiers it has no field for."""

    def encode(record: Record, _: Context) -> str | None:
        found = getattr(record, attribute)
        return f"{prefix}: {found}" if found else None

    return encode


def extra(name: str) -> Encoder:
    """A ``Key: value`` line for M2, which RIS.js reads into Zotero's Extra."""
    line = extra_line(name)

    def encode(record: Record, _: Context) -> str | None:
        return line(record)

    return encode


def page_count_line(record: Record, context: Context) -> str | None:
    """The page count as an Extra line, unless SP holds it (a book or thesis without pages)."""
    if context.kind in PAGE_COUNT_IN_SP and not record.page:
        return None
    return extra_line("number-of-pages")(record)


def pdfs(record: Record, _: Context) -> list[str]:
    return list(record.custom.pdf)


def all_notes(record: Record, _: Context) -> list[str]:
    return [note for note in notes(record) if _kept(note)]


def _types(*names: str) -> frozenset[str]:
    return frozenset(names)


_ALL = frozenset(CSL_TO_RIS_TYPE.values()) | {"GEN"}

RULES = (
    Rule("ID", (), value("id")),
    Rule("TI", ("title",), value("title")),
    Rule("AU", ("author",), names("author")),
    Rule("A3", ("editor",), names("editor"), EDITORS_IN_A3),
    # A letter's A2 is its recipient in Zotero's RIS import, so a PCOMM has no tag for an
    # editor (reported) and carries the recipient there instead.
    Rule("A2", ("editor",), names("editor"), _ALL - EDITORS_IN_A3 - {"PCOMM"}),
    Rule("A2", ("recipient",), names("recipient"), _types("PCOMM")),
    Rule("T2", ("collection-title",), value("collection_title"), SERIES_IN_T2),
    Rule("T2", ("container-title",), value("container_title"), _ALL - SERIES_IN_T2),
    Rule("T2", ("container-title-short",), only_short, _ALL - SERIES_IN_T2, otherwise=True),
    Rule("T3", ("collection-title",), value("collection_title"), _ALL - SERIES_IN_T2),
    # Zotero: a conference paper's T2 is the conference's name, C3 the proceedings.
    Rule("C3", (), container, _types("CPAPER")),
    Rule("J2", ("container-title-short",), value("container_title_short")),
    Rule("VL", ("volume",), value("volume")),
    Rule("IS", ("issue",), value("issue"), _ALL - NO_ISSUE),
    Rule("ET", ("edition",), value("edition")),
    Rule("SP", ("page",), first_page),
    Rule("SP", ("number-of-pages",), value("number_of_pages"), PAGE_COUNT_IN_SP, otherwise=True),
    Rule("EP", ("page",), last_page),
    Rule("PY", ("issued",), year),
    Rule("DA", (), full_date),
    Rule("DO", ("DOI",), value("DOI")),
    Rule("SN", ("number",), value("number"), _types("RPRT")),
    Rule("SN", ("ISSN",), value("ISSN"), ISSN_TYPES),
    Rule("SN", ("ISBN",), value("ISBN"), ISBN_TYPES),
    Rule("AB", ("abstract",), value("abstract")),
    Rule("KW", ("keyword",), keywords),
    Rule("UR", ("URL",), value("URL")),
    Rule("Y2", ("accessed",), access_date),
    Rule("LA", ("language",), value("language")),
    Rule("PB", ("publisher",), value("publisher")),
    Rule("C1", ("publisher-place",), value("publisher_place"), _types("CPAPER")),
    Rule("CY", ("publisher-place",), value("publisher_place"), _ALL - {"CPAPER"}),
    Rule("M3", ("genre",), value("genre"), GENRE_IN_M3),
    Rule("DB", ("archive",), value("archive")),
    Rule("AN", ("archive_location",), value("archive_location")),
    Rule("DP", ("source",), value("source")),
    Rule("CN", ("call-number",), value("call_number")),
    Rule("M2", ("PMID",), id_line("PMID", "PMID")),
    Rule("M2", ("PMCID",), id_line("PMCID", "PMCID")),
    # What no tag holds on the item type, as Extra lines (citekit.writers.shared.zotero).
    Rule("M2", ("ISBN",), extra("ISBN"), _ALL - ISBN_TYPES),
    Rule("M2", ("ISSN",), extra("ISSN"), _ALL - ISSN_TYPES),
    Rule("M2", ("number-of-pages",), page_count_line),
    Rule("M2", ("original-date",), extra("original-date")),
    Rule("M2", ("available-date",), extra("available-date")),
    Rule("L1", ("custom.pdf",), pdfs),
    Rule("N1", ("note",), all_notes),
)


def _partly(record: Record, _: str) -> list[str]:
    return ["issued (the end of a date range)"] if is_range(record.issued) else []


def allows(_: str, __: str) -> bool:
    return True


PROFILE = Profile(
    NAME,
    RULES,
    lambda record: CSL_TO_RIS_TYPE.get(record.type, "GEN"),
    EXACT_TYPES,
    allows=allows,
    partly=_partly,
)


def _pairs(record: Record) -> tuple[str, list[tuple[str, str]], list[str]]:
    built = build(record, PROFILE)
    return built.kind, built.fields, built.left_out(record)


def unwritten(record: Record) -> list[str]:
    """The fields of ``record`` RIS has no place for (``write`` reports them)."""
    return _pairs(record)[2]


def tags(record: Record) -> list[tuple[str, str]]:
    """The (tag, value) pairs of one record, ``TY`` first and ``ER`` last."""
    kind, pairs, _ = _pairs(record)
    return [("TY", kind), *pairs, ("ER", "")]


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {flatten(value)}".rstrip(" ") if tag != "ER" else "ER  - "


@dataclass(frozen=True)
class Options:
    """The RIS writer takes no options: the profile is Zotero's."""


def write(records: Sequence[Record], options: Options | None = None) -> Written:
    """Serialise ``records`` as RIS with CRLF line ends."""
    dropped = DropReport(NAME)
    lines = []
    for record in records:
        kind, pairs, left = _pairs(record)
        dropped.add(record, left)
        lines += [_line(tag, text) for tag, text in [("TY", kind), *pairs, ("ER", "")]]
        lines.append("")
    return Written("\r\n".join(lines), dropped.diagnostics())
