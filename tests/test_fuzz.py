"""Fuzzing: mutated real-shaped text through every reader, and what they read through every
writer, raises nothing but citekit's own error.

Seeds are the committed inputs (``seeds/``, one corpus case per reader, a golden CSL-JSON
file); hypothesis inserts, deletes and duplicates lines, splices in random bytes (decoded as
a file would be: invalid UTF-8 replaced) and truncates. Example counts are small so the whole
module stays well under 20 s on the shared machine; ``HYPOTHESIS_PROFILE=deep`` searches more.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit import write
from citekit.errors import CitekitError
from citekit.parsers import PARSERS
from citekit.writers import WRITERS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {
    "pubmed": ROOT / "seeds" / "000_5c73bdc0fa9af7fb.txt",
    "ebsco": ROOT / "seeds" / "004_f2f5cbe0e0cecede.txt",
    "csl-json": ROOT / "tests" / "golden" / "000_5c73bdc0fa9af7fb.csl.json",
}
for _name in ("wiki", "medline", "bibtex", "ris"):
    SEEDS[_name] = sorted(
        p for p in (ROOT / "tests" / "corpus" / _name).iterdir() if not p.name.endswith(".json")
    )[0]
FUZZ = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)


@st.composite
def mutated(draw: st.DrawFn, seed: Path) -> str:
    """The seed's text after a few line edits, byte splices and perhaps a truncation."""
    data = seed.read_bytes()
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines)))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "bytes"]))
        if edit == "insert":
            lines.insert(at, draw(st.sampled_from(lines)))  # a line from elsewhere in the file
        elif edit == "delete" and at < len(lines):
            del lines[at]
        elif edit == "duplicate" and at < len(lines):
            lines.insert(at, lines[at])
        elif edit == "bytes" and at < len(lines):
            noise = draw(st.binary(min_size=1, max_size=12))
            cut = draw(st.integers(0, len(lines[at])))
            lines[at] = lines[at][:cut] + noise + lines[at][cut:]
    data = b"\n".join(lines)
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data.decode("utf-8", errors="replace")


def _parse(name: str, text: str):
    try:
        return PARSERS[name].parse(text, origin="fuzz")
    except CitekitError:
        return None


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_reader_and_writer_survives_mutated_seeds(name: str) -> None:
    assert set(SEEDS) == set(PARSERS)  # a new reader needs a seed here

    @FUZZ
    @given(text=mutated(SEEDS[name]))
    def check(text: str) -> None:
        result = _parse(name, text)
        if result is None or not result.records:
            return
        for fmt in WRITERS:
            try:
                written = write(result.records, fmt)
            except CitekitError:
                continue
            assert isinstance(written.text, str)

    check()
