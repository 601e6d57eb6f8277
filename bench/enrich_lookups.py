"""How fast enrichment answers from a warm cache, and how politely it fills a cold one.

Serves Crossref-shaped answers from a loopback server (nothing leaves the machine), then:

1. cold runs with Crossref's published limits — the polite pool (10/s, 3 at once) and the
   public pool (5/s, 1 at once) — measuring on the server side the most requests that started
   in any one-second window and the most that were in flight at once;
2. fills the cache for ``--dois`` DOIs, then times warm look-ups (the client alone) and a warm
   enrich stage (look-up, mapping, conflict checks and merge) over every DOI, asserting that
   the warm runs send nothing to the network.

    python bench/enrich_lookups.py [--dois 1000] [--cold 40] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from citekit.enrich import POLITE, PUBLIC, DoiClient, Limits, Settings, enrich_records, open_session
from citekit.enrich.enricher import lookup_all
from citekit.record import Date, Name, Record

FIXTURE = (
    Path(__file__).resolve().parent.parent / "tests/enrich/fixtures/10.1007_s10067-025-07335-w.json"
)
PREFIX = "10.5555/bench."


def doi(n: int) -> str:
    return f"{PREFIX}{n}"


def title(n: int) -> str:
    return f"Ectopic calcifications in the musculoskeletal field, part {n}"


@dataclass
class Log:
    """What the server saw: request start times and the most requests in flight at once."""

    starts: list[float] = field(default_factory=list)
    # Seconds the server takes per answer: Crossref-like in the cold runs, so that requests
    # overlap and the concurrency limit has something to hold back.
    delay: float = 0.0
    in_flight: int = 0
    most: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def serve(log: Log) -> ThreadingHTTPServer:
    template = json.loads(FIXTURE.read_text(encoding="utf-8"))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            with log.lock:
                log.starts.append(time.monotonic())
                log.in_flight += 1
                log.most = max(log.most, log.in_flight)
            try:
                n = int(self.path.rsplit(".", 1)[1])
                answer = copy.deepcopy(template)
                answer["message"]["DOI"] = doi(n)
                answer["message"]["title"] = [title(n)]
                body = json.dumps(answer).encode()
                time.sleep(log.delay)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            finally:
                with log.lock:
                    log.in_flight -= 1

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def records(numbers: range) -> list[Record]:
    return [
        Record(
            title=title(n),
            author=[Name(family="Milovanovic", given="Petar")],
            container_title="Clinical Rheumatology",
            volume="44",
            issue="3",
            page="869-886",
            issued=Date(date_parts=[[2025, 3]]),
            DOI=doi(n),
        )
        for n in numbers
    ]


def busiest_second(starts: list[float]) -> int:
    """The most request starts in any half-open one-second window."""
    starts = sorted(starts)
    best, j = 0, 0
    for i, start in enumerate(starts):
        while starts[j] <= start - 1.0:
            j += 1
        best = max(best, i - j + 1)
    return best


def cold(settings: Settings, limits: Limits, count: int, first: int, cache: Path, log: Log) -> bool:
    with log.lock:
        log.starts.clear()
        log.most = 0
        log.delay = 0.25
    dois = [doi(n) for n in range(first, first + count)]
    with open_session(cache) as session:
        client = DoiClient(session, settings)
        started = time.perf_counter()
        answers = lookup_all(client, dois, offline=False)
        elapsed = time.perf_counter() - started
    assert all(a.source == "crossref" for a in answers.values()), "every cold look-up must succeed"
    busiest = busiest_second(log.starts)
    within = busiest <= limits.rate and log.most <= limits.concurrency
    print(
        f"  {limits.rate:g}/s, {limits.concurrency} at once: {count} DOIs in {elapsed:.2f} s "
        f"= {count / elapsed:.2f} requests/s; busiest second {busiest} "
        f"(limit {limits.rate:g}); most in flight {log.most} (limit {limits.concurrency}); "
        f"{'within' if within else 'OVER'} the limits"
    )
    return within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dois", type=int, default=1000, help="DOIs in the warm runs")
    parser.add_argument("--cold", type=int, default=40, help="DOIs in each cold run")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs to take the median of")
    args = parser.parse_args()

    log = Log()
    server = serve(log)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    polite = Settings(crossref_url=base, doi_url=base, mailto="bench@example.org")
    public = Settings(crossref_url=base, doi_url=base)
    assert polite.pool == POLITE and public.pool == PUBLIC

    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "bench.sqlite"
        print("cold cache, Crossref's published limits (measured at the server):")
        polite_ok = cold(polite, POLITE, args.cold, 0, cache, log)
        public_ok = cold(public, PUBLIC, args.cold // 2, args.cold, cache, log)

        # Fill the rest quickly: the limits are Crossref's, not the loopback server's.
        log.delay = 0.0
        fast = replace(polite, limits=Limits(rate=5000, concurrency=8))
        with open_session(cache) as session:
            lookup_all(DoiClient(session, fast), [doi(n) for n in range(args.dois)], offline=False)

        dois = [doi(n) for n in range(args.dois)]
        batch = records(range(args.dois))
        asked = len(log.starts)
        lookups, stages = [], []
        for _ in range(args.repeat):
            with open_session(cache) as session:
                client = DoiClient(session, polite)
                started = time.perf_counter()
                answers = lookup_all(client, dois, offline=False)
                lookups.append(time.perf_counter() - started)
                assert all(a.cached for a in answers.values())
            with open_session(cache) as session:
                client = DoiClient(session, polite)
                started = time.perf_counter()
                result = enrich_records(batch, client)
                stages.append(time.perf_counter() - started)
                assert all(o.status == "enriched" and not o.conflicts for o in result.outcomes)
        sent = len(log.starts) - asked
    server.shutdown()

    lookup, stage = statistics.median(lookups), statistics.median(stages)
    print(f"warm cache, {args.dois} DOIs (median of {args.repeat} runs):")
    each = {"lookup": lookup / args.dois * 1e3, "stage": stage / args.dois * 1e3}
    print(f"  look-ups:     {args.dois / lookup:8.0f} DOIs/s    ({each['lookup']:.3f} ms each)")
    print(
        f"  enrich stage: {args.dois / stage:8.0f} records/s ({each['stage']:.3f} ms each:"
        " look-up, mapping, conflict checks, merge)"
    )
    print(f"  network requests during warm runs: {sent}")
    warm_ok = args.dois / stage >= 1000 and sent == 0
    print(f"warm target (>= 1000 records/s, no requests): {'met' if warm_ok else 'MISSED'}")
    print(f"cold runs within Crossref's limits: {'yes' if polite_ok and public_ok else 'NO'}")
    return 0 if warm_ok and polite_ok and public_ok else 1


if __name__ == "__main__":
    sys.exit(main())
