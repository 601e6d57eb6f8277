"""The record model against the CSL 1.0.2 schema and specification.

Expectations come from the vendored schema (``tests/schemas/csl-data.json``: every variable,
its type) and the CSL 1.0.2 specification (seasons 1–4; months 13–16 and 21–24 as seasons,
the encodings of citeproc-js and EDTF), and for DOIs from the DOI Handbook (a DOI is
``10.<registrant>/<suffix>``; URL and ``doi:`` forms are presentations of it).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from citekit.record import Date, Name, Record

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "tests" / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
PROPERTIES: dict[str, Any] = SCHEMA["items"]["properties"]
NAME_PROPERTIES: dict[str, Any] = SCHEMA["definitions"]["name-variable"]["anyOf"][0]["properties"]
DATE_PROPERTIES: dict[str, Any] = SCHEMA["definitions"]["date-variable"]["anyOf"][0]["properties"]
# Zotero's names for container-title-short and title-short: the CSL-JSON reader maps them
# (tests/test_csljson.py); `custom` is citekit's own object.
NOT_VARIABLES = {"custom", "journalAbbreviation", "shortTitle"}


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
    record = Record.from_csl(item)
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


@pytest.mark.parametrize("csl_type", SCHEMA["items"]["properties"]["type"]["enum"])
def test_every_csl_type_is_kept(csl_type: str):
    assert Record.from_csl({"type": csl_type}).type == csl_type


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
