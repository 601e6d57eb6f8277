"""Real BibTeX and biber read citekit's output: no errors, no warnings, the capitals kept.

BibTeX runs with the standard ``plain`` and ``unsrt`` styles, biber in tool mode with
``--validate-datamodel``. Both are Debian packages (.ci/run installs them); without them these
tests skip, except on CI, where they fail.

A record that lacks what its entry type needs (a citation without authors, a bare DOI) makes
the tools warn whatever the writer does; citekit says so itself when it writes the entry, and
the tests check that the tools warn about those entries and nothing else.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from citekit import Record, write
from citekit.writers import biblatex, bibtex
from citekit.writers.shared.latex import TeX
from tests.export_fixtures import fixture_records, record_sets
from tests.tools import require

STYLES = ("plain", "unsrt")
SETS = record_sets()


def run_bibtex(folder: Path, text: str, style: str) -> tuple[str, list[str], list[str]]:
    """Run BibTeX on ``text`` citing every entry: the .bbl, its warnings and its errors."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(text, encoding="utf-8")
    (folder / "doc.aux").write_text(
        f"\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n", encoding="utf-8"
    )
    result = subprocess.run(
        [require("bibtex"), "doc"], cwd=folder, capture_output=True, text=True, check=False
    )
    log = (folder / "doc.blg").read_text(encoding="utf-8", errors="replace")
    warnings = re.findall(r"^Warning--(.*)$", log, re.MULTILINE)
    errors = re.findall(
        r"^(.*)---(?:line \d+ of file|this can't happen|while executing)", log, re.M
    )
    if result.returncode > 1 or "error message" in log:
        errors.append(f"exit {result.returncode}: {log[-2000:]}")
    bbl = folder / "doc.bbl"
    return (bbl.read_text(encoding="utf-8") if bbl.exists() else ""), warnings, errors


def run_biber(folder: Path, text: str) -> list[str]:
    """Validate ``text`` against biblatex's data model; biber's warnings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [require("biber"), "--tool", "--validate-datamodel", "refs.bib"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ERROR" not in result.stdout, result.stdout
    return re.findall(r"^WARN - (.*)$", result.stdout, re.MULTILINE)


# What plain.bst requires per entry type (btxdoc §2.2 and the style's own checks), as the
# record variables that would fill each field; the tests expect a warning exactly where the
# record has none of them, whatever the writer wrote.
PLAIN_NEEDS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "article": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("journal", ("container-title", "container-title-short")),
        ("year", ("issued",)),
    ],
    "book": [
        ("author and editor", ("author", "editor")),
        ("title", ("title",)),
        ("publisher", ("publisher",)),
        ("year", ("issued",)),
    ],
    "incollection": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("booktitle", ("container-title", "container-title-short")),
        ("publisher", ("publisher",)),
        ("year", ("issued",)),
    ],
    "inproceedings": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("booktitle", ("container-title", "container-title-short")),
        ("year", ("issued",)),
    ],
    "techreport": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("institution", ("publisher",)),
        ("year", ("issued",)),
    ],
    "unpublished": [("author", ("author",)), ("title", ("title",)), ("note", ("note",))],
    **{
        kind: [
            ("author", ("author",)),
            ("title", ("title",)),
            ("school", ("publisher",)),
            ("year", ("issued",)),
        ]
        for kind in ("phdthesis", "mastersthesis")
    },
}
# biblatex's data model's mandatory fields per entry type (blx-dm.def), as record variables;
# every type but @dataset and @software also needs a date. `type` of a report or thesis is
# always there (biblatex's default key), so it is never missing.
BIBER_NEEDS: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "article": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("journaltitle", ("container-title", "container-title-short")),
    ],
    "book": [("author", ("author",)), ("title", ("title",))],
    "collection": [("editor", ("editor",)), ("title", ("title",))],
    "incollection": [
        ("author", ("author",)),
        ("editor", ("editor",)),
        ("title", ("title",)),
        ("booktitle", ("container-title", "container-title-short")),
    ],
    "inbook": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("booktitle", ("container-title", "container-title-short")),
    ],
    "inproceedings": [
        ("author", ("author",)),
        ("title", ("title",)),
        ("booktitle", ("container-title", "container-title-short")),
    ],
    "report": [("author", ("author",)), ("title", ("title",)), ("institution", ("publisher",))],
    "thesis": [("author", ("author",)), ("title", ("title",)), ("institution", ("publisher",))],
    "online": [("title", ("title",)), ("url|doi|eprint", ("URL", "DOI", "PMID"))],
    "misc": [("title", ("title",))],
    "unpublished": [("author", ("author",)), ("title", ("title",))],
}


def _has(record: Record, variables: tuple[str, ...]) -> bool:
    data = record.csl()
    for variable in variables:
        value = data.get(variable)
        if variable == "issued":
            # A year (or a date without one, written as its literal) fills `year`.
            if value and (value.get("date-parts") or value.get("literal")):
                return True
        elif value:
            return True
    return False


def expected_bibtex_warnings(records: list[Record]) -> set[str]:
    """plain.bst's warnings for what the records' data lacks: a required field nothing in the
    record can fill, and an article's issue without a volume (the style says so)."""
    out = set()
    for record in records:
        kind = bibtex.entry_type(record)
        for field, variables in PLAIN_NEEDS.get(kind, []):
            if not _has(record, variables):
                out.add(f"empty {field} in {record.id}")
        if kind == "article" and _has(record, ("issue", "number")) and not record.volume:
            out.add(f"there's a number but no volume in {record.id}")
    return out


