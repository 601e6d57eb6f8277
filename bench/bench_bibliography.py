"""How long a styled reference list of 1,000 and 5,000 entries takes, and how that grows.

    python bench/bench_bibliography.py                  # 1,000 and 5,000 entries
    python bench/bench_bibliography.py --sizes 500 1000 2000 4000 --pandoc

Records are synthetic and reproducible (a fixed random seed): journal articles with one to
twelve authors, some books, chapters and reports, accented names, repeated author-years (so
year suffixes are assigned). For each style and size it prints the wall time of
``citekit.writers.text.write`` (style loading, sorting, disambiguation, rendering), entries
per second, and the growth factor against the smallest size (linear growth is the size
ratio). ``--pandoc`` times ``pandoc --citeproc`` on the same CSL-JSON for comparison.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit import Record  # noqa: E402
from citekit.bibliography import csl_items  # noqa: E402
from citekit.keys import assign_keys  # noqa: E402
from citekit.styles import resolve  # noqa: E402
from citekit.writers import ListOptions, html, text  # noqa: E402

FAMILIES = (
    "Liang",
    "Tong",
    "Qin",
    "Xie",
    "Xu",
    "Zhang",
    "Liu",
    "Niu",
    "Smith",
    "Jones",
    "Müller",
    "García",
    "Éclair",
    "Nilsson",
    "Kim",
    "Park",
    "O'Brien",
    "Rossi",
    "Bianchi",
    "Dupont",
    "Holick",
    "Milovanovic",
    "Savic",
    "Popovic",
    "Grajic",
    "Tanaka",
    "Brody",
    "Lee",
    "Nguyen",
    "Ødegaard",
    "Żukowski",
    "Andersson",
    "Dubois",
    "Costa",
    "Silva",
    "Novak",
    "Horvat",
    "Kowalski",
)
GIVEN = (
    "Libin",
    "Tong",
    "Luyang",
    "Jing",
    "John",
    "Anna",
    "María",
    "Zoë",
    "Åsa",
    "Ji-woo",
    "Jean-Luc",
    "Petar",
    "Ivana",
    "Hiroshi",
)
WORDS = (
    "vitamin",
    "calcium",
    "bone",
    "density",
    "supplementation",
    "trial",
    "cohort",
    "risk",
    "deficiency",
    "serum",
    "levels",
    "fracture",
    "elderly",
    "women",
    "children",
    "pregnancy",
    "muscle",
    "strength",
    "inflammation",
    "immune",
    "response",
    "randomized",
    "controlled",
    "meta-analysis",
    "outcomes",
    "association",
    "mortality",
    "dose",
)
JOURNALS = [
    ("Nutrients", "Nutrients"),
    ("Experimental and Therapeutic Medicine", "Exp Ther Med"),
    ("Osteoporosis International", "Osteoporos Int"),
    ("The American Journal of Clinical Nutrition", "Am J Clin Nutr"),
    ("Clinical Rheumatology", "Clin Rheumatol"),
    ("PLoS ONE", "PLoS One"),
]


def synthetic(count: int, seed: int = 5) -> list[Record]:
    """``count`` reproducible records of the kinds a reference list holds."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        kind = rng.choices(["article-journal", "book", "chapter", "report"], [85, 5, 5, 5])[0]
        authors = [
            {"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)}
            for _ in range(rng.choice([1, 1, 2, 3, 4, 6, 8, 12]))
        ]
        words = rng.sample(WORDS, rng.randint(4, 9))
        item = {
            "id": f"r{n}",
            "type": kind,
            "title": " ".join(words).capitalize(),
            "author": authors,
            "issued": {"date-parts": [[rng.randint(1990, 2025), rng.randint(1, 12)]]},
        }
        if kind == "article-journal":
            journal, short = rng.choice(JOURNALS)
            first = rng.randint(1, 1500)
            item |= {
                "container-title": journal,
                "container-title-short": short,
                "volume": str(rng.randint(1, 120)),
                "issue": str(rng.randint(1, 12)),
                "page": f"{first}-{first + rng.randint(1, 30)}",
                "DOI": f"10.{rng.randint(1000, 9999)}/bench.{n}",
            }
            if rng.random() < 0.4:
                item["PMID"] = str(30_000_000 + n)
        elif kind == "chapter":
            item |= {
                "container-title": "Handbook of " + rng.choice(WORDS),
                "editor": [{"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)}],
                "publisher": "Academic Press",
                "publisher-place": "San Diego",
                "page": "1-20",
            }
        else:
            item |= {"publisher": "World Health Organization", "publisher-place": "Geneva"}
        records.append(Record.from_csl(item))
    return assign_keys(records)


def timed(function: object, *args: object, **kwargs: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = function(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - start, result


def pandoc_seconds(records: list[Record], style: str) -> float:
    """Wall time of pandoc's citeproc on the same CSL-JSON (plain-text output)."""
    import pypandoc

    resolved = resolve(style)
    path = Path(tempfile.mkdtemp()) / "items.json"
    path.write_text(json.dumps(csl_items(records), ensure_ascii=False), encoding="utf-8")
    args = [pypandoc.get_pandoc_path(), "-f", "csljson", "-t", "plain", "--citeproc"]
    args += ["--csl", str(resolved.path), str(path)]
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--styles", nargs="+", default=["apa", "vancouver", "ieee", "pubmed"])
    parser.add_argument("--pandoc", action="store_true", help="time pandoc --citeproc too")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    sizes = sorted(args.sizes)
    records = {size: synthetic(size) for size in sizes}
    print(f"python {sys.version.split()[0]}; sizes {sizes}; styles {args.styles}")
    header = f"{'style':<12}{'entries':>8}{'text s':>9}{'entries/s':>11}{'growth':>8}"
    header += f"{'html s':>9}" + (f"{'pandoc s':>10}" if args.pandoc else "")
    print(header)
    for style in args.styles:
        base = None
        for size in sizes:
            options = ListOptions(style=style)
            seconds, out = timed(text.write, records[size], options)
            assert len(out.text.splitlines()) == size, "entries were left out"  # type: ignore[attr-defined]
            html_seconds, _ = timed(html.write, records[size], options)
            base = base or (size, seconds)
            growth = seconds / base[1]
            row = f"{style:<12}{size:>8}{seconds:>9.2f}{size / seconds:>11.0f}"
            row += f"{growth:>7.1f}x{html_seconds:>9.2f}"
            if args.pandoc:
                row += f"{pandoc_seconds(records[size], style):>10.2f}"
            print(row)
        if len(sizes) > 1:
            ratio = sizes[-1] / sizes[0]
            print(f"{'':<12}size ×{ratio:.0f} → time ×{growth:.1f} (linear would be ×{ratio:.0f})")


if __name__ == "__main__":
    main()
