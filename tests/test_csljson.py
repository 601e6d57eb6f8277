"""CSL-JSON: valid against the CSL 1.0.2 schema, with the keys Zotero reads beside it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from citekit import Record, detect, write
from citekit.keys import assign_keys
from citekit.parsers.csljson import parse
from tests.export_fixtures import INJECTION, record_sets

SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "schemas" / "csl-data.json").read_text(encoding="utf-8")
)
SETS = record_sets()


def validate(text: str) -> list[dict]:
    items = json.loads(text)
    jsonschema.Draft7Validator(SCHEMA).validate(items)
    return items


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_export_is_valid_csl_json(name: str) -> None:
    items = validate(write(SETS[name], "csl-json").text)
    assert [i["id"] for i in items] == [r.id for r in SETS[name]]


@pytest.mark.parametrize(
    ("key", "value"),
    [("issued", "2023"), ("journal", "not a CSL variable"), ("type", "journal")],
)
def test_the_schema_check_can_fail(key: str, value: str) -> None:
    items = json.loads(write(SETS["fixtures"][:1], "csl-json").text)
    items[0][key] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(items)


def test_zotero_keys_beside_the_csl_ones() -> None:
    berg = validate(write(SETS["fixtures"][:1], "csl-json").text)[0]
    abbreviation = "J Steroid Biochem Mol Biol"
    assert berg["container-title-short"] == berg["journalAbbreviation"] == abbreviation
    lines = berg["note"].split("\n")
    # Zotero and citeproc-js read key: value lines at the top of Extra, up to the first prose.
    assert lines[:4] == [
        "PMID: 37011234",
        "PMCID: PMC10011234",
        "available-date: 2023-04-02",
        "keyword: vitamin D; VDR, FokI",  # Zotero's CSL import reads no keyword
    ]
    assert lines[4] == "Corrected in 2024."
    assert lines[5].startswith("Cited on VitaminDWiki page: Vitamin D receptor & friends")
    assert berg["PMID"] == "37011234"


@pytest.mark.parametrize(
    ("data", "lines"),
    [
        # Zotero's CSL import has no field for these on the item type; in Extra they are kept,
        # and moved into a field where the type has one (Zotero's schema, tests/zotero_tables).
        ({"available-date": {"date-parts": [[2022, 2, 15]]}}, ["available-date: 2022-02-15"]),
        ({"original-date": {"date-parts": [[1950]]}}, ["original-date: 1950"]),
        (
            {"number-of-pages": "12", "ISBN": "9780309163941"},
            ["ISBN: 9780309163941", "number-of-pages: 12"],
        ),
        ({"type": "chapter", "DOI": "10.1000/ch", "ISBN": "9780309163941"}, ["DOI: 10.1000/ch"]),
        ({"type": "book", "number-of-pages": "300"}, []),
    ],
)
def test_values_zotero_has_no_field_for_are_extra_lines(data: dict, lines: list[str]) -> None:
    record = Record.from_csl({"id": "k", "type": "article-journal", "title": "T", **data})
    item = validate(write([record], "csl-json").text)[0]
    assert (item["note"].split("\n") if "note" in item else []) == lines
    (back,) = parse(write([record], "csl-json").text, origin="x.json").records
    assert back.note is None  # the reader takes the derived lines back out


def test_an_abbreviation_alone_stands_in_for_the_title() -> None:
    record = Record.from_csl(
        {"id": "k", "type": "article-journal", "container-title-short": "Osteoporos Int"}
    )
    item = validate(write([record], "csl-json").text)[0]
    assert item["container-title"] == item["journalAbbreviation"] == "Osteoporos Int"


def test_hostile_text_stays_inside_json_strings() -> None:
    record = Record.from_csl({"id": "x", **INJECTION})
    item = validate(write([record], "csl-json").text)[0]
    assert item["title"] == INJECTION["title"]
    # Zotero's Extra lines first (each value on one line, so none can start a line of its
    # own), then the note as it was.
    lines = [f"keyword: {' '.join(INJECTION['keyword'].split())}"]
    assert item["note"] == "\n".join([*lines, INJECTION["note"]])


# -- custom.found_on: every place a work was found -----------------------------------------

PAGE_A = {"file": "a.md", "line": 12, "page_title": "Page A", "slug": "page-a"}
PAGE_B = {"file": "b.md", "line": 40, "page_title": "Page B", "tiki_page_id": 9}


def test_one_place_as_an_object_reads_as_a_list_of_one() -> None:
    # What parsers give and what CSL-JSON files written before the list hold.
    old = parse(json.dumps([{"type": "book", "custom": {"found_on": PAGE_A}}]), origin="x")
    (record,) = old.records
    assert [p.file for p in record.custom.found_on] == ["a.md"]
    assert Record.from_csl({"type": "book", "custom": {"found_on": None}}).custom.found_on == []
    item = validate(write([record], "csl-json").text)[0]
    assert item["custom"]["found_on"] == [PAGE_A]


def test_several_places_round_trip_and_the_note_names_each_page() -> None:
    record = Record.from_csl(
        {"id": "k", "type": "book", "note": "Own note.", "custom": {"found_on": [PAGE_A, PAGE_B]}}
    )
    item = validate(write([record], "csl-json").text)[0]
    assert item["custom"]["found_on"] == [PAGE_A, PAGE_B]
    assert item["note"].split("\n") == [
        "Own note.",
        "Cited on VitaminDWiki pages: Page A /page-a; Page B (page 9)",
    ]
    (back,) = parse(json.dumps([item]), origin="x").records
    assert back == record.model_copy(update={"id": item["id"]})  # write().text gives it a key


# -- reading: coerce and warn, never drop a whole item for one field (issue 13) ---------------


def _read(*items: dict) -> tuple[list[Record], list[str]]:
    result = parse(json.dumps(list(items)), origin="in.json")
    return result.records, [str(d) for d in result.diagnostics]


def test_raw_date_no_type_and_numeric_volume_read_with_warnings():
    [record], said = _read(
        {"id": "z1", "title": "Kept", "issued": {"raw": "2012-03"}, "volume": 12, "PMID": 2233}
    )
    assert record.title == "Kept" and record.type == "article"
    assert record.csl()["issued"] == {"date-parts": [[2012, 3]]}
    assert record.volume == "12"  # the schema allows a number: stored as text, nothing to say
    assert record.PMID == "2233"
    assert said == [
        "in.json: warning[bad-type]: item 1 (z1): type: missing; read as 'article'",
        "in.json: note[repaired]: item 1 (z1): issued.raw: '2012-03' read as date-parts [[2012, "
        "3]]",
        "in.json: note[repaired]: item 1 (z1): PMID: a number where CSL has text; read as '2233'",
    ]


def test_an_item_without_a_type_is_still_csl_json():
    from citekit.parsers.csljson import matches

    assert matches(json.dumps([{"id": "a", "title": "T"}]))
    assert not matches(json.dumps({"title": "A wiki page's front matter", "slug": "x"}))


def test_a_doi_url_with_a_trailing_period_reads_as_the_bare_doi():
    [record], [said] = _read(
        {"id": "d", "type": "article-journal", "DOI": "https://doi.org/10.1000/x1."}
    )
    assert record.DOI == "10.1000/x1"
    assert said == (
        "in.json: note[repaired]: item 1 (d): DOI: 'https://doi.org/10.1000/x1.' read as "
        "'10.1000/x1'"
    )


def test_month_13_reads_as_the_season_and_out_of_range_months_are_dropped():
    records, said = _read(
        {"id": "s", "type": "book", "issued": {"date-parts": [[2012, 13]]}},
        {"id": "m", "type": "book", "issued": {"date-parts": [[2012, 19, 2]]}},
        {"id": "n", "type": "book", "issued": {"date-parts": [[2012]], "season": "Spring"}},
    )
    assert [r.csl()["issued"] for r in records] == [
        {"date-parts": [[2012]], "season": 1},
        {"date-parts": [[2012]]},
        {"date-parts": [[2012]], "season": 1},
    ]
    assert said == [
        "in.json: note[repaired]: item 1 (s): issued.date-parts: month 13 read as season 1 "
        "(spring)",
        "in.json: warning[bad-date]: item 2 (m): issued.date-parts: start month 19 out of range; "
        "dropped and what follows",
        "in.json: note[repaired]: item 3 (n): issued.season: 'Spring' read as 1",
    ]


def test_a_type_outside_csl_is_read_as_the_closest_and_said():
    records, said = _read(
        {"id": "a", "type": "journal-article", "title": "One"},
        {"id": "b", "type": "webpage-ish thing", "title": "Two"},
    )
    assert [r.type for r in records] == ["article-journal", "article"]
    assert said == [
        "in.json: warning[bad-type]: item 1 (a): type: 'journal-article' is not a CSL type; "
        "read as 'article-journal'",
        "in.json: warning[bad-type]: item 2 (b): type: 'webpage-ish thing' is not a CSL type; "
        "read as 'article'",
    ]


def test_a_value_the_model_cannot_take_is_left_out_and_the_item_kept():
    [record], said = _read(
        {
            "id": "v",
            "type": "book",
            "title": "Kept",
            "author": ["Smith J", {"family": "Jones", "isInstitution": False}, {"family": "Li"}],
            "custom": {"short_id": "x"},
        }
    )
    assert record.title == "Kept"
    assert [a.family for a in record.author] == ["Jones", "Li"]
    assert said == [
        "in.json: warning[value-dropped]: item 1 (v): author.0: left out (Input should be a "
        "valid dictionary "
        'or instance of Name): "Smith J"',
        "in.json: warning[value-dropped]: item 1 (v): author.1.isInstitution: left out (Extra "
        "inputs are not "
        "permitted): false",
        "in.json: warning[value-dropped]: item 1 (v): custom.short_id: left out (Extra inputs "
        "are not "
        'permitted): "x"',
    ]


def test_every_schema_variable_reads_without_a_word_and_round_trips():
    from tests.test_record_model import every_variable

    item = every_variable()
    records, said = _read(item, {**item, "id": "second", "libraryCatalog": "PubMed", "x": 1})
    # Only keys that are no CSL variable are "no CSL meaning"; the first item has none.
    assert said == [
        "in.json: warning[not-read]: item 2 (second): keys with no CSL meaning skipped: "
        "libraryCatalog, x"
    ]
    assert records[0].csl() == item
    again = parse(write(records, "csl-json").text, origin="again.json")
    assert again.diagnostics == []
    assert [r.csl() for r in again.records] == [r.csl() for r in assign_keys(records)]


def test_zotero_short_names_read_as_their_csl_variables():
    [record], said = _read(
        {"id": "z", "type": "book", "shortTitle": "Short", "journalAbbreviation": "J Abbr"}
    )
    assert (record.title_short, record.container_title_short) == ("Short", "J Abbr")
    assert said == []
    [record], [said_one] = _read(
        {"id": "y", "type": "book", "title-short": "Own", "shortTitle": "Other"}
    )
    assert record.title_short == "Own"
    assert "shortTitle: 'Other' differs from title-short 'Own'; title-short kept" in said_one


def test_a_deeply_nested_value_is_left_out_not_a_crash():
    depth = 500
    deep = "[" * depth + "]" * depth
    result = parse(f'[{{"id": "a", "type": "book", "title": "Kept", "note": {deep}}}]', origin="x")
    assert [r.title for r in result.records] == ["Kept"]
    [said] = result.diagnostics
    assert said.message.startswith("item 1 (a): note: left out (Input should be a valid string)")


def test_what_the_model_repairs_reaches_every_writer_as_repaired():
    # The writers and the bibliography no longer re-check months, seasons or DOIs.
    records, _ = _read(
        {
            "id": "w",
            "type": "article-journal",
            "title": "W",
            "issued": {"date-parts": [[2012, 24]]},
        },
        {
            "id": "s",
            "type": "article-journal",
            "title": "S",
            "DOI": "https://doi.org/10.1000/d1.",
            "issued": {"date-parts": [[2013, "Summer"]]},
        },
    )
    bibtex, biblatex, ris = (write(records, f).text for f in ("bibtex", "biblatex", "ris"))
    assert "month = {Winter}" in bibtex and "month = {Summer}" in bibtex
    assert "doi = {10.1000/d1}" in bibtex
    assert "yeardivision = {winter}" in biblatex and "yeardivision = {summer}" in biblatex
    assert "DA  - 2012///Winter" in ris and "DO  - 10.1000/d1\r\n" in ris


# A Crossref work as its REST API (/works/{doi}) and DOI content negotiation give it; the
# field names and shapes are Crossref's ("Crossref REST API: works", api-format docs).
CROSSREF_WORK = {
    "indexed": {"date-parts": [[2024, 3, 1]], "timestamp": 1709287200000},
    "reference-count": 30,
    "publisher": "Spandidos Publications",
    "issue": "4",
    "short-container-title": ["Exp Ther Med"],
    "published-print": {"date-parts": [[2022, 4]]},
    "published-online": {"date-parts": [[2022, 2, 15]]},
    "DOI": "10.3892/etm.2022.11214",
    "type": "journal-article",
    "title": ["Effects of vitamin D with or without calcium on pathological ossification"],
    "subtitle": ["A retrospective clinical study"],
    "volume": "23",
    "author": [
        {"given": "Libin", "family": "Liang", "sequence": "first", "affiliation": []},
        {"given": "Tong", "family": "Tong", "sequence": "additional", "affiliation": []},
    ],
    "member": "2110",
    "container-title": ["Experimental and Therapeutic Medicine"],
    "link": [{"URL": "http://example.org/pdf", "content-type": "unspecified"}],
    "ISSN": ["1792-0981", "1792-1015"],
    "article-number": "285",
    "issued": {"date-parts": [[2022, 2, 15]]},
}


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_crossref_work_is_read_in_csl_terms(wrapped: bool) -> None:
    data = {"status": "ok", "message-type": "work", "message": CROSSREF_WORK}
    text = json.dumps(data if wrapped else CROSSREF_WORK)
    assert detect(text) == "csl-json"  # and the CSL-JSON reader reads it:
    result = parse(text, origin="work.json")
    [record] = result.records
    assert record.type == "article-journal"
    assert record.title == (
        "Effects of vitamin D with or without calcium on pathological ossification: "
        "A retrospective clinical study"
    )
    assert record.container_title == "Experimental and Therapeutic Medicine"
    assert record.container_title_short == "Exp Ther Med"
    assert record.ISSN == "1792-0981, 1792-1015"
    assert record.issued is not None and record.issued.date_parts == [[2022, 4]]
    assert record.available_date is not None
    assert record.available_date.date_parts == [[2022, 2, 15]]
    assert record.page == "285"
    assert [n.family for n in record.author] == ["Liang", "Tong"]
    # Crossref's bookkeeping (member, link, sequence …) is no reason to warn item by item.
    assert [d for d in result.diagnostics if d.severity != "note"] == []
