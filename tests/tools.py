"""Helpers for the export tests: the test corpus and the outside programs they run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent / "corpus"
TEX_TOOLS = "Debian: apt-get install texlive-binaries texlive-base biber, as .ci/run does"


def corpus_files() -> list[Path]:
    """Every input of the parser test corpus, in a stable order (none before it is merged)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in (".md", ".txt"))


def in_ci() -> bool:
    """True on CI, where every outside program is installed and no test may skip for want of one."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(program: str, install: str = TEX_TOOLS) -> str:
    """The path of an outside program; skip without it, except on CI, where that fails."""
    found = program if os.path.isabs(program) else shutil.which(program)
    if found and os.path.exists(found):
        return found
    message = f"{program} is not installed ({install})"
    if in_ci():
        pytest.fail(f"{message}; CI is set, so this test may not skip")
    pytest.skip(message)


def pandoc() -> str:
    """The pandoc 3 binary of the test extras' pypandoc_binary wheel."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        path = "pandoc"
    return require(path, "it comes with the test extras: pip install -e '.[test]'")
