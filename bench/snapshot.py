"""Every export of seeds/ and tests/corpus/, written to a folder to compare two versions by byte.

    python bench/snapshot.py /tmp/before        # on the old code
    python bench/snapshot.py /tmp/after         # on the new code
    cmp <(cd /tmp/before && cat *) <(cd /tmp/after && cat *)   # or: diff -r /tmp/before /tmp/after

A performance change must not move a byte: for each input file (and for all of seeds/ and all
of each corpus folder at once, so dedup and key collisions across files are covered) every
output format is written, the record formats with and without ``--ascii``, the reference
lists in APA and Vancouver, plus the diagnostics each run reports.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from citekit import export  # noqa: E402
from citekit.writers import WRITERS, option_names  # noqa: E402

INPUT_SUFFIXES = {".txt", ".md", ".json", ".bib", ".nbib"}


def _inputs() -> list[tuple[str, list[Path]]]:
    groups = [("seeds", [ROOT / "seeds"])]
    for folder in sorted((ROOT / "tests" / "corpus").iterdir()):
        files = sorted(
            p
            for p in folder.iterdir()
            if p.suffix in INPUT_SUFFIXES and not p.name.endswith(".expect.json")
        )
        groups.append((f"corpus-{folder.name}", files))
        groups += [(f"{folder.name}-{p.stem}", [p]) for p in files]
    return groups


def _variants(fmt: str) -> list[tuple[str, dict[str, object]]]:
    names = option_names(fmt)
    if "ascii" in names:
        return [("", {}), (".ascii", {"ascii": True})]
    if "style" in names:
        return [(f".{style}", {"style": style}) for style in ("apa", "vancouver")]
    return [("", {})]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, paths in _inputs():
        for fmt in sorted(WRITERS):
            for suffix, options in _variants(fmt):
                done = export([str(p) for p in paths], fmt, **options)
                report = "\n".join(str(d) for d in done.diagnostics)
                (out / f"{name}.{fmt}{suffix}").write_text(done.text + "\n---\n" + report)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
