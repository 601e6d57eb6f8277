"""An outside reader: pandoc reads citekit's BibTeX and CSL-JSON back to the same fields."""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from citekit import Record, parse_paths, write
from citekit.keys import assign_keys
from tests.conftest import SEEDS

pypandoc = pytest.importorskip("pypandoc")


def _pandoc_csl(text: str, fmt: str) -> list[dict]:
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "-f", fmt, "-t", "csljson"],
        input=text.encode("utf-8"),
        capture_output=True,
        check=True,
    )
    assert result.stderr.decode() == "", result.stderr.decode()
    return json.loads(result.stdout)


def _expected(record: Record) -> dict:
    return {
        "title": record.title.casefold(),
        "author": [(n.family, n.given) for n in record.author],
        "container": record.container_title or record.container_title_short,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.page,
        "DOI": record.DOI,
        "year": record.year,
    }


def _seen(item: dict) -> dict:
    issued = item.get("issued", {}).get("date-parts", [[None]])
    return {
        "title": (item.get("title") or "").casefold(),
        "author": [(a.get("family"), a.get("given")) for a in item.get("author", [])],
        "container": item.get("container-title"),
        "volume": item.get("volume"),
        "issue": item.get("issue"),
        "page": item.get("page"),
        "DOI": item.get("DOI"),
        "year": issued[0][0],
    }


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return assign_keys(parse_paths(SEEDS).records)


@pytest.mark.parametrize(("fmt", "reader"), [("bibtex", "bibtex"), ("csl-json", "csljson")])
def test_pandoc_reads_back_the_same_fields(records, fmt, reader):
    items = {i["id"]: i for i in _pandoc_csl(write(records, fmt), reader)}
    assert sorted(items) == sorted(r.id for r in records)
    for record in records:
        assert _seen(items[record.id]) == _expected(record)
        # Pandoc puts BibTeX titles in sentence case (capital after a colon), so titles are
        # compared case-folded above; the capitals citekit protects must come back exactly.
        for word in re.findall(r"\b\w*[A-Z]\w*\b", record.title)[1:]:
            if word.isupper() or len(word) == 1:
                assert re.search(rf"\b{word}\b", items[record.id]["title"]), word
