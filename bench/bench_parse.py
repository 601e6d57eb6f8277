"""Parsing throughput and how it grows: synthetic wiki pages, EBSCO files and PubMed lists.

Run: python bench/bench_parse.py
Prints, per input kind and size, the median of 5 runs and records per second. Growth should be
linear: the ratio column compares each size's time per record with the smallest size's.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from citekit import parse

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
WIKI_STUDY = """
#### Effects of vitamin D number {n} on ossification: a retrospective study

Exp Ther Med. 2022 Apr;23(4):{n}. [doi: 10.3892/etm.2022.{n}.]({doi_url}) Epub 2022 Feb 15.

Libin Liang 1, Tong Tong 2, Luyang Qin 3, Jing Xie 4, Yanping Xu 1

Vitamin D protects against the development of several rheumatic diseases. {abstract}

---
"""
ABSTRACT = "The present retrospective study analysed the outcomes of vitamin D. " * 12


def wiki_page(studies: int) -> str:
    front = '{"title": "Bench", "slug": "bench", "tiki_page_id": 1, "date": "2022-01-01"}\n'
    return front + "".join(
        WIKI_STUDY.format(n=n, abstract=ABSTRACT, doi_url=f"https://doi.org/10.3892/etm.2022.{n}.")
        for n in range(studies)
    )


def ebsco_file(records: int) -> str:
    one = (SEEDS / "004_f2f5cbe0e0cecede.txt").read_text(encoding="utf-8")
    return "\n\n".join(one for _ in range(records))


def pubmed_list(lines: int) -> str:
    line = (
        "{n}. Liang L, Tong T, Qin L. Effects of vitamin D number {n}. Exp Ther Med. "
        "2022 Apr;23(4):{n}-9. doi: 10.3892/etm.2022.{n}. PMID: {n}.\n"
    )
    return "".join(line.format(n=n + 1) for n in range(lines))


def median_seconds(text: str, runs: int = 5) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        count = len(parse(text, origin="bench").records)
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def main() -> None:
    print(f"{'input':8} {'records':>8} {'median s':>9} {'records/s':>10} {'per-record ratio':>17}")
    for name, make in (("wiki", wiki_page), ("ebsco", ebsco_file), ("pubmed", pubmed_list)):
        base = None
        for size in (100, 1000, 5000):
            seconds, count = median_seconds(make(size))
            assert count == size, (name, size, count)
            per_record = seconds / count
            base = base or per_record
            print(
                f"{name:8} {count:8d} {seconds:9.3f} {count / seconds:10.0f} "
                f"{per_record / base:17.2f}"
            )


if __name__ == "__main__":
    main()
