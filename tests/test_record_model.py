"""The record model against the CSL 1.0.2 schema and specification.

Expectations come from the vendored schema (``tests/schemas/csl-data.json``: every variable,
its type) and the CSL 1.0.2 specification (seasons 1–4; months 13–16 and 21–24 as seasons,
the encodings of citeproc-js and EDTF), and for DOIs from the DOI Handbook (a DOI is
``10.<registrant>/<suffix>``; URL and ``doi:`` forms are presentations of it).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citekit.keys import assign_keys
from citekit.record import Date, Name, Problem, Record

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
PROPERTIES: dict[str, Any] = SCHEMA["items"]["properties"]
NAME_PROPERTIES: dict[str, Any] = SCHEMA["definitions"]["name-variable"]["anyOf"][0]["properties"]
DATE_PROPERTIES: dict[str, Any] = SCHEMA["definitions"]["date-variable"]["anyOf"][0]["properties"]
# Zotero's names for container-title-short and title-short: the CSL-JSON reader maps them
# (tests/test_csljson.py); `custom` is citekit's own object.
NOT_VARIABLES = {"custom", "journalAbbreviation", "shortTitle"}


def checked(data: dict[str, Any]) -> tuple[Record, list[Problem]]:
    problems: list[Problem] = []
    return Record.from_csl(data, problems=problems), problems


def _types(spec: dict[str, Any]) -> list[str]:
    return spec["type"] if isinstance(spec.get("type"), list) else [spec.get("type")]


def _value(key: str, spec: dict[str, Any]) -> Any:
    """A valid value of the schema type of ``key``, written as CSL-JSON would hold it."""
    if key == "type":
        return "article-journal"
    if key == "DOI":
        return "10.1000/xyz123"  # a string to the schema, a DOI to citekit
    if spec.get("$ref", "").endswith("/date-variable"):
        return {
            "date-parts": [[2001, 2, 3], [2001, 2, 28]],
            "season": 1,
            "circa": True,
            "literal": "early 2001",
            "raw": "2001-02-03/2001-02-28",
        }
    if spec.get("type") == "array":
        if spec["items"].get("$ref", "").endswith("/name-variable"):
            return [{"family": f"{key} family", "given": "Given"}, {"literal": f"{key} Ltd"}]
        return [f"{key} one", f"{key} two"]
    return f"{key} value"


def every_variable() -> dict[str, Any]:
    """One item holding every CSL variable of the schema, each with a value of its type."""
    item = {key: _value(key, spec) for key, spec in PROPERTIES.items() if key not in NOT_VARIABLES}
    jsonschema.Draft7Validator(SCHEMA).validate([item])  # the test's own input is valid CSL
    return item


def test_the_generated_fields_are_what_the_schema_gives():
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_csl_fields.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_every_schema_variable_is_a_field():
    keys = {field.alias or name for name, field in Record.model_fields.items()}
    assert keys == set(PROPERTIES) - {"journalAbbreviation", "shortTitle"}
    assert len(keys) - 1 == 100  # variables, `custom` aside
    for key in ("title-short", "container-author", "event-date", "number-of-volumes"):
        assert key in keys
    assert {f.alias or n for n, f in Name.model_fields.items()} == set(NAME_PROPERTIES)
    assert {f.alias or n for n, f in Date.model_fields.items()} == set(DATE_PROPERTIES)


def test_every_variable_round_trips_exactly():
    item = every_variable()
    record, problems = checked(item)
    assert problems == []
    assert record.csl() == item
    assert Record.from_csl(record.csl()) == record


def test_variables_have_their_schema_kinds():
    record = Record.from_csl(every_variable())
    for key, spec in PROPERTIES.items():
        if key in NOT_VARIABLES:
            continue
        value = getattr(record, key.replace("-", "_"))
        if spec.get("$ref", "").endswith("/date-variable"):
            assert isinstance(value, Date), key
        elif spec.get("type") == "array" and "$ref" in spec["items"]:
            assert value and all(isinstance(n, Name) for n in value), key
        elif spec.get("type") == "array":
            assert value == [f"{key} one", f"{key} two"], key
        else:
            assert isinstance(value, str), key


@pytest.mark.parametrize(
    "key", sorted(k for k, s in PROPERTIES.items() if set(_types(s)) == {"string", "number"})
)
def test_a_number_the_schema_allows_is_kept_as_text_without_complaint(key: str):
    record, problems = checked({"type": "book", key: 12})
    assert record.csl()[key] == "12"
    assert problems == []


@pytest.mark.parametrize("key", ["title", "PMID", "ISSN", "note", "version"])
def test_a_number_where_csl_has_text_is_text_and_said(key: str):
    assert _types(PROPERTIES[key]) == ["string"]
    record, [problem] = checked({"type": "book", key: 12345})
    assert record.csl()[key] == "12345"
    assert (problem.field, problem.severity) == (key, "note")


@pytest.mark.parametrize("csl_type", SCHEMA["items"]["properties"]["type"]["enum"])
def test_every_csl_type_is_kept(csl_type: str):
    record, problems = checked({"type": csl_type})
    assert record.type == csl_type and problems == []


@pytest.mark.parametrize("flag", [True, False, 1, 0, "true", 1.5])
@pytest.mark.parametrize("key", ["comma-suffix", "static-ordering", "parse-names"])
def test_name_flags_keep_the_json_value_they_had(key: str, flag: Any):
    # The schema allows a string, a number or a boolean; a round trip must not change which.
    assert set(_types(NAME_PROPERTIES[key])) == {"string", "number", "boolean"}
    name = {"family": "Smith", "given": "John", "suffix": "Jr.", key: flag}
    record = Record.from_csl({"type": "book", "author": [name]})
    out = record.csl()["author"][0]
    assert out == name and type(out[key]) is type(flag)


def test_a_name_with_every_part_round_trips():
    name = {
        "family": "Beethoven",
        "given": "Ludwig",
        "literal": "Ludwig van Beethoven",
        "dropping-particle": "van",
        "non-dropping-particle": "de",
        "suffix": "Jr.",
        "comma-suffix": True,
        "static-ordering": False,
        "parse-names": False,
    }
    assert set(name) == set(NAME_PROPERTIES)
    assert Record.from_csl({"type": "song", "composer": [name]}).csl()["composer"] == [name]


# -- invariants: DOI ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "https://doi.org/10.1000/xyz123.",
        "http://dx.doi.org/10.1000/xyz123",
        "doi:10.1000/xyz123",
        "DOI: 10.1000/xyz123;",
        "https://doi.org/10.1000%2Fxyz123",
    ],
)
def test_a_doi_is_stored_bare(raw: str):
    record, [problem] = checked({"type": "article-journal", "DOI": raw})
    assert record.DOI == "10.1000/xyz123"
    assert (problem.field, problem.severity) == ("DOI", "note")
    assert raw in problem.message


def test_a_bare_doi_is_kept_as_written_without_complaint():
    record, problems = checked({"type": "article-journal", "DOI": "10.1000/XYZ.123"})
    assert record.DOI == "10.1000/XYZ.123" and problems == []  # DOIs keep their case


@pytest.mark.parametrize("raw", ["see the publisher", "10.1000/", "https://example.org/paper"])
def test_text_with_no_doi_is_dropped_and_said(raw: str):
    record, [problem] = checked({"type": "article-journal", "DOI": raw, "title": "Kept"})
    assert record.DOI is None and record.title == "Kept"
    assert (problem.field, problem.severity) == ("DOI", "warning")


def test_the_invariants_hold_without_anyone_listening():
    # Parsers build records without a problems list: the values are still repaired.
    record = Record(DOI="https://doi.org/10.1000/xyz123.", issued=Date(date_parts=[[2012, 13]]))
    assert record.DOI == "10.1000/xyz123"
    assert record.issued == Date(date_parts=[[2012]], season=1)


# -- invariants: months and seasons --------------------------------------------------------


@pytest.mark.parametrize(
    ("month", "season"),
    [(13, 1), (14, 2), (15, 3), (16, 4), (21, 1), (22, 2), (23, 3), (24, 4), ("21", 1)],
)
def test_a_season_month_becomes_the_season(month: Any, season: int):
    record, [problem] = checked({"type": "book", "issued": {"date-parts": [[2012, month]]}})
    assert record.csl()["issued"] == {"date-parts": [[2012]], "season": season}
    assert (problem.field, problem.severity) == ("issued.date-parts", "note")


def test_the_day_after_a_season_month_goes_with_it():
    record, problems = checked({"type": "book", "issued": {"date-parts": [[2012, 13, 5]]}})
    assert record.csl()["issued"] == {"date-parts": [[2012]], "season": 1}
    assert [p.severity for p in problems] == ["note", "warning"]


@pytest.mark.parametrize("month", [0, 17, 20, 25, 99, -3])
def test_a_month_out_of_range_is_dropped_with_its_day_and_said(month: int):
    data = {"type": "book", "issued": {"date-parts": [[2012, month, 5]]}}
    record, [problem] = checked(data)
    assert record.csl()["issued"] == {"date-parts": [[2012]]}
    assert (problem.field, problem.severity) == ("issued.date-parts", "warning")
    assert str(month) in problem.message


def test_a_day_out_of_range_is_dropped():
    record, [problem] = checked({"type": "book", "accessed": {"date-parts": [[2012, 2, 32]]}})
    assert record.csl()["accessed"] == {"date-parts": [[2012, 2]]}
    assert problem.field == "accessed.date-parts"


def test_date_parts_as_text_are_numbers():
    # The schema allows strings in date-parts; CSL processors read them as numbers.
    record, problems = checked({"type": "book", "issued": {"date-parts": [["2012", "3", "04"]]}})
    assert record.csl()["issued"] == {"date-parts": [[2012, 3, 4]]}
    assert problems == []


@pytest.mark.parametrize(
    ("season", "number"),
    [("Spring", 1), ("summer", 2), ("Autumn", 3), ("fall", 3), ("WINTER", 4)],
)
def test_a_season_name_becomes_its_number(season: str, number: int):
    record, [problem] = checked(
        {"type": "book", "issued": {"date-parts": [[2012]], "season": season}}
    )
    assert record.issued is not None and record.issued.season == number
    assert (problem.field, problem.severity) == ("issued.season", "note")


@pytest.mark.parametrize(("season", "number"), [(1, 1), (4, 4), ("3", 3)])
def test_a_season_number_is_kept(season: Any, number: int):
    record, problems = checked(
        {"type": "book", "issued": {"date-parts": [[2012]], "season": season}}
    )
    assert record.issued is not None and record.issued.season == number and problems == []


@pytest.mark.parametrize("season", [0, 5, 13.5, "Christmas", True])
def test_a_value_that_is_no_season_is_dropped_and_said(season: Any):
    record, [problem] = checked(
        {"type": "book", "issued": {"date-parts": [[2012]], "season": season}}
    )
    assert record.csl()["issued"] == {"date-parts": [[2012]]}
    assert (problem.field, problem.severity) == ("issued.season", "warning")


def test_a_raw_iso_date_becomes_date_parts():
    record, [problem] = checked({"type": "book", "issued": {"raw": "2012-03-04/2012-04"}})
    assert record.csl()["issued"] == {"date-parts": [[2012, 3, 4], [2012, 4]]}
    assert (problem.field, problem.severity) == ("issued.raw", "note")
    assert record.year == 2012


def test_a_raw_date_in_other_words_is_kept_and_said():
    record, [problem] = checked({"type": "book", "issued": {"raw": "circa spring 1990"}})
    assert record.csl()["issued"] == {"raw": "circa spring 1990"}
    assert (problem.field, problem.severity) == ("issued.raw", "warning")


def test_a_date_left_with_nothing_is_none():
    record, [problem] = checked({"type": "book", "issued": {"date-parts": [["n.d."]]}})
    assert record.issued is None and problem.field == "issued.date-parts"


# -- invariants: type ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "csl"),
    [
        ("journal-article", "article-journal"),  # Crossref's name
        ("journalArticle", "article-journal"),  # Zotero's
        ("legal-case", "legal_case"),
        ("Book", "book"),
        ("article-jounral", "article-journal"),
        ("no-such-type", "article"),
        ("journal", "article"),
        (7, "article"),
    ],
)
def test_a_type_outside_csl_is_the_closest_csl_type_and_said(raw: Any, csl: str):
    record, [problem] = checked({"type": raw, "title": "Kept"})
    assert record.type == csl and record.title == "Kept"
    assert (problem.field, problem.severity) == ("type", "warning")
    assert repr(raw) in problem.message


# -- identity ------------------------------------------------------------------------------


def work_hash(title: str, year: str, family: str) -> str:
    """The documented recipe, written out: folded fields joined by U+001F, SHA-256, 16 hex."""
    text = "\x1f".join((title, year, family))
    return "work:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def test_identity_is_the_doi_then_the_pmid_then_a_hash():
    base = {
        "type": "article-journal",
        "title": "Vitamin D and falls",
        "author": [{"family": "Smith"}],
    }
    assert Record.from_csl({**base, "DOI": "10.1000/ABC.5", "PMID": "123"}).identity == (
        "doi:10.1000/abc.5"
    )
    assert Record.from_csl({**base, "PMID": "PMID: 00123"}).identity == "pmid:123"
    dated = Record.from_csl({**base, "issued": {"date-parts": [[2012]]}})
    assert dated.identity == work_hash("vitamindandfalls", "2012", "smith")


def test_identity_ignores_spelling_and_the_citation_key():
    one = Record.from_csl(
        {"type": "book", "title": "Vitamin D: Falls", "author": [{"family": "Müller"}]}
    )
    two = Record.from_csl(
        {
            "id": "other",
            "type": "book",
            "title": "VITAMIN D — falls",
            "author": [{"family": "Muller"}],
        }
    )
    assert one.identity == two.identity
    [keyed] = assign_keys([one])
    assert keyed.id != one.id and keyed.identity == one.identity
    later = Record.from_csl({**one.csl(), "issued": {"date-parts": [[2013]]}})
    assert later.identity != one.identity


def test_a_doi_cut_short_is_no_identity():
    record = Record.from_csl({"type": "book", "DOI": "10.1016/j", "PMID": "77"})
    assert record.identity == "pmid:77"


def test_filled_names_the_keys_of_the_csl_form():
    """Writers ask ``filled()`` what a record holds instead of dumping it: the answer must be
    the keys of the schema-checked item, for every variable and for a record with few."""
    item = every_variable()
    assert set(Record.from_csl(item).filled()) == set(item)
    sparse = {"id": "x", "type": "book", "title": "T", "issued": {"date-parts": [[2020]]}}
    sparse["custom"] = {"found_on": [{"file": "a.md", "line": 3}]}
    record = Record.from_csl(sparse)
    assert set(record.filled()) == set(sparse)
    assert record.custom.filled() == ["found_on"]
    assert set(Record.from_csl({"title": "T", "accessed": {}}).filled()) == {"type", "title"}
