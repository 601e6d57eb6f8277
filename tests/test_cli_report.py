"""`citekit export`'s reporting flags: the summary line, --quiet, --strict, --report, --rejects.

Expectations come from issue 13 and the README: exit 0 ok, 1 an input failed (or --strict
with a warning), 2 bad usage; the summary reads ``N records from N files; N warnings, N
errors``; the report's diagnostics are the lines stderr shows, as data.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from citekit.cli import app
from tests.conftest import ROOT, seed

runner = CliRunner()

# A PubMed summary line without an author line (what users paste from a search result page
# where the authors were not selected): one record, one no-author warning.
NO_AUTHOR = "Vitamin D and falls. J Bone Res. 2012;5(2):101-9. doi: 10.1000/abc.5\n"


def run(*args: str):
    return runner.invoke(app, list(args))


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    warned, broken = tmp_path / "warned.txt", tmp_path / "broken.json"
    warned.write_text(NO_AUTHOR, encoding="utf-8")
    broken.write_text("[{", encoding="utf-8")  # a CSL-JSON file cut off while being saved
    return warned, broken


def test_the_summary_line_counts_records_files_warnings_and_errors(tmp_path: Path):
    warned, broken = _inputs(tmp_path)
    result = run("export", str(warned), str(broken), "-f", "csl-json")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "citekit: 1 record from 2 files; 1 warning, 1 error"


def test_quiet_shows_errors_only(tmp_path: Path):
    warned, broken = _inputs(tmp_path)
    result = run("export", str(warned), str(broken), "-f", "csl-json", "--quiet")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "error[not-recognised]" in lines[0] and str(broken) in lines[0]
    assert json.loads(result.stdout)[0]["DOI"] == "10.1000/abc.5"


def test_strict_makes_a_warning_fatal_and_still_writes_the_output(tmp_path: Path):
    warned, _ = _inputs(tmp_path)
    out = tmp_path / "out.json"
    assert run("export", str(warned), "-f", "csl-json", "-o", str(out)).exit_code == 0
    out.unlink()
    result = run("export", str(warned), "-f", "csl-json", "-o", str(out), "--strict")
    assert result.exit_code == 1
    assert "warning[no-author]" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))[0]["DOI"] == "10.1000/abc.5"


def test_strict_passes_an_input_without_warnings():
    # The PubMed seed reads with nothing to say, and CSL-JSON carries every field.
    result = run("export", str(seed("004")), "-f", "csl-json", "--strict")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("; 0 warnings, 0 errors\n")


def test_report_holds_the_summary_and_every_diagnostic(tmp_path: Path):
    warned, broken = _inputs(tmp_path)
    report = tmp_path / "report.json"
    result = run("export", str(warned), str(broken), "-f", "csl-json", "--report", str(report))
    assert result.exit_code == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["summary"] == {
        "records": 1,
        "files": 2,
        "notes": 0,
        "warnings": 1,
        "errors": 1,
        "exit_code": 1,
    }
    assert data["diagnostics"] == [
        {
            "file": str(warned),
            "line": 1,
            "severity": "warning",
            "code": "no-author",
            "message": "citation has no author line",
        },
        {
            "file": str(broken),
            "line": None,
            "severity": "error",
            "code": "not-recognised",
            "message": "not a CSL-JSON array",
        },
    ]
    assert "enrichment" not in data


def test_rejects_lists_every_input_that_gave_no_record(tmp_path: Path):
    warned, broken = _inputs(tmp_path)
    page = tmp_path / "page.md"
    # A wiki page whose DOI is in a sentence no citation reading takes (corpus pattern:
    # "see also doi …" in the wiki author's commentary).
    page.write_text('{"title": "Notes"}\n\nSee the discussion.\n', encoding="utf-8")
    rejects = tmp_path / "rejects.txt"
    args = [str(warned), str(broken), str(page), "--rejects", str(rejects), "-f", "ris"]
    result = run("export", *args)
    assert result.exit_code == 1
    # Each reject is followed by the text it left behind, indented by four spaces.
    assert rejects.read_text(encoding="utf-8").splitlines() == [
        f"{broken}\tnot-recognised\tnot a CSL-JSON array",
        "    [{",
        f"{page}\tno-citation\tpage has no citation",
        '    {"title": "Notes"}',
        "    ",
        "    See the discussion.",
    ]


def test_rejects_keep_a_bad_block_and_not_the_entries_around_it(tmp_path: Path):
    library = tmp_path / "library.bib"
    library.write_text(
        "@article{good1, title = {One}, author = {Doe, J.}, year = {2020}}\n"
        "\n"
        "@article{broken, title = {Two, author = {Roe, R.}, year = {2021}\n"
        "\n"
        "@article{good2, title = {Three}, author = {Poe, E.}, year = {2022}}\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.txt"
    result = run("export", str(library), "--rejects", str(rejects), "-f", "csl-json")
    assert [item["id"] for item in json.loads(result.stdout)] == ["good1", "good2"]
    lines = rejects.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(f"{library}:3\tbad-entry\t")
    assert lines[1:] == ["    @article{broken, title = {Two, author = {Roe, R.}, year = {2021}"]


def test_an_unwritable_report_is_one_error_line_after_the_export(tmp_path: Path):
    result = run("export", str(seed("004")), "--report", str(tmp_path / "no" / "r.json"))
    assert result.exit_code == 1
    assert "cannot write the report" in result.stderr and "Traceback" not in result.output
    assert "@article{milovanovic2025ectopic" in result.stdout


def test_report_of_the_seeds_names_the_writer_warning(tmp_path: Path):
    report = tmp_path / "r.json"
    result = run("export", str(ROOT / "seeds"), "-f", "bibtex", "--report", str(report))
    assert result.exit_code == 0
    [said] = json.loads(report.read_text(encoding="utf-8"))["diagnostics"]
    assert (said["file"], said["code"]) == ("bibtex", "not-carried")
