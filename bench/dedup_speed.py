"""How fast the dedup stage merges: N synthetic works, a fifth of them found twice.

    python bench/dedup_speed.py [N]        (default 10,000)

Prints the median of 5 runs and the time per record; the stage should stay linear.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

from citekit import Record, merge_duplicates


def _records(n: int) -> list[Record]:
    rng = random.Random(12)
    works = []
    for i in range(n):
        data = {
            "type": "article-journal",
            "title": f"Study {i} of vitamin D {rng.choice(['bone', 'muscle', 'heart'])}",
            "author": [{"family": f"Author{i % 400}", "given": "A."}, {"family": "Smith"}],
            "issued": {"date-parts": [[1990 + i % 35]]},
            "custom": {"found_on": [{"file": f"page{i % 700}.md", "line": i}]},
        }
        if i % 3:
            data["DOI"] = f"10.1000/work.{i}"
        if i % 2:
            data["PMID"] = str(30000000 + i)
        works.append(Record.from_csl(data))
    return works + rng.sample(works, n // 5)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    records = _records(n)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        merge_duplicates(records)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(
        f"dedup: {len(records):,} records in {median:.3f} s (median of 5), "
        f"{1e6 * median / len(records):.1f} µs/record"
    )


if __name__ == "__main__":
    main()
