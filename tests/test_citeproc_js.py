"""Reference lists entry for entry as citeproc-js writes them (issue 11).

citeproc-js (npm ``citeproc``, pinned in ``tests/js/package.json``) is the CSL processor
inside Zotero and Mendeley: what most people compare a reference list with. ``tests/js/
render.js`` runs it on the same CSL-JSON, the same style file and the same locale files that
citekit renders with, and prints each entry as plain text. Both sides are compared after
collapsing whitespace, nothing else.

Record sets: the seeds, citekit's own corpus of awkward records (``tests/bibliography/
corpus.json``), the parser test corpus (``tests/corpus``), and the real EDS records of
``../shared/corpus/ebsco-eds`` where that folder exists. Each set is one reference list per
style, so sorting, numbering and year suffixes are compared too.

Every entry that still differs is in :data:`KNOWN`, with its reason — a citeproc-js
behaviour the CSL specification does not ask for (the clause is named) or a citekit gap
still open — and the text that differs on each side. The test fails on any other
difference and on a listed entry that no longer differs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest

from citekit import Record, parse_paths
from citekit.bibliography import csl_items, render
from citekit.keys import assign_keys
from citekit.styles import resolve
from tests.conftest import ROOT, SEEDS
from tests.tools import in_ci, require

STYLES = [
    "apa",
    "vancouver",
    "american-medical-association",
    "chicago-author-date",
    "harvard-cite-them-right",
    "ieee",
    "nature",
]
JS = ROOT / "tests" / "js"
OWN_CORPUS = ROOT / "tests" / "bibliography" / "corpus.json"
PARSER_CORPUS = ROOT / "tests" / "corpus"
EDS = ROOT.parent / "shared" / "corpus" / "ebsco-eds"
NPM = "npm ci --prefix tests/js (node 18 or later), as .ci/run does"


def _records(name: str) -> list[Record]:
    if name == "seeds":
        records = parse_paths(SEEDS).records
    elif name == "own":
        data = json.loads(OWN_CORPUS.read_text(encoding="utf-8"))
        records = [Record.from_csl(item) for item in data]
    elif name == "corpus":
        records = parse_paths([PARSER_CORPUS]).records
    else:
        records = parse_paths([EDS]).records
    return assign_keys(records)


SETS = ["seeds", "own", "corpus", "eds"]


@lru_cache(maxsize=None)
def records_of(name: str) -> tuple[Record, ...]:
    return tuple(_records(name))


def node() -> str:
    """node, with citeproc-js installed under tests/js; skip without, fail on CI."""
    program = require("node", NPM)
    if not (JS / "node_modules" / "citeproc").is_dir():
        message = f"citeproc-js is not installed ({NPM})"
        if in_ci():
            pytest.fail(f"{message}; CI is set, so this test may not skip")
        pytest.skip(message)
    return program


def normalise(text: str) -> str:
    """Whitespace collapsed to single spaces (no-break and narrow spaces too), ends trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def citeproc_js(records: tuple[Record, ...], style: str, program: str) -> list[tuple[str, str]]:
    """(id, text) of each entry citeproc-js writes for ``records`` in ``style``, in order."""
    from citeproc import LOCALES_PATH

    resolved = resolve(style)
    request = {
        "style": str(resolved.path),
        "locales": str(LOCALES_PATH),
        "lang": resolved.locale,
        "items": csl_items(list(records)),
    }
    done = subprocess.run(
        [program, str(JS / "render.js")],
        input=json.dumps(request, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    answer = json.loads(done.stdout)
    return [(entry["id"], normalise(entry["text"])) for entry in answer["entries"]]


def citekit(records: tuple[Record, ...], style: str) -> list[tuple[str, str]]:
    """(id, text) of each entry citekit renders, in order (formatting dropped, as in
    citeproc-js's text output: no Unicode superscripts or capitals for small caps)."""
    return [(e.id, normalise(e.text)) for e in render(list(records), style).entries]


def available_sets() -> list[str]:
    return [name for name in SETS if name != "eds" or EDS.is_dir()]


# --- What still differs ---------------------------------------------------------------------

# (style, set, record id) → (reason, the text in citekit's entry, the text in citeproc-js's).
KNOWN: dict[tuple[str, str, str], tuple[str, str, str]] = {}


def differences(style: str, name: str, program: str) -> tuple[int, list[str], list[str]]:
    """Entries compared, differences not in KNOWN, and KNOWN entries that no longer differ."""
    records = records_of(name)
    ours = citekit(records, style)
    theirs = citeproc_js(records, style, program)
    assert [i for i, _ in ours] == [i for i, _ in theirs], f"{style}/{name}: order differs"
    unexplained, stale = [], []
    for (record_id, mine), (_, other) in zip(ours, theirs, strict=True):
        known = KNOWN.get((style, name, record_id))
        if known is None:
            if mine != other:
                unexplained.append(f"{record_id}\n  citekit:     {mine}\n  citeproc-js: {other}")
            continue
        reason, our_text, their_text = known
        if mine == other:
            stale.append(f"{record_id} now matches citeproc-js: drop it from KNOWN")
        elif our_text not in mine or mine.replace(our_text, their_text, 1) != other:
            unexplained.append(f"{record_id} ({reason[:40]}…)\n  citekit: {mine}\n  js: {other}")
    return len(ours), unexplained, stale


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("style", STYLES)
def test_reference_list_matches_citeproc_js(style: str, name: str) -> None:
    if name not in available_sets():
        pytest.skip(f"{EDS} is not here")
    program = node()
    count, unexplained, stale = differences(style, name, program)
    assert count, f"no entries for {style}/{name}"
    assert not unexplained, "\n".join(unexplained)
    assert not stale, "\n".join(stale)


def test_citeproc_js_is_pinned() -> None:
    package = json.loads((JS / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((JS / "package-lock.json").read_text(encoding="utf-8"))
    pinned = package["dependencies"]["citeproc"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    assert lock["packages"]["node_modules/citeproc"]["version"] == pinned
    assert shutil.which("node") or not in_ci(), "CI must have node"
