"""The command line: formats, inputs, output file, errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from citekit.cli import app
from tests.conftest import ROOT, seed

runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, list(args), input=stdin)


def test_export_seeds_bibtex():
    result = run("export", str(ROOT / "seeds"), "--format", "bibtex")
    assert result.exit_code == 0, result.output
    assert "@article{liang2022effects," in result.stdout
    assert "@article{milovanovic2025ectopic," in result.stdout
    assert "2 record(s) written" in result.stderr


def test_export_csl_json_is_an_array_zotero_reads(tmp_path: Path):
    out = tmp_path / "refs.json"
    result = run("export", str(ROOT / "seeds"), "-f", "csl-json", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    items = json.loads(out.read_text(encoding="utf-8"))
    assert [i["id"] for i in items] == ["liang2022effects", "milovanovic2025ectopic"]
    assert all(i["type"] == "article-journal" for i in items)
    assert items[0]["journalAbbreviation"] == "Exp Ther Med"


def test_export_ris_has_crlf_and_closes_records():
    result = run("export", str(seed("004")), "-f", "ris")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(
        b"TY  - JOUR\r\nID  - milovanovic2025ectopic\r\nTI  - Ectopic"
    )
    assert b"\n" not in result.stdout_bytes.replace(b"\r\n", b"")
    assert result.stdout_bytes.count(b"ER  - ") == 1


def test_stdin_is_an_input():
    text = seed("004").read_text(encoding="utf-8")
    result = run("export", "-", "-f", "csl-json", stdin=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["DOI"] == "10.1007/s10067-025-07335-w"


def test_bad_file_is_named_and_others_still_export(tmp_path: Path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words, no reference here\n", encoding="utf-8")
    result = run("export", str(bad), str(seed("000")), "-f", "bibtex")
    assert result.exit_code == 1
    assert "@article{liang2022effects," in result.stdout
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1 and str(bad) in errors[0]


def test_missing_file_is_reported(tmp_path: Path):
    result = run("export", str(tmp_path / "absent.md"), str(seed("004")))
    assert result.exit_code == 1
    assert "absent.md: error: no such file or directory" in result.stderr
    assert "@article{milovanovic2025ectopic" in result.stdout


def test_directory_reports_skipped_files(tmp_path: Path):
    (tmp_path / "page.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG")
    result = run("export", str(tmp_path))
    assert result.exit_code == 0
    assert "figure.png: warning: skipped" in result.stderr
    assert "liang2022effects" in result.stdout


def test_unknown_format_lists_choices():
    result = run("export", str(seed("000")), "--format", "endnote")
    assert result.exit_code == 2
    assert "bibtex" in result.output and "csl-json" in result.output


def test_key_pattern():
    result = run("export", str(seed("000")), "--key-pattern", "{Author}{year}")
    assert "@article{Liang2022," in result.stdout
    bad = run("export", str(seed("000")), "--key-pattern", "{nope}")
    assert bad.exit_code == 2 and "{nope}" in bad.stderr
