"""The real VitaminDWiki pages, whole and in parts: time and peak memory of a full export.

    python bench/wiki_corpus.py [FOLDER]     (default ../shared/corpus/vitamindwiki)

Each size runs `citekit export … --format csl-json` in a fresh process (3 runs, median time;
peak RSS from the kernel's accounting of the child), over the first quarter, half and all of
the pages (sorted by name, copied into a temporary folder), so the figures show whether time
and memory grow with the input and by how much.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(folder: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MiB) of one export of ``folder`` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "citekit", "export", str(folder), "--format", "csl-json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/corpus/vitamindwiki"
    pages = sorted(source.glob("*.md"))
    if not pages:
        print(f"no pages in {source}")
        return 1
    print(f"{'pages':>6} {'MB':>6} {'seconds':>8} {'ms/page':>8} {'peak RSS MiB':>13}")
    for share in (4, 2, 1):
        chosen = pages[: len(pages) // share]
        with tempfile.TemporaryDirectory() as tmp:
            for page in chosen:
                shutil.copy(page, tmp)
            size = sum(p.stat().st_size for p in chosen) / 1e6
            runs = [_run(Path(tmp)) for _ in range(3)]
        seconds = statistics.median(r[0] for r in runs)
        # RUSAGE_CHILDREN keeps the largest child so far: sizes run smallest first
        peak = max(r[1] for r in runs)
        print(
            f"{len(chosen):6d} {size:6.1f} {seconds:8.2f} {1000 * seconds / len(chosen):8.2f} "
            f"{peak:13.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
