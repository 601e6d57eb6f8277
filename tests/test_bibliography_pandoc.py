"""The plain-text reference list is pandoc's citeproc output, entry by entry.

For the seeds, citekit's own corpus of awkward records (``tests/bibliography/corpus.json``)
and the parser test corpus (``tests/corpus``, when present), citekit's ``text`` writer and
``pandoc --citeproc`` are given the same CSL-JSON and the same style. Every entry must be
identical, in the same order, except the differences listed in :data:`ACCEPTED`; each of
those names its reason and the exact text that differs, and the test fails if the difference
goes away (so the list never goes stale) or if anything else differs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from citekit import Record, parse_paths
from citekit.bibliography import csl_items, render
from citekit.keys import assign_keys
from citekit.styles import resolve
from citekit.writers import text
from tests.conftest import ROOT, SEEDS

pypandoc = pytest.importorskip("pypandoc")

# The styles the issue names, the house style, and MLA (subsequent-author-substitute).
STYLES = [
    "apa",
    "vancouver",
    "ama",
    "chicago-author-date",
    "harvard-cite-them-right",
    "ieee",
    "nature",
    "mla",
    "pubmed",
]
CORPUS = ROOT / "tests" / "bibliography" / "corpus.json"
PARSER_CORPUS = ROOT / "tests" / "corpus"

HYPHENATED = (
    "Hyphenated given name with a lower-case second part: citekit initialises both parts "
    "(Ji-woo → J.-W., JW), as the issue asks and as NLM and APA do; pandoc drops the part "
    "after the hyphen (J.)."
)
LABEL_BEFORE_NAMES = (
    "The style gives cs:names a cs:label but no cs:name; pandoc then prints the label before "
    "the names and loses the prefix (In, editorsFeldman D). citekit puts the name first, as "
    "the style means and NLM's Citing Medicine prints it (In: Feldman D, Pike JW, editors)."
)
SUPPLEMENT_PLURAL = (
    "pandoc counts an issue like '6 Suppl' as several issues (nos.); it is one (no.)."
)
AVAILABLE_DATE = (
    "pandoc's citeproc does not read CSL 1.0.2's available-date, so the style's Epub date is "
    "missing from its output; citekit prints it, as PubMed does."
)

# (style, record id) → (reason, the text in citekit's entry, the text in pandoc's entry).
ACCEPTED: dict[tuple[str, str], tuple[str, str, str]] = {
    ("apa", "kim2021hyphenated"): (HYPHENATED, "Kim, J.-W.", "Kim, J."),
    ("vancouver", "kim2021hyphenated"): (HYPHENATED, "Kim JW", "Kim J"),
    ("ama", "kim2021hyphenated"): (HYPHENATED, "Kim JW", "Kim J"),
    ("harvard-cite-them-right", "kim2021hyphenated"): (HYPHENATED, "Kim, J.-W.", "Kim, J."),
    ("ieee", "kim2021hyphenated"): (HYPHENATED, "J.-W. Kim", "J. Kim"),
    ("nature", "kim2021hyphenated"): (HYPHENATED, "Kim, J.-W.", "Kim, J."),
    ("pubmed", "kim2021hyphenated"): (HYPHENATED, "Kim JW", "Kim J"),
    ("vancouver", "holick2011vitamin"): (
        LABEL_BEFORE_NAMES,
        "In: Feldman D, Pike JW, editors.",
        "In, editorsFeldman D, Pike JW.",
    ),
    ("ama", "holick2011vitamin"): (
        LABEL_BEFORE_NAMES,
        "In: Feldman D, Pike JW, eds.",
        "In, eds.Feldman D, Pike JW.",
    ),
    ("mla", "dupont2004only"): (SUPPLEMENT_PLURAL, "no. 6 Suppl", "nos. 6 Suppl"),
    ("pubmed", "liang2022effects"): (AVAILABLE_DATE, " Epub 2022 Feb 15.", ""),
    ("pubmed", "liang2024vitamin"): (AVAILABLE_DATE, " Epub 2024 Jan 24.", ""),
}


def corpus_records() -> list[Record]:
    """Seeds, citekit's bibliography corpus and the parser corpus, with unique keys."""
    records = parse_paths(SEEDS).records
    records += [Record.from_csl(i) for i in json.loads(CORPUS.read_text(encoding="utf-8"))]
    if PARSER_CORPUS.is_dir():
        records += parse_paths([PARSER_CORPUS]).records
    return assign_keys(records)


@pytest.fixture(scope="module")
def records() -> list[Record]:
    return corpus_records()


@pytest.fixture(scope="module")
def csl_file(records: list[Record], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("csl") / "items.json"
    path.write_text(json.dumps(csl_items(records), ensure_ascii=False), encoding="utf-8")
    return path


def pandoc_entries(csl_file: Path, style: str) -> list[tuple[str, str]]:
    """(id, plain text) of each entry pandoc's citeproc writes for ``style``."""
    resolved = resolve(style)
    args = [pypandoc.get_pandoc_path(), "-f", "csljson", "--citeproc", "--wrap=none"]
    args += ["--csl", str(resolved.path), str(csl_file)]
    if resolved.locale:
        args += ["-M", f"lang={resolved.locale}"]

    def run(fmt: str) -> str:
        done = subprocess.run([*args, "-t", fmt], capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    blocks = json.loads(run("json"))["blocks"]
    refs = next(b for b in blocks if b["t"] == "Div" and b["c"][0][0] == "refs")
    ids = [div["c"][0][0].removeprefix("ref-") for div in refs["c"][1]]
    entries = [e for e in run("plain").strip("\n").split("\n\n") if e]
    assert len(ids) == len(entries), "cannot pair pandoc's entries with their ids"
    return list(zip(ids, entries, strict=True))


@pytest.mark.parametrize("style", STYLES)
def test_plain_text_matches_pandoc(style: str, records: list[Record], csl_file: Path) -> None:
    ours = [(entry.id, text.line(entry)) for entry in render(records, style).entries]
    theirs = pandoc_entries(csl_file, style)
    assert [i for i, _ in ours] == [i for i, _ in theirs], "order differs"
    unexplained = []
    for (record_id, mine), (_, pandoc) in zip(ours, theirs, strict=True):
        accepted = ACCEPTED.get((style, record_id))
        if accepted:
            reason, our_text, their_text = accepted
            assert mine != pandoc, f"{record_id} now matches pandoc: drop it from ACCEPTED"
            assert our_text in mine, f"{record_id}: {our_text!r} not in {mine!r}"
            assert mine.replace(our_text, their_text, 1) == pandoc, f"{record_id}: {reason}"
        elif mine != pandoc:
            unexplained.append(f"{record_id}\n  citekit: {mine}\n  pandoc:  {pandoc}")
    assert not unexplained, "\n".join(unexplained)


def test_every_accepted_difference_is_for_a_compared_style() -> None:
    assert {style for style, _ in ACCEPTED} <= set(STYLES)
    ids = {r.id for r in corpus_records()}
    assert {record_id for _, record_id in ACCEPTED} <= ids
