"""How long each writer takes for a large export: ``python bench/export_speed.py [copies]``.

Writes the export fixtures (every CSL type the writers map, hard names and titles) repeated
``copies`` times, under fresh citation keys, in every format, and prints the time per format
and per record. Speed is measured here only, never asserted in the tests.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from citekit import write
from citekit.writers import WRITERS, option_names
from tests.export_fixtures import fixture_records


def main(copies: int = 100) -> None:
    """Time every writer, with and without --ascii, on ``copies`` × the fixtures."""
    records = [r.model_copy(update={"id": ""}) for r in fixture_records() * copies]
    for fmt in sorted(WRITERS):
        for ascii in (False, True) if "ascii" in option_names(fmt) else (False,):
            start = time.perf_counter()
            write(records, fmt, **({"ascii": True} if ascii else {}))
            seconds = time.perf_counter() - start
            print(
                f"{fmt:9} ascii={ascii!s:5} {len(records)} records: {seconds * 1000:7.0f} ms"
                f" ({seconds / len(records) * 1e6:5.0f} µs/record)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
