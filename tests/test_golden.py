"""Golden files, split at the model.

``seeds/<x>`` → ``golden/<x>.csl.json`` checks the parsers; ``golden/<x>.csl.json`` →
``golden/<x>.<format>`` checks the writers on their own. Every golden was read against its
seed by a person; ``pytest --update-golden`` rewrites them and the diff must be reviewed.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from citekit import Record, parse, write
from citekit.keys import assign_keys
from citekit.writers import WRITERS
from tests.conftest import GOLDEN, SEEDS

SUFFIX = {"bibtex": "bib", "biblatex": "biblatex.bib", "ris": "ris", "csl-json": "json"}
# Reference lists are written in the default style, APA.
SUFFIX |= {"text": "apa.txt", "markdown": "apa.md", "html": "apa.html", "rtf": "apa.rtf"}


def _check(path: Path, actual: str, update: bool) -> None:
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8", newline="")
        if not update:
            pytest.fail(f"golden {path.name} was missing and has been written; review it")
        return
    with path.open(encoding="utf-8", newline="") as handle:  # RIS goldens keep their CRLF
        expected = handle.read()
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(path), "actual"
            )
        )
        pytest.fail(f"{path.name} differs from its golden:\n{diff}")


def _records(seed: Path) -> list[Record]:
    golden = GOLDEN / f"{seed.stem}.csl.json"
    return [Record.from_csl(item) for item in json.loads(golden.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_parser_golden(seed: Path, update_golden: bool) -> None:
    result = parse(seed.read_text(encoding="utf-8"), origin=seed.name)
    records = assign_keys(result.records)
    text = json.dumps([r.csl() for r in records], ensure_ascii=False, indent=2) + "\n"
    _check(GOLDEN / f"{seed.stem}.csl.json", text, update_golden)


@pytest.mark.parametrize("fmt", sorted(WRITERS))
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_writer_golden(seed: Path, fmt: str, update_golden: bool) -> None:
    text = write(_records(seed), fmt).text
    suffix = SUFFIX.get(fmt, fmt)
    _check(GOLDEN / f"{seed.stem}.{suffix}", text, update_golden)
