"""CSL-JSON: valid against the CSL 1.0.2 schema, with the keys Zotero reads beside it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from citekit import Record, write
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
    items = validate(write(SETS[name], "csl-json"))
    assert [i["id"] for i in items] == [r.id for r in SETS[name]]


@pytest.mark.parametrize(
    ("key", "value"),
    [("issued", "2023"), ("journal", "not a CSL variable"), ("type", "journal")],
)
def test_the_schema_check_can_fail(key: str, value: str) -> None:
    items = json.loads(write(SETS["fixtures"][:1], "csl-json"))
    items[0][key] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(items)


def test_zotero_keys_beside_the_csl_ones() -> None:
    berg = validate(write(SETS["fixtures"][:1], "csl-json"))[0]
    abbreviation = "J Steroid Biochem Mol Biol"
    assert berg["container-title-short"] == berg["journalAbbreviation"] == abbreviation
    lines = berg["note"].split("\n")
    # Zotero and citeproc-js read key: value lines at the top of Extra, up to the first prose.
    assert lines[:2] == ["PMID: 37011234", "PMCID: PMC10011234"]
    assert lines[2] == "Corrected in 2024."
    assert lines[3].startswith("Cited on VitaminDWiki page: Vitamin D receptor & friends")
    assert berg["PMID"] == "37011234"


def test_an_abbreviation_alone_stands_in_for_the_title() -> None:
    record = Record.from_csl(
        {"id": "k", "type": "article-journal", "container-title-short": "Osteoporos Int"}
    )
    item = validate(write([record], "csl-json"))[0]
    assert item["container-title"] == item["journalAbbreviation"] == "Osteoporos Int"


def test_hostile_text_stays_inside_json_strings() -> None:
    record = Record.from_csl({"id": "x", **INJECTION})
    item = validate(write([record], "csl-json"))[0]
    assert item["title"] == INJECTION["title"]
    assert item["note"] == INJECTION["note"]


# -- custom.found_on: every place a work was found -----------------------------------------

PAGE_A = {"file": "a.md", "line": 12, "page_title": "Page A", "slug": "page-a"}
PAGE_B = {"file": "b.md", "line": 40, "page_title": "Page B", "tiki_page_id": 9}


def test_one_place_as_an_object_reads_as_a_list_of_one() -> None:
    # What parsers give and what CSL-JSON files written before the list hold.
    old = parse(json.dumps([{"type": "book", "custom": {"found_on": PAGE_A}}]), origin="x")
    (record,) = old.records
    assert [p.file for p in record.custom.found_on] == ["a.md"]
    assert Record.from_csl({"type": "book", "custom": {"found_on": None}}).custom.found_on == []
    item = validate(write([record], "csl-json"))[0]
    assert item["custom"]["found_on"] == [PAGE_A]


def test_several_places_round_trip_and_the_note_names_each_page() -> None:
    record = Record.from_csl(
        {"id": "k", "type": "book", "note": "Own note.", "custom": {"found_on": [PAGE_A, PAGE_B]}}
    )
    item = validate(write([record], "csl-json"))[0]
    assert item["custom"]["found_on"] == [PAGE_A, PAGE_B]
    assert item["note"].split("\n") == [
        "Own note.",
        "Cited on VitaminDWiki pages: Page A /page-a; Page B (page 9)",
    ]
    (back,) = parse(json.dumps([item]), origin="x").records
    assert back == record.model_copy(update={"id": item["id"]})  # write() gives it a key
