"""`citekit export --enrich` end to end, against the loopback server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from citekit import Record, export
from citekit.cli import Prefer, _ProgressBar, app
from citekit.enrich import PREFER_CHOICES, Enricher, Settings
from tests.conftest import ROOT, seed
from tests.enrich.conftest import (
    CROSSREF,
    RESOLVER,
    SEED_DOIS,
    fixture_message,
    network_paths,
    serve_seeds,
)

runner = CliRunner()


@pytest.fixture
def env(server: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point citekit at the loopback server and give it a private cache directory."""
    monkeypatch.setenv("CITEKIT_CROSSREF_URL", server.url_for(CROSSREF))
    monkeypatch.setenv("CITEKIT_DOI_URL", server.url_for(RESOLVER))
    monkeypatch.setenv("CITEKIT_TIMEOUT", "1")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CITEKIT_MAILTO", raising=False)
    return tmp_path


def run(*args: str):
    return runner.invoke(app, list(args))


def _csl(bibtex_free_run_args: list[str]) -> list[dict]:
    result = run("export", *bibtex_free_run_args, "-f", "csl-json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_seeds_gain_the_full_journal_title_and_keep_every_parsed_field(server, env):
    serve_seeds(server)
    report = env / "report.json"
    result = run(
        "export", str(ROOT / "seeds"), "--enrich", "--format", "bibtex", "--report", str(report)
    )
    assert result.exit_code == 0, result.output
    assert "journal = {Experimental and Therapeutic Medicine}" in result.stdout
    assert "shortjournal = {Exp Ther Med}" in result.stdout
    assert "issn = {1792-0981, 1792-1015}" in result.stdout
    # The only warnings are the BibTeX writer's notes on fields BibTeX has no place for.
    enrich_lines = [line for line in result.stderr.splitlines() if "no place for" not in line]
    assert not any("disagrees" in line or "warning[" in line for line in enrich_lines)
    data = json.loads(report.read_text(encoding="utf-8"))["enrichment"]
    assert data["summary"]["conflicts"] == 0 and data["summary"]["enriched"] == 2
    first = data["records"][0]
    assert first["id"] == "liang2022effects"
    assert first["gained"]["container-title"] == "Experimental and Therapeutic Medicine"
    assert "conflicts" not in first

    # Every parsed field survives unchanged: enrichment only adds.
    parsed = export([ROOT / "seeds"], "csl-json").records
    enricher = Enricher(Settings.from_env(os.environ), cache=env / "again.sqlite")
    enriched = export([ROOT / "seeds"], "csl-json", enricher=enricher).records
    for record, result in zip(parsed, enriched, strict=True):
        before, after = record.csl(), result.csl()
        for key, value in before.items():
            if key == "custom":
                continue
            assert after[key] == value, key
            if key != "id":
                assert after["custom"]["provenance"][key] == "parsed"
        gained = set(after) - set(before)
        assert gained and all(after["custom"]["provenance"][k] == "crossref" for k in gained)
    assert enriched[0].custom.provenance["container-title"] == "crossref"
    assert enriched[1].custom.provenance["container-title"] == "parsed"


def test_second_run_makes_no_network_request(server, env):
    serve_seeds(server)
    first = run("export", str(ROOT / "seeds"), "--enrich")
    assert first.exit_code == 0, first.output
    asked = len(server.log)
    assert asked == 2
    second = run("export", str(ROOT / "seeds"), "--enrich")
    assert second.exit_code == 0
    assert len(server.log) == asked
    assert second.stdout == first.stdout


def test_offline_answers_from_cache_only(server, env):
    result = run("export", str(seed("000")), "--enrich", "--offline", "-f", "csl-json")
    assert result.exit_code == 0, result.output
    assert server.log == []
    warnings = [line for line in result.stderr.splitlines() if "not in the cache" in line]
    assert len(warnings) == 1 and SEED_DOIS[0] in warnings[0]
    plain = run("export", str(seed("000")), "-f", "csl-json")
    assert result.stdout == plain.stdout

    serve_seeds(server)
    assert run("export", str(seed("000")), "--enrich").exit_code == 0
    server.clear_log()
    offline = run("export", str(seed("000")), "--enrich", "--offline", "-f", "bibtex")
    assert "Experimental and Therapeutic Medicine" in offline.stdout
    assert network_paths(server) == []


def test_cache_option_moves_the_cache_and_cache_commands_see_it(server, env):
    serve_seeds(server)
    place = env / "elsewhere" / "lookups.sqlite"
    assert run("export", str(seed("004")), "--enrich", "--cache", str(place)).exit_code == 0
    assert place.exists()
    assert not (env / "xdg").exists()
    info = run("cache", "info", "--cache", str(place))
    assert info.exit_code == 0
    assert str(place) in info.stdout and "responses: 1 (1 fresh, 0 expired)" in info.stdout
    cleared = run("cache", "clear", "--cache", str(place))
    assert cleared.exit_code == 0 and "1 cached answer(s) removed" in cleared.stderr
    assert "responses: 0" in run("cache", "info", "--cache", str(place)).stdout


def test_xdg_cache_home_moves_the_default_cache(server, env):
    serve_seeds(server)
    assert run("export", str(seed("004")), "--enrich").exit_code == 0
    expected = env / "xdg" / "citekit" / "http-cache.sqlite"
    assert expected.exists()
    assert str(expected) in run("cache", "info").stdout


def test_cache_info_without_a_cache(env):
    info = run("cache", "info")
    assert info.exit_code == 0 and "no look-ups cached yet" in info.stdout


def test_a_file_that_is_not_a_cache_is_refused_not_overwritten(env):
    precious = env / "refs.bib"
    precious.write_text("@article{x, title={Mine}}\n", encoding="utf-8")
    for args in (["cache", "clear"], ["cache", "info"]):
        result = run(*args, "--cache", str(precious))
        assert result.exit_code == 2
        assert "not a citekit cache" in result.stderr
    result = run("export", str(seed("004")), "--enrich", "--cache", str(precious))
    assert result.exit_code == 2
    assert precious.read_text(encoding="utf-8") == "@article{x, title={Mine}}\n"


def test_enrich_only_options_need_enrich(env):
    for extra in (["--offline"], ["--prefer", "crossref"]):
        result = run("export", str(seed("000")), *extra)
        assert result.exit_code == 2
        assert "need --enrich" in result.stderr


def test_bad_mailto_is_a_usage_error(env):
    result = run("export", str(seed("000")), "--enrich", "--mailto", "me@example.org\r\nX: y")
    assert result.exit_code == 2
    assert "not an e-mail address" in result.stderr


def test_mailto_goes_into_the_user_agent(server, env):
    serve_seeds(server)
    result = run("export", str(seed("004")), "--enrich", "--mailto", "me@example.org")
    assert result.exit_code == 0, result.output
    agent = server.log[0][0].headers["User-Agent"]
    assert agent.startswith("citekit/") and agent.endswith("(mailto:me@example.org)")


def test_prefer_crossref_lets_crossref_win(server, env):
    message = fixture_message(SEED_DOIS[1])
    message["message"]["volume"] = "45"
    server.expect_request(f"{CROSSREF}/works/{SEED_DOIS[1]}").respond_with_json(message)
    report = env / "report.json"
    result = run(
        "export",
        str(seed("004")),
        "--enrich",
        "--prefer",
        "crossref",
        "-f",
        "csl-json",
        "--report",
        str(report),
    )
    assert result.exit_code == 0, result.output
    item = json.loads(result.stdout)[0]
    assert item["volume"] == "45"
    assert item["custom"]["provenance"]["volume"] == "crossref"
    assert 'disagrees on volume: parsed "44", crossref "45"; kept crossref' in result.stderr
    # The other parsed value given up is announced too (the short title was not parsed).
    assert "parsed container-title-short" not in result.stderr
    assert "parsed ISSN replaced by crossref's" in result.stderr
    entry = json.loads(report.read_text())["enrichment"]["records"][0]
    assert entry["replaced"]["volume"] == {"parsed": "44", "crossref": "45"}
    assert entry["conflicts"] == [
        {"field": "volume", "parsed": "44", "crossref": "45", "kept": "crossref"}
    ]


def test_prefer_choices_match_the_merge_policy():
    assert [p.value for p in Prefer] == list(PREFER_CHOICES)


def test_records_without_doi_pass_through(server, env, tmp_path):
    page = tmp_path / "nodoi.txt"
    page.write_text("Exp Ther Med. 2022 Apr;23(4):285. Epub 2022 Feb 15.\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = run("export", str(page), "--enrich", "--report", str(report))
    assert result.exit_code == 0, result.output
    assert server.log == []
    assert json.loads(report.read_text())["enrichment"]["records"][0]["status"] == "no-doi"


def test_parsed_record_model_round_trips_enriched_csl(server, env):
    serve_seeds(server)
    items = _csl([str(ROOT / "seeds"), "--enrich"])
    # What the CSL-JSON writer adds for Zotero is not part of the model.
    for item in items:
        item.pop("journalAbbreviation", None)
        assert Record.from_csl(item).custom.provenance


def test_unwritable_report_is_an_error_after_the_export(server, env):
    serve_seeds(server)
    result = run("export", str(seed("004")), "--enrich", "--report", str(env / "no" / "r.json"))
    assert result.exit_code == 1
    assert "cannot write the report" in result.stderr
    assert "@article{milovanovic2025ectopic" in result.stdout


def test_progress_bar_counts_up_to_the_total(capsys):
    bar = _ProgressBar()
    for done in (1, 2, 3):
        bar(done, 3)
    assert bar._shown == 3
    assert "Looking up DOIs" in capsys.readouterr().err
