"""The benchmark: citekit's stages beside the tools people would use instead, in one command.

    python bench/run.py                        # 1,000 and 10,000 records, lists of 1,000
    python bench/run.py --sizes 1000,10000,100000 --lists 1000,5000
    python bench/run.py --only 'bibtex|ris' --rounds 5

Generates the corpora (``bench/corpora.py``, seeded, so every run reads the same bytes) in a
temporary folder, then measures each stage as a whole process (``python -m citekit export``,
as a user runs it) and, where a stage has a library entry point, in-process. Every row is the
median of ``--rounds`` rounds in which citekit and its peers take turns, so a slow moment of
the machine falls on all of them. Peak RSS is the child's own (``wait4``, in a small launcher
process: see ``_LAUNCHER``). Peers that are not installed show "—": citation-js and
citeproc-js (``npm install`` in ``bench/js/``), rispy and bibtexparser v2's writer
(``pip install -e '.[bench]'``), pandoc 3 (the test extras' ``pypandoc_binary``, or one on
PATH). The last table is the growth of citekit's time per
record from the smallest size to the largest (1.00 is linear).

Enrichment is timed from a warm cache that this script fills from a loopback server standing
in for Crossref; the timed runs are ``--offline`` and the server counts that they ask nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import corpora  # noqa: E402
import loopback  # noqa: E402

PY = sys.executable
JS = BENCH / "js"


@dataclass
class Runner:
    """One tool doing one stage's work: a command line, or a call in this process."""

    tool: str
    argv: list[str] | None = None
    call: Callable[[], object] | None = None
    env: dict[str, str] | None = None
    times: list[float] = field(default_factory=list)
    peak_kb: int = 0

    def once(self) -> None:
        if self.call is not None:
            started = time.perf_counter()
            self.call()
            self.times.append(time.perf_counter() - started)
            return
        assert self.argv is not None
        seconds, peak_kb, code, tail = launcher().run(self.argv, self.env or {})
        if code not in (0, 1):  # 1: citekit reported an error
            raise RuntimeError(f"{self.tool} failed: {' '.join(self.argv)}\n{tail}")
        self.peak_kb = max(self.peak_kb, peak_kb)
        self.times.append(seconds)


# The child processes are started by a small process of their own, started before this one
# holds any corpus: Linux gives a child the parent's peak RSS as its own starting peak (the
# memory a vfork'd child shares until exec counts as its), so children spawned from here
# after the in-process rounds would all report this process's peak.
_LAUNCHER = r"""
import json, os, sys, tempfile, time
for line in sys.stdin:
    argv, env = json.loads(line)
    err = os.path.join(tempfile.gettempdir(), f"citekit-bench-{os.getpid()}.stderr")
    actions = [
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, {**os.environ, **env}, file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    with open(err, errors="replace") as stream:
        tail = stream.read()[-2000:]
    code = os.waitstatus_to_exitcode(status)
    print(json.dumps([seconds, usage.ru_maxrss, code, tail]), flush=True)
"""


