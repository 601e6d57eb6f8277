"""Write ``citekit/_csl_fields.py``: every CSL 1.0.2 variable, from the CSL-JSON schema.

    python scripts/gen_csl_fields.py          # rewrite citekit/_csl_fields.py
    python scripts/gen_csl_fields.py --check  # exit 1 when the file is not what the schema gives

The schema is the vendored ``tests/schemas/csl-data.json``. What this script decides, and
``citekit/record.py`` builds on:

- Python names are the CSL keys with hyphens as underscores; the CSL key is the alias.
- How a schema type is stored (``STORED``): ``string`` and ``string|number`` as text (CSL
  treats "numbers" such as a volume as text that may look numeric: ``"12"``, ``"12a"``,
  ``"3-4"``), a name list as ``list[NameT]``, a date as ``DateT``; the name flags that may be a
  string, number or boolean keep the JSON value they had, so they round-trip. Two date parts
  are stored as CSL's processors read them: ``date-parts`` as integers, ``season`` as 1–4.
- Field order (``LEADING``): the keys citekit has always written, in the order it wrote
  them (so CSL-JSON files diff cleanly across versions), then every other variable in the
  schema's order.
- Left out (``NOT_GENERATED``): ``custom`` (citekit's own model in ``record.py``) and
  Zotero's ``journalAbbreviation`` and ``shortTitle``, its names for ``container-title-short``
  and ``title-short``, which the CSL-JSON reader maps onto them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "tests" / "schemas" / "csl-data.json"
TARGET = ROOT / "citekit" / "_csl_fields.py"

NOT_GENERATED = frozenset({"custom", "journalAbbreviation", "shortTitle"})
LEADING = {
    "item": [
        "id",
        "type",
        "title",
        "author",
        "editor",
        "container-title",
        "container-title-short",
        "collection-title",
        "volume",
        "issue",
        "page",
        "number-of-pages",
        "number",
        "edition",
        "issued",
        "available-date",
        "DOI",
        "PMID",
        "PMCID",
        "ISSN",
        "ISBN",
        "URL",
        "abstract",
        "keyword",
        "language",
        "publisher",
        "publisher-place",
        "genre",
        "source",
        "archive",
        "archive_location",
        "note",
    ],
    "name-variable": [
        "family",
        "given",
        "literal",
        "dropping-particle",
        "non-dropping-particle",
        "suffix",
    ],
    "date-variable": ["date-parts", "season", "literal"],
}
# (model, key) whose stored type is not the one its schema type gives.
STORED = {
    ("date-variable", "date-parts"): "list[list[int]] | None",
    ("date-variable", "season"): "int | None",
}
# Schema type → stored type.
BY_TYPE = {
    "string": "str | None",
    "string|number": "str | None",
    "string|number|boolean": "bool | int | float | str | None",
    "array:string": "list[str]",
    "array:name-variable": "list[NameT]",
    "ref:date-variable": "DateT | None",
}


def kind(spec: dict[str, Any]) -> str:
    """The schema type of one property, spelled as a ``BY_TYPE`` key."""
    if "$ref" in spec:
        return "ref:" + spec["$ref"].rsplit("/", 1)[1]
    if "enum" in spec:
        return "enum"
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    if types == ["array"]:
        items = spec["items"]
        return "array:" + (items["$ref"].rsplit("/", 1)[1] if "$ref" in items else items["type"])
    return "|".join(types)


def ordered(model: str, properties: dict[str, Any]) -> list[str]:
    keys = [k for k in properties if k not in NOT_GENERATED]
    leading = [k for k in LEADING[model] if k in properties]
    return leading + [k for k in keys if k not in leading]


def field_line(model: str, key: str, spec: dict[str, Any]) -> str:
    name = key.replace("-", "_")
    if model == "item" and key == "type":
        return "    type: CslType"
    if model == "item" and key == "id":
        return "    id: str"
    stored = STORED.get((model, key)) or BY_TYPE[kind(spec)]
    default = "[]" if stored.startswith("list[") and "None" not in stored else "None"
    if name == key:
        return f"    {name}: {stored} = {default}"
    return f'    {name}: {stored} = Field({default}, alias="{key}")'


def keys_by_kind(properties: dict[str, Any], wanted: set[str]) -> list[str]:
    return [k for k in ordered("item", properties) if kind(properties[k]) in wanted]


def tuple_lines(name: str, comment: str, keys: list[str]) -> list[str]:
    return [f"# {comment}", f"{name} = (", *(f'    "{k}",' for k in keys), ")"]


def render(schema: dict[str, Any]) -> str:
    item = schema["items"]["properties"]
    name = schema["definitions"]["name-variable"]["anyOf"][0]["properties"]
    date = schema["definitions"]["date-variable"]["anyOf"][0]["properties"]
    types = item["type"]["enum"]
    lines = [
        '"""Every CSL 1.0.2 variable, generated from the CSL-JSON schema. Do not edit by hand.',
        "",
        "Regenerate with ``python scripts/gen_csl_fields.py`` (it reads",
        "``tests/schemas/csl-data.json``; the script's docstring says what it decides);",
        "``tests/test_record_model.py`` fails when this file and the schema disagree. The",
        "hand-written model (validators, helpers, citekit's ``custom``) is ``citekit/record.py``.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from typing import Generic, Literal, TypeVar",
        "",
        "from pydantic import BaseModel, Field",
        "",
        "# The item types (the schema's enum of `type`).",
        "CslType = Literal[",
        *(f'    "{t}",' for t in types),
        "]",
        "CSL_TYPES: tuple[str, ...] = (",
        *(f'    "{t}",' for t in types),
        ")",
        "",
        *tuple_lines("NAME_VARIABLES", "Names.", keys_by_kind(item, {"array:name-variable"})),
        *tuple_lines("DATE_VARIABLES", "Dates.", keys_by_kind(item, {"ref:date-variable"})),
        *tuple_lines(
            "STRING_OR_NUMBER_KEYS",
            "A string or a number in the schema; stored as text.",
            keys_by_kind(item, {"string|number"}),
        ),
        *tuple_lines("STRING_KEYS", "A string only.", keys_by_kind(item, {"string"})),
        "",
        "",
        "class CslName(BaseModel):",
        '    """The parts of a CSL name (the schema\'s ``name-variable``)."""',
        "",
        *(field_line("name-variable", k, name[k]) for k in ordered("name-variable", name)),
        "",
        "",
        "class CslDate(BaseModel):",
        '    """The parts of a CSL date (the schema\'s ``date-variable``)."""',
        "",
        *(field_line("date-variable", k, date[k]) for k in ordered("date-variable", date)),
        "",
        "",
        'NameT = TypeVar("NameT", bound=CslName)',
        'DateT = TypeVar("DateT", bound=CslDate)',
        "",
        "",
        "class CslItem(BaseModel, Generic[NameT, DateT]):",
        '    """The variables of a CSL item, with the hand-written name and date models."""',
        "",
        *(field_line("item", k, item[k]) for k in ordered("item", item)),
        "",
    ]
    return "\n".join(lines)


def formatted(text: str) -> str:
    """The text as ``ruff format`` writes it, so the committed file passes the format check."""
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--stdin-filename", str(TARGET), "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return done.stdout


def main(argv: list[str]) -> int:
    text = formatted(render(json.loads(SCHEMA.read_text(encoding="utf-8"))))
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run {__file__}", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
