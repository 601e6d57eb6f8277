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
    assert "citekit: 2 records from 2 files; " in result.stderr


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
    errors = [line for line in result.stderr.splitlines() if ": error" in line]
    assert len(errors) == 1 and str(bad) in errors[0]


def test_missing_file_is_reported(tmp_path: Path):
    result = run("export", str(tmp_path / "absent.md"), str(seed("004")))
    assert result.exit_code == 1
    assert "absent.md: error[no-such-file]: no such file or directory" in result.stderr
    assert "@article{milovanovic2025ectopic" in result.stdout


def test_directory_reports_skipped_files(tmp_path: Path):
    (tmp_path / "page.txt").write_text(seed("000").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "figure.png").write_bytes(b"\x89PNG")
    result = run("export", str(tmp_path))
    assert result.exit_code == 0
    assert "figure.png: warning[skipped-file]: skipped: no reader takes .png files" in result.stderr
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
    # dois.txt (3 DOIs), list.txt (2 citations), page.md (2 studies), record.txt (1 record);
    # one of the DOIs is page.md's first study, written once
    assert len(items) == 7
    assert len({i["id"] for i in items}) == 7
    [both] = [i for i in items if i.get("DOI") == "10.3390/nu13030845"]
    assert [p["file"] for p in both["custom"]["found_on"]] == [
        str(tmp_path / "dois.txt"),
        str(tmp_path / "page.md"),
    ]
    assert both["title"] == "Vitamin D status and sleep duration in adolescents"


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


def test_csl_json_input_reports_unknown_keys_and_bad_values(tmp_path: Path):
    path = tmp_path / "zotero.json"
    path.write_text(
        json.dumps(
            [
                {"id": "a", "type": "article-journal", "title": "Kept", "libraryCatalog": "X"},
                {"id": "b", "type": "no-such-type", "title": "Kept too"},
            ]
        ),
        encoding="utf-8",
    )
    result = run("export", str(path), "-f", "csl-json")
    # Issue 13: coerce and warn, never drop a whole item for one field.
    assert result.exit_code == 0, result.stderr
    items = json.loads(result.stdout)
    assert [(i["title"], i["type"]) for i in items] == [
        ("Kept", "article-journal"),
        ("Kept too", "article"),
    ]
    assert "item 1 (a): keys with no CSL meaning skipped: libraryCatalog" in result.stderr
    assert (
        "warning[bad-type]: item 2 (b): type: 'no-such-type' is not a CSL type; read as 'article'"
        in result.stderr
    )


# -- one work, one record ------------------------------------------------------------------

CITATION = "Smith J, Jones K. Vitamin D and falls in winter. J Bone Res. 2012;5(2):101-9. {doi}\n"


def _two_pages(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(CITATION.format(doi="doi: 10.1000/ABC.5"), encoding="utf-8")
    second.write_text(CITATION.format(doi="doi: 10.1000/abc.5. PMID: 22334455."), "utf-8")
    return first, second


def test_one_work_on_two_pages_is_written_once_and_the_merge_is_said(tmp_path: Path):
    first, second = _two_pages(tmp_path)
    result = run("export", str(first), str(second), "-f", "csl-json")
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)
    assert [p["file"] for p in item["custom"]["found_on"]] == [str(first), str(second)]
    assert item["PMID"] == "22334455"  # only the second page gives it
    assert (
        f"citekit: {first}:1: note[merged]: same work as {second}:1 (doi 10.1000/ABC.5); written "
        f"once" in result.stderr.splitlines()
    )


def test_keep_duplicates_writes_the_work_once_per_place(tmp_path: Path):
    first, second = _two_pages(tmp_path)
    result = run("export", str(first), str(second), "-f", "csl-json", "--keep-duplicates")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["custom"]["found_on"][0]["file"] for i in items] == [str(first), str(second)]
    assert "same work" not in result.stderr


def _csl_file(path: Path, items: list[dict]) -> Path:
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_no_references_leaves_out_only_references_and_says_how_many(tmp_path: Path):
    review = {"reference_of": "doi:10.1000/review"}
    refs = _csl_file(
        tmp_path / "page.json",
        [
            {"type": "article-journal", "title": "The review", "DOI": "10.1000/review"},
            {"type": "article-journal", "title": "Cited one", "custom": review},
            {"type": "book", "title": "Cited two", "custom": review},
            {"type": "article-journal", "title": "Another study"},
        ],
    )
    full = run("export", str(refs), "-f", "csl-json")
    assert len(json.loads(full.stdout)) == 4 and "left out" not in full.stderr
    result = run("export", str(refs), "-f", "csl-json", "--no-references")
    assert result.exit_code == 0, result.output
    assert [i["title"] for i in json.loads(result.stdout)] == ["The review", "Another study"]
    assert (
        "citekit: note: left out 2 references pasted under studies (--no-references)"
        in result.stderr.splitlines()
    )


def test_a_reference_that_is_a_study_elsewhere_stays_without_references(tmp_path: Path):
    reference = {"type": "article-journal", "title": "T", "DOI": "10.1000/x1"}
    refs = _csl_file(
        tmp_path / "refs.json", [{**reference, "custom": {"reference_of": "doi:10.1000/review"}}]
    )
    study = _csl_file(tmp_path / "study.json", [{**reference, "DOI": "10.1000/X1"}])
    merged = run("export", str(refs), str(study), "-f", "csl-json", "--no-references")
    assert [i["DOI"] for i in json.loads(merged.stdout)] == ["10.1000/x1"]
    assert "left out 0 references" in merged.stderr
    apart = run(
        "export", str(refs), str(study), "-f", "csl-json", "--no-references", "--keep-duplicates"
    )
    assert [i["DOI"] for i in json.loads(apart.stdout)] == ["10.1000/X1"]


def test_seeds_and_a_csl_json_file_of_the_same_articles_give_two_records(tmp_path: Path):
    items = [
        item
        for golden in sorted((ROOT / "tests" / "golden").glob("*.csl.json"))
        for item in json.loads(golden.read_text(encoding="utf-8"))
    ]
    assert len(items) == 2
    again = _csl_file(tmp_path / "library.json", items)
    result = run("export", str(ROOT / "seeds"), str(again), "-f", "csl-json")
    assert result.exit_code == 0, result.output
    assert [i["DOI"] for i in json.loads(result.stdout)] == [
        "10.3892/etm.2022.11214",
        "10.1007/s10067-025-07335-w",
    ]
    assert "citekit: 2 records from 3 files; " in result.stderr
    assert result.stderr.count("same work as") == 2
    kept = run("export", str(ROOT / "seeds"), str(again), "-f", "csl-json", "--keep-duplicates")
    assert len(json.loads(kept.stdout)) == 4
