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


def test_mixed_folder_detects_each_format(tmp_path: Path):
    corpus = ROOT / "tests" / "corpus"
    picks = {
        "page.md": corpus / "wiki" / "004-two-studies.md",
        "record.txt": seed("004"),
        "list.txt": corpus / "pubmed" / "046-summary-triples-numbered.txt",
        "dois.txt": corpus / "pubmed" / "050-doi-list-bare.txt",
    }
    for name, source in picks.items():
        (tmp_path / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("export", str(tmp_path), "-f", "csl-json")
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    # dois.txt (3 DOIs), list.txt (2 citations), page.md (2 studies), record.txt (1 record)
    assert len(items) == 8
    assert len({i["id"] for i in items}) == 8


def test_from_overrides_detection():
    wiki_page = str(seed("000"))
    result = run("export", wiki_page, "--from", "ebsco")
    assert result.exit_code == 1
    assert "no EBSCO record found" in result.stderr
    forced = run("export", wiki_page, "--from", "pubmed", "-f", "csl-json")
    assert forced.exit_code == 0
    assert json.loads(forced.stdout)[0]["DOI"] == "10.3892/etm.2022.11214"


def test_csl_json_round_trip_is_exact(tmp_path: Path):
    first = run("export", str(ROOT / "seeds"), "-f", "csl-json")
    again = run("export", "-", "-f", "csl-json", stdin=first.stdout)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == first.stdout


def test_csl_json_input_reports_unknown_keys_and_bad_items(tmp_path: Path):
    path = tmp_path / "zotero.json"
    path.write_text(
        json.dumps(
            [
                {"id": "a", "type": "article-journal", "title": "Kept", "libraryCatalog": "X"},
                {"id": "b", "type": "no-such-type", "title": "Refused"},
            ]
        ),
        encoding="utf-8",
    )
    result = run("export", str(path), "-f", "csl-json")
    assert result.exit_code == 1
    assert [i["title"] for i in json.loads(result.stdout)] == ["Kept"]
    assert "item 1 (a): keys with no CSL meaning skipped: libraryCatalog" in result.stderr
    assert "item 2 (b): type:" in result.stderr
