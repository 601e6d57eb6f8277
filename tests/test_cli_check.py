"""`citekit check` and `citekit show`: tables over the parse, exit 1 when an input failed.

Expectations are the seeds' own text (authors, years, titles, journals, DOIs as the files
give them) and the README's codes.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from citekit.cli import app
from tests.conftest import ROOT, seed


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def _rows(stdout: str) -> list[list[str]]:
    return [
        [cell.strip() for cell in line.strip("│").split("│")]
        for line in stdout.splitlines()
        if line.startswith("│")
    ]


def test_check_lists_each_file_with_its_records_and_problems(tmp_path: Path):
    warned = tmp_path / "a-warned.txt"
    warned.write_text("Vitamin D and falls. J Bone Res. 2012;5(2):101-9.\n", encoding="utf-8")
    broken = tmp_path / "b-broken.json"
    broken.write_text("[{", encoding="utf-8")
    # A copy beside the others: inputs are listed in path order, and the checkout's own
    # path sorts before or after the temporary folder depending on where CI clones it.
    clean = tmp_path / "c-seed.txt"
    clean.write_text(seed("004").read_text(encoding="utf-8"), encoding="utf-8")
    result = run("check", str(warned), str(broken), str(clean))
    assert result.exit_code == 1
    rows = _rows(result.stdout)
    assert rows == [
        [str(warned), "1", "1", "warning", "no-author", "citation has no author line"],
        [str(broken), "0", "", "error", "not-recognised", "not a CSL-JSON array"],
        [str(clean), "1", "", "ok", "", ""],
    ]
    assert result.stderr == "citekit: 2 records from 3 files; 1 warning, 1 error\n"


def test_check_passes_clean_inputs_and_prints_no_colour_off_a_terminal():
    result = run("check", str(ROOT / "seeds"))
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert [row[1:4] for row in _rows(result.stdout)] == [["1", "", "ok"]] * 2


def test_show_gives_author_year_title_journal_doi_per_record():
    result = run("show", str(ROOT / "seeds"))
    assert result.exit_code == 0
    rows = _rows(result.stdout)
    # Seed 000 is a PubMed citation (abbreviated journal), 004 an EBSCO record (full title).
    assert [row[:2] + row[3:] for row in rows] == [
        ["Liang", "2022", "Exp Ther Med", "10.3892/etm.2022.11214"],
        ["Milovanovic", "2025", "Clinical Rheumatology", "10.1007/s10067-025-07335-w"],
    ]
    assert rows[0][2].startswith("Effects of vitamin D with or without calcium")


def test_show_never_reads_input_as_markup(tmp_path: Path):
    page = tmp_path / "page.txt"
    # rich markup in a pasted title must come out as typed, not as bold text.
    page.write_text("[bold]Vitamin D[/bold] and falls. J Bone Res. 2012;5(2):101-9.\n", "utf-8")
    result = run("show", str(page))
    assert "[bold]Vitamin D[/bold] and falls" in result.stdout
