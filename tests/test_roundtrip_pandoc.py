"""An outside reader: pandoc 3 reads citekit's BibTeX, BibLaTeX, RIS and CSL-JSON back.

For every record of the seeds, the fixtures and the test corpus, each field is compared in CSL
terms with what pandoc reads from the file. A field the format has no place for — by the
format's own documentation, ``tests/format_tables.py``, not by the writer's say — is not
expected back; the writer must report exactly those. Where pandoc's reader does not read a
field, or reads it differently from the format's own specification, the difference is listed
below with its reason; every other field must come back identical.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from typing import Any

import pytest

from citekit import Record, write
from citekit.writers import WRITERS, biblatex, bibtex, ris
from citekit.writers.shared.common import joined_notes, notes, valid_isbn, valid_issn
from citekit.writers.shared.latex import TeX
from tests.export_fixtures import record_sets
from tests.format_tables import cannot_carry, reported
from tests.tools import pandoc

READERS = {"bibtex": "bibtex", "biblatex": "biblatex", "ris": "ris", "csl-json": "csljson"}
SETS = record_sets()

NAME_FIELDS = ("author", "editor")
TEXT_FIELDS = (
    "type",
    "title",
    "container-title",
    "container-title-short",
    "collection-title",
    "volume",
    "issue",
    "page",
    "number-of-pages",
    "number",
    "edition",
    "DOI",
    "URL",
    "ISSN",
    "ISBN",
    "PMID",
    "PMCID",
    "publisher",
    "publisher-place",
    "genre",
    "abstract",
    "note",
    "archive",
    "archive_location",
    "call-number",
    "source",
)
DATE_FIELDS = ("issued", "available-date")
ANY = object()  # a value the writer announced it could only approximate

# Fields a pandoc reader never reads from the file, though citekit writes them there.
NOT_READ = {
    "bibtex": {"custom"},
    "biblatex": {"custom"},
    # pandoc's RIS reader knows TY, ID, TI, AU, A2, T2, VL, IS, SP, EP, PY, DO, SN, AB, KW,
    # UR, LA, PB and ET; Zotero's tags beyond those (J2, CY, C1, C3, DA, DB, AN, DP, M2, M3,
    # N1, L1, A3, T3) are lost to it.
    "ris": {
        "container-title-short",
        "publisher-place",
        "archive",
        "archive_location",
        "source",
        "call-number",
        "PMID",
        "PMCID",
        "genre",
        "note",
        "collection-title",
        "available-date",
    },
    # pandoc reads CSL-JSON completely, but leaves out what is not CSL (custom,
    # journalAbbreviation) and takes PMID:/PMCID: lines out of the note.
    "csl-json": {"custom"},
}


def _text(value: Any) -> str | None:
    """A string compared as text: NFC, one line, typographic quotes as plain ones (TeX and
    pandoc turn ' into ’ on reading)."""
    if value in (None, ""):
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def _name(name: dict[str, Any]) -> str:
    if "literal" in name:
        return _text(name["literal"]) or ""
    parts = (name.get(p) for p in ("given", "dropping-particle", "non-dropping-particle", "family"))
    full = " ".join(p for p in parts if p)
    return _text(f"{full}, {name['suffix']}" if name.get("suffix") else full) or ""


def _date(value: Any) -> list[list[int]] | None:
    if value in (None, "", {}):
        return None
    if isinstance(value, str):  # pandoc writes dates it read as EDTF strings
        return [[int(n) for n in part.split("-")] for part in value.split("/")]
    parts = value.get("date-parts") or []
    return [[int(n) for n in part] for part in parts if part] or None


def view(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL item in the terms the comparison uses."""
    out: dict[str, Any] = {}
    for field in TEXT_FIELDS:
        if _text(item.get(field)):
            out[field] = _text(item.get(field))
    for field in NAME_FIELDS:
        if item.get(field):
            out[field] = [_name(n) for n in item[field]]
    for field in DATE_FIELDS:
        if _date(item.get(field)):
            out[field] = _date(item.get(field))
    if item.get("language"):
        out["language"] = item["language"].split("-")[0].lower()
    if item.get("keyword"):
        out["keyword"] = sorted(k.strip() for k in re.split(r"[;,]", item["keyword"]) if k)
    return out


def expected(record: Record, fmt: str) -> dict[str, Any]:
    """What pandoc should read back from ``record`` written in ``fmt``."""
    want = view(record.csl())
    left_out = cannot_carry(fmt, record)
    for field in left_out - {"issued", "type", "ISSN"}:
        want.pop(field, None)
    if "issued" in left_out and "issued" in want:
        want["issued"] = want["issued"][:1]  # the end of a range had no place
    if "type" in left_out:
        want["type"] = ANY  # written as the nearest type the format has
    short = want.get("container-title-short")
    if short and "container-title" not in want:
        want["container-title"] = short  # every writer lets an abbreviation stand in
    want = _ADJUST[fmt](record, want)
    for field in NOT_READ[fmt]:
        want.pop(field, None)
    return want


def _bibtex(record: Record, want: dict[str, Any]) -> dict[str, Any]:
    kind = bibtex.entry_type(record)
    want = _tex_common(record, want, kind)
    if "issued" in want and len(want["issued"]) > 1:
        want["issued"] = [want["issued"][0][:1]]  # pandoc ignores `mar # "--" # apr`
    if kind in bibtex.SERIES_NUMBER_TYPES:
        want.pop("issue", None)  # written as `issue`, which pandoc's BibTeX reader ignores
    if kind == "misc" and "container-title" in want:
        want["publisher"] = want.pop("container-title")  # pandoc: howpublished is a publisher
    if kind in bibtex.DEFAULT_GENRE and "genre" not in want:
        want["genre"] = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}[kind]
    return {k: v for k, v in want.items() if v is not None}


def _biblatex(record: Record, want: dict[str, Any]) -> dict[str, Any]:
    kind = biblatex.entry_type(record)
    want = _tex_common(record, want, kind)
    # The PMID is an eprint, which pandoc turns into a PubMed link unless there is a URL; the
    # PMCID is an addendum, which pandoc appends to the note.
    if record.PMID and "URL" not in want:
        want["URL"] = f"https://www.ncbi.nlm.nih.gov/pubmed/{record.PMID}"
    want.pop("PMID", None)
    if record.PMCID:
        want.pop("PMCID", None)
        note = ". ".join(n for n in (want.get("note"), f"PMCID: {record.PMCID}") if n)
        want["note"] = note
    if "ISSN" in want:
        want["ISSN"] = next(i for i in re.split(r"[\s,;]+", record.ISSN or "") if valid_issn(i))
    if "ISBN" in want and not valid_isbn(want["ISBN"]):
        want.pop("ISBN")
    if kind == "online" and "container-title" in want:
        want["publisher"] = want.pop("container-title")  # biblatex's `organization`
    if "genre" in want:
        want["genre"] = want["genre"].casefold()  # localised type keys come back lower-case
    elif kind in biblatex.DEFAULT_TYPE:
        want["genre"] = {"thesis": "phd thesis", "report": "technical report"}[kind]
    return want


def _tex_common(record: Record, want: dict[str, Any], kind: str) -> dict[str, Any]:
    if record.issued and record.issued.season:
        want["issued"] = [[record.issued.year]]  # pandoc ignores month={Winter}, yeardivision
    if record.language:
        # langid: babel names come back as BCP 47 tags, others as written.
        want["language"] = record.language.split("-")[0].lower()
    want["note"] = _text(joined_notes(record))
    # The catalogue (database) and call (accession) number are `library`, which pandoc reads
    # as call-number; an archive's place is written there only when there is no catalogue.
    catalogue = ", ".join(v for v in (record.source, record.call_number) if v)
    holding = catalogue or ", ".join(v for v in (record.archive, record.archive_location) if v)
    if holding:
        want["call-number"] = holding
        for field in ("source", "archive", "archive_location"):
            want.pop(field, None)
    return {k: v for k, v in want.items() if v is not None}


def _ris(record: Record, want: dict[str, Any]) -> dict[str, Any]:
    ty = ris.CSL_TO_RIS_TYPE.get(record.type, "GEN")
    if "issued" in want:
        want["issued"] = [want["issued"][0][:1]]  # pandoc reads PY (the year), not DA
    # pandoc reads every SN as an ISSN; the identifier SN does not hold on the item type is
    # an M2 line (Zotero's Extra), which pandoc does not read.
    if ty not in ris.ISSN_TYPES:
        want.pop("ISSN", None)
    if ty not in ris.ISBN_TYPES:
        want.pop("ISBN", None)
    for field in ("ISBN", "number"):
        if field in want:
            want["ISSN"] = want.pop(field)
    if ty in ris.SERIES_IN_T2 and "collection-title" in want:
        want["container-title"] = want.pop("collection-title")  # T2: a book's series
    elif ty in ris.SERIES_IN_T2:
        want.pop("collection-title", None)
    if ty in ris.EDITORS_IN_A3:
        want.pop("editor", None)  # A3, which pandoc does not read
    if ty in ris.PAGE_COUNT_IN_SP and "number-of-pages" in want and "page" not in want:
        want["page"] = want.pop("number-of-pages")
    want.pop("number-of-pages", None)  # elsewhere an M2 line
    if ty == "ELEC":
        want["type"] = "misc"  # pandoc reads the spec's web-page type as "misc"
    if ty == "CHAP":
        want.pop("issue", None)
    # RIS names are one string; pandoc splits an organisation at its last space and reads
    # "Family, Given, Suffix" as "Family, Suffix, Given": names are compared as words.
    for field in NAME_FIELDS:
        if field in want:
            want[field] = [sorted(re.split(r"[\s,]+", n)) for n in want[field]]
    return want


def _csljson(record: Record, want: dict[str, Any]) -> dict[str, Any]:
    if record.issued and record.issued.season:
        want["issued"] = [[record.issued.year]]  # pandoc keeps no season
    note = "\n".join(notes(record))
    want["note"] = _text(note)
    return {k: v for k, v in want.items() if v is not None}


_ADJUST = {"bibtex": _bibtex, "biblatex": _biblatex, "ris": _ris, "csl-json": _csljson}


def seen(item: dict[str, Any], fmt: str) -> dict[str, Any]:
    """What pandoc read, in the same terms."""
    got = view(item)
    if fmt == "ris":
        for field in NAME_FIELDS:
            if field in got:
                got[field] = [sorted(re.split(r"[\s,]+", n)) for n in got[field]]
    return got


def read_back(text: str, fmt: str) -> dict[str, dict[str, Any]]:
    result = subprocess.run(
        [pandoc(), "-f", READERS[fmt], "-t", "csljson"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    assert result.stderr.decode() == "", result.stderr.decode()
    return {item["id"]: item for item in json.loads(result.stdout)}


def _protected_words(title: str) -> list[str]:
    """The words the BibTeX writer braces in ``title``."""
    return re.findall(r"\{([^{}\\]+)\}", TeX().title(title))


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("name", sorted(SETS))
def test_pandoc_reads_back_every_field(name: str, fmt: str) -> None:
    records = SETS[name]
    items = read_back(write(records, fmt).text, fmt)
    assert sorted(items) == sorted(r.id for r in records)
    problems = []
    for record in records:
        want, got = expected(record, fmt), seen(items[record.id], fmt)
        if fmt in ("bibtex", "biblatex") and "title" in want:
            # pandoc puts a BibTeX title into sentence case, as the styles do: the words
            # citekit protected come back exactly, the rest as letters.
            for word in _protected_words(record.title or ""):
                if word not in (got.get("title") or ""):
                    problems.append(f"{record.id}: protected {word!r} lost: {got.get('title')}")
            want["title"], got["title"] = want["title"].casefold(), got.get("title", "").casefold()
        if fmt == "biblatex" and "genre" in got:
            got["genre"] = got["genre"].casefold()
        for field in sorted(set(want) | set(got) - {"title-short"}):
            if want.get(field) is not ANY and want.get(field) != got.get(field):
                problems.append(f"{record.id}: {field}: {want.get(field)!r} != {got.get(field)!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("fmt", sorted(READERS))
@pytest.mark.parametrize("name", sorted(SETS))
def test_writers_report_what_the_format_cannot_carry(name: str, fmt: str) -> None:
    """Each writer reports as left out exactly what the format's documentation has no place
    for: no more (a field it could have written) and no less (a silent loss)."""
    problems = []
    for record in SETS[name]:
        said = reported(WRITERS[fmt].unwritten(record))
        table = cannot_carry(fmt, record)
        if said != table:
            problems.append(f"{record.id}: writer {sorted(said)} != table {sorted(table)}")
    assert not problems, "\n".join(problems)
