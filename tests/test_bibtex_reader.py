"""The BibTeX/BibLaTeX reader: round trips through citekit's own writers, and what the reader
must do whatever the file (the corpus cases under ``tests/corpus/bibtex/`` check real exporters'
layouts field by field).

The round trips take their expectations from the record and ``tests/format_tables.py`` (what
each format has a place for, from btxdoc and the biblatex manual), never from the writer's
report of what it dropped: every field the format can carry must come back.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from citekit import Record, export, parse, write
from citekit.parsers import bibtex
from tests.export_fixtures import record_sets
from tests.format_tables import cannot_carry

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SETS = record_sets()
RECORDS = [(name, i, r) for name, rs in SETS.items() for i, r in enumerate(rs)]
TEXT = (
    "title", "container-title", "collection-title", "volume", "issue", "page",
    "number-of-pages", "number", "edition", "DOI", "URL", "ISSN", "ISBN", "PMID", "PMCID",
    "publisher", "publisher-place", "genre", "abstract", "title-short",
)  # fmt: skip
_NOCASE_OPEN = re.compile(r'<span class="nocase">')


def without_nocase(text: str) -> str:
    """``text`` with its nocase spans (and only those) unwrapped.

    The TeX writers brace words a style must not lower-case, and every BibTeX reader —
    Zotero's, pandoc's, citekit's — reads braces back as nocase spans; the words print the
    same. Other markup (``<i>``, small caps) must survive the trip, so it is kept."""
    out, stack, position = [], [], 0
    for match in re.finditer(r"<span[^>]*>|</span>", text):
        out.append(text[position : match.start()])
        tag = match.group(0)
        if tag.startswith("</"):
            if stack and stack.pop():
                out.append(tag)
        else:
            nocase = bool(_NOCASE_OPEN.fullmatch(tag))
            stack.append(not nocase)
            if not nocase:
                out.append(tag)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _text(value: Any) -> str | None:
    if value in (None, ""):
        return None
    text = unicodedata.normalize("NFC", without_nocase(str(value)))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip()


def _names(names: list[dict[str, Any]]) -> list[str]:
    out = []
    for name in names:
        if "literal" in name:
            out.append(_text(name["literal"]) or "")
            continue
        parts = ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
        out.append(" ".join(_text(name.get(p)) or "" for p in parts if name.get(p)))
    return out


def view(item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in TEXT:
        if _text(item.get(field)):
            out[field] = _text(item[field])
    for field in ("author", "editor", "translator"):
        if item.get(field):
            out[field] = _names(item[field])
    for field in ("issued", "accessed"):
        parts = (item.get(field) or {}).get("date-parts")
        if parts:
            out[field] = [list(p) for p in parts if p]
    if item.get("language"):
        out["language"] = item["language"].split("-")[0].lower()
    if item.get("keyword"):
        out["keyword"] = sorted(k.strip() for k in re.split(r"[;,]", item["keyword"]) if k)
    # One `library` field holds a catalogue (or an archive) and the number in it.
    library = [item.get(k) for k in ("source", "call-number", "archive", "archive_location")]
    if any(library):
        out["library"] = [v for v in library if v]
    out["pdf"] = list((item.get("custom") or {}).get("pdf", []))
    return out


def expected(record: Record, fmt: str) -> dict[str, Any]:
    want = view(record.csl())
    left_out = cannot_carry(fmt, record)
    for field in left_out - {"issued"}:
        want.pop(field, None)
    if "issued" in left_out and "issued" in want:
        want["issued"] = want["issued"][:1]
    if {"archive", "archive_location"} & left_out:
        want["library"] = [v for v in (record.source, record.call_number) if v]
    short = record.container_title_short
    if short and not record.container_title:
        want["container-title"] = _text(short)  # the abbreviation stands in for the title
    return want


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize(("name", "index", "record"), RECORDS, ids=lambda v: str(v)[:20])
def test_round_trip_gives_back_what_the_format_carries(
    fmt: str, name: str, index: int, record: Record
) -> None:
    text = write([record], fmt).text
    result = parse(text, origin="roundtrip.bib")
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert len(result.records) == 1, text
    got, want = view(result.records[0].csl()), expected(record, fmt)
    if record.type not in cannot_carry(fmt, record) and "type" not in cannot_carry(fmt, record):
        assert result.records[0].type == record.type
    missing = {k: (want[k], got.get(k)) for k in want if got.get(k) != want[k]}
    assert not missing, f"{fmt} lost or changed fields:\n{text}"
    if record.note:
        assert _text(record.note) in (_text(result.records[0].note) or "")


def test_a_bib_file_is_read_whole_and_not_as_pasted_pubmed_text() -> None:
    # The symptom: a .bib whose entries hold grant numbers and DOIs was read by the
    # PubMed reader and gave a record titled "AG022074/AG/NIA NIH HHS/".
    text = (
        "@article{a, title = {One}, author = {Doe, J.}, journal = {J},\n"
        "  year = {2020}, doi = {10.1/abc}, note = {AG022074/AG/NIA NIH HHS/}}\n"
        "@article{b, title = {Two}, author = {Roe, R.}, year = {2021}, doi = {10.1/def}}\n"
    )
    result = parse(text, origin="library.bib")
    assert [r.title for r in result.records] == ["One", "Two"]
    assert [r.id for r in result.records] == ["a", "b"]


def test_keys_the_library_gave_are_kept_unless_new_keys_are_asked_for(tmp_path) -> None:
    library = tmp_path / "library.bib"
    library.write_text(
        "@article{MyKey2020, title = {Vitamin D and Bone}, author = {Doe, Jane}, year = 2020}\n"
        "@article{MyKey2020, title = {Another Work}, author = {Roe, Rick}, year = 2021}\n",
        encoding="utf-8",
    )
    kept = export([library], "bibtex")
    assert kept.records[0].id == "MyKey2020"
    assert kept.records[1].id not in ("MyKey2020", "")  # a key used twice cannot stay twice
    fresh = export([library], "bibtex", new_keys=True)
    assert [r.id for r in fresh.records] == ["doe2020vitamin", "roe2021another"]


def test_the_same_work_in_the_seeds_and_in_a_bib_file_is_one_record(tmp_path) -> None:
    seeds = [p for p in sorted((SEEDS_DIR).iterdir()) if p.is_file()]
    library = tmp_path / "library.bib"
    library.write_text(
        "@article{liang2022,\n  title = {Effects of Vitamin {{D}} with or without Calcium on\n"
        "  Pathological Ossification: {{A}} Retrospective Clinical Study},\n"
        "  author = {Liang, Libin and Tong, Tong}, journal = {Exp Ther Med},\n"
        "  year = {2022}, doi = {10.3892/ETM.2022.11214}}\n"
        "@article{milo2025,\n  title = {Ectopic calcifications in the musculoskeletal field:\n"
        "  the basis for preventive and curative pharmacological strategies},\n"
        "  author = {Milovanovic, Petar}, journal = {Clin Rheumatol}, year = {2025}}\n",
        encoding="utf-8",
    )
    result = export([*seeds, library], "csl-json")
    assert len(result.records) == 2
    # The library's keys win over made ones; each record knows both places.
    assert sorted(r.id for r in result.records) == ["liang2022", "milo2025"]
    assert all(len(r.custom.found_on) == 2 for r in result.records)


@pytest.mark.parametrize(
    ("tex", "csl"),
    [
        (
            r"The {DNA} of \textit{E.~coli}",
            'The <span class="nocase">DNA</span> of <i>E.\xa0coli</i>',
        ),
        (r"M{\"u}ller \& S{\o}rensen --- 50\%", "Müller & Sørensen — 50%"),
        (r"H\textsubscript{2}O and Ca$^{2+}$", "H<sub>2</sub>O and Ca<sup>2+</sup>"),
        (r"{\em Old} {\bf style}", "<i>Old</i> <b>style</b>"),
        (
            r"\textsc{Nasa} and \emph{in vivo}",
            '<span style="font-variant:small-caps;">Nasa</span> and <i>in vivo</i>',
        ),
        (r"{\"U}ber and $\alpha$-helix", "Über and α-helix"),
    ],
)
def test_tex_in_titles_becomes_csl_rich_text(tex: str, csl: str) -> None:
    text = "@article{k, title = {" + tex + "}, year = 2000}"
    assert parse(text, origin="t.bib").records[0].title == csl


@pytest.mark.parametrize(
    ("fields", "date"),
    [
        ("year = 2020, month = mar", [[2020, 3]]),
        ('year = 2020, month = mar # "--" # apr', [[2020, 3], [2020, 4]]),
        ("year = {2020}, month = {April}, day = {5}", [[2020, 4, 5]]),
        ("year = {2020}, month = {4}", [[2020, 4]]),
        ("date = {2019-05-07}", [[2019, 5, 7]]),
        ("date = {2019-05/2019-07}", [[2019, 5], [2019, 7]]),
        ("date = {2018-12-01}, year = {2017}", [[2018, 12, 1]]),  # date wins (biblatex §2.3.8)
    ],
)
def test_dates(fields: str, date: list[list[int]]) -> None:
    record = parse("@article{k, " + fields + "}", origin="t.bib").records[0]
    assert record.issued is not None and record.issued.date_parts == date


def test_names_particles_suffixes_and_organisations() -> None:
    text = (
        "@book{k, author = {van Beethoven, Ludwig and Ludwig van Beethoven and "
        "Doe, Jr., John and {Barnes and Noble, Inc.} and Aristotle}, title = {T}}"
    )
    names = parse(text, origin="t.bib").records[0].author
    assert [(n.non_dropping_particle, n.family, n.given) for n in names[:2]] == [
        ("van", "Beethoven", "Ludwig"),
        ("van", "Beethoven", "Ludwig"),
    ]
    assert (names[2].family, names[2].suffix, names[2].given) == ("Doe", "Jr.", "John")
    assert names[3].literal == "Barnes and Noble, Inc."
    assert names[4].family == "Aristotle"


def test_detection_prefers_the_suffix_owner_when_text_fits_several_formats() -> None:
    from citekit.pipeline import detect

    text = "@article{k, title = {Study}, note = {doi: 10.1000/xyz, PMID: 12345}}"
    assert detect(text, "refs.bib") == "bibtex"
    assert bibtex.matches(text)
    assert not bibtex.matches("Contact us @ the desk, or mail a@b.org")


def test_what_real_hand_kept_files_do() -> None:
    # Patterns seen in real thesis repositories' references.bib: @masterthesis and
    # @bachelorthesis, a year with a letter or an open end, ACM's \&\#38;, {\sc …}.
    text = (
        "@masterthesis{a, title = {A}, school = {UvA}, year = {2012a}}\n"
        "@bachelorthesis{b, title = {B}, school = {UT}, year = {2013}}\n"
        "@misc{c, title = {C}, year = {2005--}}\n"
        "@book{d, title = {D}, publisher = {ACM and Morgan \\&\\#38; Claypool}, year = 2018}\n"
        "@techreport{e, title = {{\\sc ESTAR} tables}, year = 2005}\n"
    )
    a, b, c, d, e = parse(text, origin="references.bib").records
    assert (a.type, a.genre, a.year) == ("thesis", "Master's thesis", 2012)
    assert (b.type, b.genre) == ("thesis", "Bachelor's thesis")
    assert c.year == 2005
    assert d.publisher == "ACM and Morgan & Claypool"
    assert e.title == '<span style="font-variant:small-caps;">ESTAR</span> tables'