def expected_biber_warnings(records: list[Record]) -> set[str]:
    """biber's warnings for entries whose data lacks a field the data model requires."""
    out = set()
    for record in records:
        kind = biblatex.entry_type(record)
        needs = list(BIBER_NEEDS.get(kind, []))
        if kind not in ("dataset", "software"):
            needs.append(("date", ("issued-date-parts",)))
        for need, variables in needs:
            if need == "date":
                has = bool(record.issued and record.issued.date_parts)
            else:
                has = _has(record, variables)
            if has:
                continue
            if need == "date":
                message = "Missing mandatory field - one of 'date, year' must be defined"
            elif "|" in need:
                message = f"Missing mandatory field - one of '{need.replace('|', ', ')}'"
            else:
                message = f"Missing mandatory field '{need}'"
            out.add(f"Datamodel: Entry '{record.id}' (refs.bib): {message}")
    return out


@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("name", sorted(SETS))
def test_bibtex_reads_every_entry(tmp_path: Path, name: str, style: str, ascii: bool) -> None:
    records = SETS[name]
    bbl, warnings, errors = run_bibtex(tmp_path, write(records, "bibtex", ascii=ascii).text, style)
    assert errors == []
    assert set(warnings) == expected_bibtex_warnings(records)
    assert len(warnings) == len(set(warnings))
    assert bbl.count("\\bibitem") == len(records)


def test_seeds_and_fixtures_are_complete() -> None:
    """The records the issue names compile without a single BibTeX or biber warning."""
    for name in ("seeds", "fixtures"):
        assert expected_bibtex_warnings(SETS[name]) == set(), name
        assert expected_biber_warnings(SETS[name]) == set(), name


def _bibitem(bbl: str, key: str) -> str:
    text = bbl.split(f"\\bibitem{{{key}}}", 1)[1].split("\\bibitem", 1)[0]
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("style", STYLES)
def test_bbl_shows_the_protected_capitals(tmp_path: Path, style: str) -> None:
    records = {r.id: r for r in fixture_records()}
    bbl, _, _ = run_bibtex(tmp_path, write(list(records.values()), "bibtex").text, style)
    berg = _bibitem(bbl, "berg2023vitamin")
    for braced in ("{VDR}", "{FokI}", "25({OH}){D}", "{mRNA}", "{CYP24A1}", "{COVID}-19"):
        assert braced in berg
    assert "{Norwegian} adults" in berg  # a proper noun in a sentence-case title
    # Title case: the style lower-cases all but the protected words and the first letter.
    smith = _bibitem(bbl, "smith2021effects")
    assert "Effects of vitamin {D} supplementation on bone mineral density in older adults: " in (
        smith
    )
    assert "{A} randomized trial in the {UK}" in smith
    # Capitalised nouns of a German sentence-case title survive; the rest stays as written.
    assert "Vitamin-{D}-{Mangel} bei älteren {Menschen} in {Deutschland}" in _bibitem(
        bbl, "hartmann2018vitamin"
    )
    assert "PhD thesis, University of Ibadan" in _bibitem(bbl, "okafor2020vitamin")
    assert "Master's thesis" in _bibitem(bbl, "lie2019sun")
    assert "March--April 2021" in smith
    assert "Winter 2020" in _bibitem(bbl, "grant2020sunshine")


def test_bbl_with_ascii_has_accent_commands(tmp_path: Path) -> None:
    records = fixture_records()
    bbl, warnings, errors = run_bibtex(tmp_path, write(records, "bibtex", ascii=True).text, "plain")
    assert (errors, warnings) == ([], [])
    assert bbl.isascii()
    berg = _bibitem(bbl, "berg2023vitamin")
    assert 'J{\\"o}rg M{\\"u}ller' in berg
    assert "{\\O}stergaard" in berg
    assert "{Troms{\\o}}" in _bibitem(bbl, "lie2019sun")


@pytest.mark.parametrize("name", sorted(SETS))
def test_biber_validates_the_datamodel(tmp_path: Path, name: str) -> None:
    records = SETS[name]
    warnings = run_biber(tmp_path, write(records, "biblatex").text)
    assert set(warnings) == expected_biber_warnings(records)


def test_biber_would_catch_a_bad_field(tmp_path: Path) -> None:
    """The validation the tests rely on does flag what the writer avoids."""
    text = write(fixture_records()[:1], "biblatex").text.replace(
        "  volume = {231},", "  pagetotal = {9},"
    )
    assert any("pagetotal" in w for w in run_biber(tmp_path, text))


def test_a_lone_brace_cannot_end_a_field_in_bibtex(tmp_path: Path) -> None:
    tex = TeX()
    title = tex.title("a } b { c")
    assert title.count("{") == title.count("}")
    text = f"@article{{k,\n  title = {{{title}}},\n  journal = {{J}},\n  year = {{2020}},\n"
    text += "  author = {A, B}\n}\n"
    bbl, warnings, errors = run_bibtex(tmp_path, text, "plain")
    assert (errors, warnings) == ([], [])
    assert "\\vphantom" in bbl
