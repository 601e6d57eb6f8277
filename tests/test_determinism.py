"""Two exports of the same input are byte-identical, in fresh processes with other hash seeds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.tools import corpus_files

# Every format, with and without --ascii, of the seeds, the corpus and the fixtures.
EXPORT_ALL = """
import sys
from citekit import WRITERS, export, write
from citekit.writers import option_names
from tests.export_fixtures import fixture_records
for fmt in sorted(WRITERS):
    for options in ({}, {"ascii": True}) if "ascii" in option_names(fmt) else ({},):
        sys.stdout.buffer.write(export(sys.argv[1:], fmt, **options).text.encode())
        sys.stdout.buffer.write(write(fixture_records(), fmt, **options).text.encode())
"""


def _run(args: list[str], hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, check=True)
    return result.stdout


def _inputs() -> list[str]:
    return [str(ROOT / "seeds"), *(str(path) for path in corpus_files())]


def test_every_format_exports_byte_identically() -> None:
    args = [sys.executable, "-c", EXPORT_ALL, *_inputs()]
    first, again = _run(args, "0"), _run(args, "4242")
    assert first == again
    for mark in (b"@article{", b"TY  - JOUR\r\n", b'"type": "article-journal"'):
        assert mark in first


def test_the_command_line_writes_the_same_file_twice(tmp_path: Path) -> None:
    outputs = []
    for number, hash_seed in enumerate(("1", "99")):
        out = tmp_path / f"refs{number}.bib"
        cli = "from citekit.cli import app; app()"
        _run([sys.executable, "-c", cli, "export", *_inputs(), "-o", str(out)], hash_seed)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] != b""
