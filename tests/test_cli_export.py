"""The command line's export options of issue 4: biblatex, --ascii and the dropped-field report."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from citekit import OptionError, export, parse_paths, write
from citekit.cli import app
from tests.conftest import ROOT, seed

SEEDS = ROOT / "seeds"

runner = CliRunner()


def test_biblatex_is_a_format() -> None:
    result = runner.invoke(app, ["export", str(seed("004")), "--format", "biblatex"])
    assert result.exit_code == 0, result.output
    assert "journaltitle = {Clinical Rheumatology}" in result.stdout
    assert "date = {2025-03}" in result.stdout


def test_fields_a_format_cannot_hold_are_reported_on_stderr() -> None:
    result = runner.invoke(app, ["export", str(seed("000")), "--format", "bibtex"])
    assert result.exit_code == 0
    assert (
        "citekit: bibtex: warning[not-carried]: no place for available-date; "
        "left out of 1 record(s): liang2022effects"
    ) in result.stderr.splitlines()
    csl = runner.invoke(app, ["export", str(seed("000")), "--format", "csl-json"])
    assert "warning[" not in csl.stderr


def test_ascii_writes_accents_as_latex(tmp_path) -> None:
    page = tmp_path / "page.txt"
    text = seed("000").read_text(encoding="utf-8").replace("Libin Liang", "Jörg Müller")
    page.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["export", str(page), "--ascii"])
    assert result.exit_code == 0, result.output
    assert 'M{\\"u}ller, J{\\"o}rg' in result.stdout
    assert result.stdout.isascii()
    utf8 = runner.invoke(app, ["export", str(page)])
    assert "Müller, Jörg" in utf8.stdout


def test_many_files_parse_the_same_on_several_cores_as_on_one(tmp_path: Path) -> None:
    """Parsing is spread over processes for large folders; the result must not show it."""
    from citekit import parse_paths

    cases = sorted((ROOT / "tests" / "corpus").rglob("*.md"))[:40]
    for n in range(3):  # past one batch of files, so the worker pool really runs
        for case in cases:
            (tmp_path / f"{n}-{case.name}").write_bytes(case.read_bytes())
    one = parse_paths([tmp_path], workers=1)
    several = parse_paths([tmp_path], workers=2)
    assert len(one.records) > 100
    assert one.records == several.records
    assert [str(d) for d in one.diagnostics] == [str(d) for d in several.diagnostics]


def test_utf16_without_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    text = seed("000").read_text(encoding="utf-8")
    for encoding in ("utf-16-le", "utf-16-be"):
        page = tmp_path / f"page-{encoding}.md"
        page.write_bytes(text.encode(encoding))
        result = CliRunner().invoke(app, ["export", str(page), "-f", "csl-json"])
        assert result.exit_code == 0, result.output
        assert "Exp Ther Med" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "ris", "--ascii"], "-f ris does not use --ascii (only bibtex, biblatex use it)"),
        (["-f", "bibtex", "-s", "vancouver"], "-f bibtex does not use --style (only text,"),
        (["-f", "csl-json", "--style", "apa"], "-f csl-json does not use --style"),
    ],
)
def test_an_option_the_format_does_not_use_is_refused(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["export", str(SEEDS), *args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert message in result.stderr


def test_the_library_refuses_an_option_the_format_does_not_use() -> None:
    records = parse_paths([SEEDS]).records
    with pytest.raises(OptionError, match="-f ris does not use --ascii"):
        write(records, "ris", ascii=True)
    with pytest.raises(OptionError, match="-f text does not use --ascii"):
        export([SEEDS], "text", ascii=True)
    assert write(records, "text", style="vancouver").text.startswith("1.")
