"""``-o``: the target is the old file or the new one, whole; an unwritable target is one line.

Expectations come from what a user relies on: a library file they already have survives an
interrupted or failed export byte for byte, and no temporary file is left beside it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citekit.cli import app
from citekit.output import OutputError, write_atomically
from tests.conftest import ROOT

OLD = b"@article{mine, title = {My library}}\n"


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_the_new_text_replaces_the_old_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "refs.bib"
    target.write_bytes(OLD)
    target.chmod(0o640)
    write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    target = tmp_path / "refs.bib"
    target.write_bytes(OLD)

    def interrupted(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", interrupted)  # after the data, before the rename
    with pytest.raises((KeyboardInterrupt, OutputError)):
        write_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == OLD
    assert _leftovers(tmp_path) == []


def test_sigint_during_a_real_export_keeps_the_old_file(tmp_path: Path) -> None:
    """A real process, interrupted while it reads and writes a large export."""
    pages = tmp_path / "pages"
    pages.mkdir()
    seed = (ROOT / "seeds").glob("000_*.txt").__next__().read_text(encoding="utf-8")
    for n in range(400):
        (pages / f"p{n}.md").write_text(seed, encoding="utf-8")
    target = tmp_path / "refs.bib"
    for delay in (0.3, 0.8, 1.5):
        target.write_bytes(OLD)
        process = subprocess.Popen(
            [sys.executable, "-m", "citekit", "export", str(pages), "-o", str(target)],
            stderr=subprocess.PIPE,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        content = target.read_bytes()
        # either the run had finished (a whole new export) or the old file is untouched
        assert content == OLD or content.rstrip().endswith(b"}"), content[-200:]
        assert _leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: tmp / "missing" / "refs.bib", "no such directory"),
        (lambda tmp: Path("/dev/full"), "No space left on device"),
    ],
)
def test_an_unwritable_target_is_one_line_and_exit_1(tmp_path: Path, target, reason) -> None:
    if str(target(tmp_path)) == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = CliRunner().invoke(
        app, ["export", str(ROOT / "seeds"), "-o", str(target(tmp_path))], catch_exceptions=False
    )
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "error" in line]
    assert len(lines) == 1 and reason in lines[0] and str(target(tmp_path)) in lines[0]
    assert "Traceback" not in result.output
