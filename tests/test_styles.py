"""Style names: short names, ids, URIs, files, dependent styles, search and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from citekit.cli import app
from citekit.errors import UnknownFormatError
from citekit.styles import (
    REPOSITORY_DIR,
    STYLES_DIR,
    StyleError,
    lookup,
    resolve,
    search,
    short_names,
)

runner = CliRunner()


@pytest.mark.parametrize("short", sorted(short_names()))
def test_every_short_name_resolves_to_an_installed_style(short: str) -> None:
    resolved = resolve(short)
    assert resolved.path.is_file()
    assert not resolved.independent.dependent
    assert resolved.requested.id == short_names()[short]


def test_short_names_never_hide_a_style_id() -> None:
    for short, target in short_names().items():
        own, independent = STYLES_DIR / f"{short}.csl", REPOSITORY_DIR / f"{short}.csl"
        dependent = REPOSITORY_DIR / "dependent" / f"{short}.csl"
        if own.exists() or independent.exists() or dependent.exists():
            assert target == short, f"short name {short!r} hides the style with that id"


def test_short_names_the_issue_lists() -> None:
    expected = {
        "apa": "apa",
        "vancouver": "nlm-citation-sequence",
        "ama": "american-medical-association",
        "chicago": "chicago-author-date",
        "harvard": "harvard-cite-them-right",
        "ieee": "ieee",
        "nature": "nature",
        "mla": "modern-language-association",
        "pubmed": "pubmed-summary",
    }
    assert {name: resolve(name).independent.id for name in expected} == expected


def test_dependent_style_follows_its_parent_and_keeps_its_locale() -> None:
    resolved = resolve("datenbank-spektrum")
    assert resolved.requested.path.parent == REPOSITORY_DIR / "dependent"
    assert resolved.independent.id == "springer-basic-brackets"
    assert resolved.independent.locale == "en-US"
    assert resolved.locale == "de-DE"


def test_ids_uris_and_case() -> None:
    assert resolve("http://www.zotero.org/styles/apa").independent.id == "apa"
    assert resolve("APA").independent.id == "apa"  # short names ignore case
    assert lookup("pubmed-summary").origin == "citekit"
    assert lookup("pubmed-summary").path == STYLES_DIR / "pubmed-summary.csl"


def test_a_style_file_by_path(tmp_path: Path) -> None:
    own = tmp_path / "my-style.csl"
    own.write_bytes((STYLES_DIR / "pubmed-summary.csl").read_bytes())
    resolved = resolve(str(own))
    assert resolved.requested.origin == "file" and resolved.path == own


def test_a_dependent_style_file_by_path(tmp_path: Path) -> None:
    dependent = tmp_path / "journal.csl"
    dependent.write_bytes((REPOSITORY_DIR / "dependent" / "vancouver-nlm.csl").read_bytes())
    resolved = resolve(str(dependent))
    assert resolved.requested.dependent
    assert resolved.independent.id == "nlm-citation-sequence"


def test_missing_and_broken_style_files(tmp_path: Path) -> None:
    with pytest.raises(StyleError, match="does not exist"):
        resolve(str(tmp_path / "absent.csl"))
    not_csl = tmp_path / "notes.csl"
    not_csl.write_text("<html></html>", encoding="utf-8")
    with pytest.raises(StyleError, match="not a CSL style"):
        resolve(str(not_csl))
    orphan = tmp_path / "orphan.csl"
    orphan.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0"><info><title>O</title>'
        '<id>x</id><link href="http://www.zotero.org/styles/no-such-parent" '
        'rel="independent-parent"/></info></style>',
        encoding="utf-8",
    )
    with pytest.raises(StyleError, match="no-such-parent"):
        resolve(str(orphan))


def test_unknown_style_lists_close_ids_and_the_short_names() -> None:
    with pytest.raises(UnknownFormatError) as caught:
        resolve("vancuver")
    message = str(caught.value)
    assert "unknown style 'vancuver'" in message
    assert "vancouver" in caught.value.choices
    assert "apa" in caught.value.choices and "pubmed" in caught.value.choices


def test_search_ranks_short_names_and_matches_every_word() -> None:
    found = [s.id for s in search("vancouver")]
    assert found[0] == "vancouver-nlm"
    assert "elsevier-vancouver" in found
    assert all("vancouver" in (s.id + s.title).lower() for s in search("vancouver")[1:])
    both = search("nature neuroscience")
    assert both and all(
        "nature" in (s.id + s.title).lower() and "neuroscience" in (s.id + s.title).lower()
        for s in both
    )
    assert len(search()) > 10_000  # the whole repository, dependent styles included


def test_cli_styles_lists_and_searches() -> None:
    result = runner.invoke(app, ["styles", "pubmed"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("pubmed-summary\tPubMed/NLM summary (citekit)")
    assert "pubmed" in first and "citekit's own" in first
    assert "style(s) matching 'pubmed'" in result.stderr


def test_cli_styles_with_no_match_exits_1() -> None:
    result = runner.invoke(app, ["styles", "no such style anywhere"])
    assert result.exit_code == 1
    assert result.stdout == ""