class Launcher:
    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [PY, "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, argv: list[str], env: dict[str, str]) -> tuple[float, int, int, str]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps([argv, env]) + "\n")
        self.process.stdin.flush()
        seconds, peak_kb, code, tail = json.loads(self.process.stdout.readline())
        return seconds, peak_kb, code, tail


_launcher: Launcher | None = None


def launcher() -> Launcher:
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    return _launcher


@dataclass
class Stage:
    name: str
    records: int
    runners: list[Runner]
    # The peers that would run this stage but are not installed: shown as "—".
    missing: list[str] = field(default_factory=list)


def citekit_export(source: Path, fmt: str, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "citekit", "export", str(source), "-f", fmt, "-o", str(out), *extra]


# --- which peers are installed -----------------------------------------------------------


def pandoc() -> str | None:
    """pandoc 3 or later: the test extras' pypandoc_binary, else one on PATH."""
    try:
        import pypandoc

        path = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        path = shutil.which("pandoc")
    if not path:
        return None
    version = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
    found = re.match(r"pandoc\S* (\d+)", version)
    return path if found and int(found.group(1)) >= 3 else None


def node_peer(package: str) -> bool:
    return shutil.which("node") is not None and (JS / "node_modules" / package).is_dir()


def python_peer(module: str) -> bool:
    probe = [PY, "-c", f"import {module}"]
    return subprocess.run(probe, capture_output=True).returncode == 0


def peers_installed() -> dict[str, bool]:
    return {
        "citation-js": node_peer("@citation-js/core"),
        "citeproc-js": node_peer("citeproc"),
        "rispy": python_peer("rispy"),
        "bibtexparser": python_peer("bibtexparser"),
        "pandoc": pandoc() is not None,
    }


# --- the stages ----------------------------------------------------------------------------

EXPORT_PEERS = {
    "bibtex": ("citation-js", "bibtexparser", "pandoc"),
    "biblatex": ("citation-js", "pandoc"),
    "ris": ("citation-js", "rispy"),
    "csl-json": ("pandoc",),
}
PANDOC_FORMATS = {"bibtex": "bibtex", "biblatex": "biblatex", "csl-json": "csljson"}


def peer_runner(tool: str, fmt: str, source: Path, out: Path) -> Runner:
    if tool == "citation-js":
        return Runner(tool, ["node", str(JS / "convert.js"), str(source), fmt, str(out)])
    if tool == "pandoc":
        argv = [str(pandoc()), "-f", "csljson", "-t", PANDOC_FORMATS[fmt], str(source)]
        return Runner(tool, [*argv, "-o", str(out)])
    return Runner(tool, [PY, str(BENCH / "peers.py"), tool, str(source), str(out)])


def export_stages(paths: dict[str, Path], n: int, out: Path, have: dict[str, bool]) -> list[Stage]:
    from citekit import parse_paths, write

    stages = []
    records = parse_paths([paths["csl-json"]], workers=1).records
    for fmt, peers in EXPORT_PEERS.items():
        runners = [Runner("citekit", citekit_export(paths["csl-json"], fmt, out / f"ck.{fmt}"))]
        runners.append(Runner("citekit in-process", call=lambda fmt=fmt: write(records, fmt)))
        runners += [
            peer_runner(p, fmt, paths["csl-json"], out / f"{p}.{fmt}") for p in peers if have[p]
        ]
        if fmt == "csl-json":
            runners.append(Runner("floor in-process", call=lambda: csl_floor(paths["csl-json"])))
        stages.append(Stage(f"csl-json → {fmt}", n, runners, [p for p in peers if not have[p]]))
    return stages


def csl_floor(source: Path) -> str:
    """The least a CSL-JSON round trip can cost here: decode, validate records, encode."""
    from citekit.record import Record

    items = json.loads(source.read_text(encoding="utf-8"))
    return json.dumps([Record.from_csl(item).csl() for item in items], ensure_ascii=False)


def parse_stages(paths: dict[str, Path], n: int, out: Path) -> list[Stage]:
    from citekit import parse_paths
    from citekit.record import Record

    stages = []
    # The floor: building records of the same works from their CSL-JSON, with no text to read.
    built = json.loads(paths["csl-json"].read_text(encoding="utf-8"))
    for name in ("wiki", "wiki-files", "ebsco", "ebsco-files", "pubmed", "pubmed-files"):
        source = paths[name]
        runners = [
            Runner("citekit", citekit_export(source, "csl-json", out / f"{name}.json")),
            Runner("citekit in-process", call=lambda s=source: parse_paths([s], workers=1)),
            Runner("floor in-process", call=lambda: [Record.from_csl(d) for d in built]),
        ]
        stages.append(Stage(f"{name} → records", n, runners))
    return stages


LIST_STYLES = ("apa", "vancouver")


def list_stages(folder: Path, sizes: list[int], have: dict[str, bool]) -> list[Stage]:
    import citeproc

    from citekit.styles import resolve

    locale = Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml"
    nocite = folder / "nocite.md"
    nocite.write_text("---\nnocite: '@*'\n---\n", encoding="utf-8")
    stages = []
    for n in sizes:
        source = folder / f"list-{n}.json"
        source.write_text(json.dumps(corpora.csl_items(n), ensure_ascii=False), encoding="utf-8")
        for style in LIST_STYLES:
            csl = str(resolve(style).independent.path)
            out = folder / f"list-{n}-{style}"
            runners = [Runner("citekit", citekit_export(source, "text", out, "-s", style))]
            if have["pandoc"]:
                argv = [str(pandoc()), str(nocite), "--citeproc", "--bibliography", str(source)]
                runners.append(
                    Runner("pandoc", [*argv, "--csl", csl, "-t", "plain", "-o", "/dev/null"])
                )
            if have["citeproc-js"]:
                argv = [
                    "node",
                    str(JS / "bibliography.js"),
                    str(source),
                    csl,
                    str(locale),
                    "/dev/null",
                ]
                runners.append(Runner("citeproc-js", argv))
            missing = [p for p in ("pandoc", "citeproc-js") if not have[p]]
            stages.append(Stage(f"{style} list", n, runners, missing))
    return stages


def enrich_stage(paths: dict[str, Path], n: int, folder: Path) -> tuple[Stage, loopback.Server]:
    """Warm-cache enrichment: the cache is filled from a loopback server, then each timed
    run answers from it alone (``--offline``)."""
    server = loopback.Server(json.loads(paths["csl-json"].read_text(encoding="utf-8")))
    cache = folder / "enrich.sqlite"
    server.fill(cache)
    env = {"CITEKIT_CROSSREF_URL": server.base, "CITEKIT_DOI_URL": server.base}
    argv = citekit_export(
        paths["csl-json"],
        "csl-json",
        folder / "enriched.json",
        "--enrich",
        "--offline",
        "--cache",
        str(cache),
    )
    plain = citekit_export(paths["csl-json"], "csl-json", folder / "plain.json")
    runners = [Runner("citekit --enrich", argv, env=env), Runner("citekit, no enrich", plain)]
    return Stage("enrich, warm cache", n, runners), server


# --- measuring and printing ----------------------------------------------------------------


def measure(stages: list[Stage], rounds: int) -> None:
    """``rounds`` rounds; in each, every stage's tools run once, one after the other."""
    for round_ in range(rounds):
        for stage in stages:
            for runner in stage.runners if round_ % 2 == 0 else reversed(stage.runners):
                runner.once()
        print(f"  round {round_ + 1} of {rounds} done", file=sys.stderr)


def rate(runner: Runner, records: int) -> float:
    return records / statistics.median(runner.times)


def table(stages: list[Stage]) -> list[str]:
    head = (
        f"| {'stage':<24} | {'records':>7} | {'tool':<19} | {'rec/s':>8} | {'peak MB':>7} "
        "| citekit ÷ peer |"
    )
    lines = [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for stage in stages:
        ours = rate(stage.runners[0], stage.records)
        for index, runner in enumerate(stage.runners):
            speed = rate(runner, stage.records)
            peak = f"{runner.peak_kb / 1024:.0f}" if runner.argv else ""
            # Whole process against whole process: citekit's first runner is its CLI.
            versus = ""
            if index and runner.argv and not runner.tool.startswith("citekit"):
                versus = f"{ours / speed:.2f}×"
            name = stage.name if index == 0 else ""
            size = f"{stage.records:,}" if index == 0 else ""
            lines.append(
                f"| {name:<24} | {size:>7} | {runner.tool:<19} | {speed:>8,.0f} | "
                f"{peak:>7} | {versus:>14} |"
            )
        for tool in stage.missing:
            lines.append(f"| {'':<24} | {'':>7} | {tool:<19} | {'—':>8} | {'—':>7} | {'—':>14} |")
    return lines


def growth(by_size: dict[int, list[Stage]]) -> list[str]:
    """Time per record at the largest size over the smallest, per stage and citekit runner."""
    sizes = sorted(by_size)
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    lines = [f"growth of time per record, {small:,} → {large:,} records (1.00 = linear):"]
    last_of = {stage.name: stage for stage in by_size[large]}
    for first in by_size[small]:
        last = last_of.get(first.name)
        if last is None:
            continue
        for a, b in zip(first.runners, last.runners, strict=True):
            if a.tool.startswith("citekit"):
                ratio = rate(a, first.records) / rate(b, last.records)
                lines.append(f"  {first.name:<24} {a.tool:<19} {ratio:5.2f}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="records per corpus, comma-separated")
    parser.add_argument("--lists", default="1000", help="entries per reference list")
    parser.add_argument("--rounds", type=int, default=3, help="rounds to take the median of")
    parser.add_argument("--only", default="", help="a regular expression: stages to run")
    parser.add_argument("--keep", type=Path, help="write the corpora here and keep them")
    args = parser.parse_args()
    launcher()  # now, while this process is small (see _LAUNCHER)
    sizes = [int(s) for s in args.sizes.split(",")]
    have = peers_installed()
    print("peers installed: " + ", ".join(f"{k} {'yes' if v else 'no'}" for k, v in have.items()))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="citekit-bench-"))
    servers: list[loopback.Server] = []
    try:
        by_size: dict[int, list[Stage]] = {}
        for n in sizes:
            started = time.perf_counter()
            paths = corpora.write_corpus(folder / str(n), n)
            out = folder / str(n) / "out"
            out.mkdir(exist_ok=True)
            stages = parse_stages(paths, n, out) + export_stages(paths, n, out, have)
            if n == sizes[0]:  # filling the cache costs an HTTP round trip per DOI
                enrich, server = enrich_stage(paths, n, folder / str(n))
                servers.append(server)
                stages.append(enrich)
            by_size[n] = [s for s in stages if re.search(args.only, s.name)]
            print(
                f"corpus of {n:,} records ready in {time.perf_counter() - started:.1f} s",
                file=sys.stderr,
            )
        lists = [
            s
            for s in list_stages(folder, [int(s) for s in args.lists.split(",")], have)
            if re.search(args.only, s.name)
        ]
        every = [stage for n in sizes for stage in by_size[n]] + lists
        asked = sum(s.requests for s in servers)
        measure(every, args.rounds)
        print("\n".join(["", *table(every), "", *growth(by_size)]))
        sent = sum(s.requests for s in servers) - asked
        print(f"\nrequests to the loopback Crossref during the timed (offline) runs: {sent}")
    finally:
        for server in servers:
            server.close()
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
