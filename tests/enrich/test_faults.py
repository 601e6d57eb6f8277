"""Faults the enrich stage must survive: every record still comes out as parsed, each failing
DOI is reported once, and the run finishes. All against the loopback server."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from citekit import export
from citekit.enrich import Enricher, Settings, open_session
from citekit.enrich.cache import NOT_FOUND_EXPIRY
from tests.conftest import seed
from tests.enrich.conftest import (
    CROSSREF,
    RESOLVER,
    SEED_DOIS,
    Recorder,
    fixture_message,
    network_paths,
)

DOI = SEED_DOIS[1]  # the EBSCO seed, 004
WORKS = f"{CROSSREF}/works/{DOI}"


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    """Two input files citing the same DOI: a failure must still be reported once.

    The runs keep both records (``keep_duplicates``), as ``--keep-duplicates`` does; merged,
    they would be one record and there would be nothing to report twice.
    """
    folder = tmp_path / "in"
    folder.mkdir()
    text = seed("004").read_text(encoding="utf-8")
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "b.txt").write_text(text, encoding="utf-8")
    return folder


def _run(folder: Path, settings: Settings, cache: Path, sleep: Callable[[float], None]):
    enricher = Enricher(settings, cache=cache, sleep=sleep)
    return export([folder], "bibtex", keep_duplicates=True, enricher=enricher)


def _assert_survived(result, folder: Path, words: str) -> None:
    plain = export([folder], "bibtex", keep_duplicates=True)
    assert result.text == plain.text, "records must be exported exactly as parsed"
    notes = [str(d) for d in result.diagnostics if DOI in d.message]
    assert len(notes) == 1, notes
    assert words in notes[0] and "2 records cite it" in notes[0]
    report = result.enrichment.report(result.records)
    assert [f["doi"] for f in report["failed_dois"]] == [DOI]
    assert len(report["failed_dois"][0]["records"]) == 2


def _trickle(request: Request) -> Response:
    def body() -> Iterator[bytes]:
        for _ in range(20):
            time.sleep(0.15)
            yield b" "

    return Response(body(), status=200, content_type="application/json")


def _stall(request: Request) -> Response:
    time.sleep(1.0)
    return Response("{}", status=200, content_type="application/json")


FAULTS = {
    "404": (lambda s: s.respond_with_data("Resource not found.", status=404), "DOI not found"),
    "500": (lambda s: s.respond_with_data("oops", status=500), "HTTP 500"),
    "503": (lambda s: s.respond_with_data("busy", status=503), "HTTP 503"),
    "429": (
        lambda s: s.respond_with_data("slow down", status=429, headers={"Retry-After": "2"}),
        "HTTP 429",
    ),
    "malformed-json": (
        lambda s: s.respond_with_data('{"status": "ok", "mess', content_type="application/json"),
        "not valid JSON",
    ),
    "html-200": (
        lambda s: s.respond_with_data(
            "<html><body>Service unavailable</body></html>", content_type="text/html"
        ),
        "text/html, not JSON",
    ),
    "timeout": (lambda s: s.respond_with_handler(_stall), "no answer within"),
    "slow-server": (lambda s: s.respond_with_handler(_trickle), "no answer within"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_fault_exports_as_parsed_and_reports_once(
    fault: str, server: HTTPServer, settings: Settings, twice: Path, tmp_path: Path
):
    respond, words = FAULTS[fault]
    respond(server.expect_request(WORKS))
    server.expect_request(f"{RESOLVER}/{DOI}").respond_with_data("Not found", status=404)
    result = _run(twice, settings, tmp_path / "cache.sqlite", Recorder())
    _assert_survived(result, twice, words)
    assert not result.failed  # a failed look-up is a warning; the export itself succeeded


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens on it once the probe is closed


def test_connection_refused_is_said_once_with_the_way_out(
    settings: Settings, twice: Path, tmp_path: Path
):
    refused = Settings(crossref_url=f"http://127.0.0.1:{_closed_port()}", doi_url=settings.doi_url)
    result = _run(twice, refused, tmp_path / "cache.sqlite", Recorder())
    plain = export([twice], "bibtex", keep_duplicates=True)
    assert result.text == plain.text, "records must be exported exactly as parsed"
    [said] = [d for d in result.diagnostics if d.origin == "enrich"]
    assert (said.code, said.severity) == ("no-network", "warning")
    assert str(said) == (
        "enrich: warning[no-network]: enrich: cannot reach Crossref (connection refused); "
        "1 DOI not looked up, exported as parsed; run with --offline to use the cache only"
    )
    assert not [d for d in result.diagnostics if DOI in d.message]
    # The report still names the DOI and both records that cite it: nothing is lost.
    report = result.enrichment.report(result.records)
    assert [f["doi"] for f in report["failed_dois"]] == [DOI]
    assert len(report["failed_dois"][0]["records"]) == 2


def test_no_network_tries_one_doi_not_each(settings: Settings, tmp_path: Path):
    folder = tmp_path / "many"
    folder.mkdir()
    template = "Exp Ther Med. 2022 Apr;23(4):{n}. doi: 10.5555/gone.{n}.\n"
    for n in range(20):
        (folder / f"{n}.txt").write_text(template.format(n=n), encoding="utf-8")
    refused = Settings(crossref_url=f"http://127.0.0.1:{_closed_port()}", doi_url=settings.doi_url)
    result = _run(folder, refused, tmp_path / "c", Recorder())
    assert len(result.records) == 20
    # The public pool asks one at a time: the first refusal stops the rest.
    assert result.enrichment.network_requests == 1
    [said] = [d for d in result.diagnostics if d.code.startswith(("no-network", "enrich"))]
    assert said.code == "no-network" and "20 DOIs not looked up" in said.message


def test_retry_after_is_honoured_then_the_answer_used(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_ordered_request(WORKS).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    server.expect_ordered_request(WORKS).respond_with_json(fixture_message(DOI))
    waits = Recorder()
    result = _run(seed("004"), settings, tmp_path / "c.sqlite", waits)
    assert max(waits.waits) >= 7 - 0.01
    assert result.enrichment.outcomes[0].status == "enriched"
    assert network_paths(server) == [WORKS, WORKS]


def test_retry_after_really_delays_the_next_request(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_ordered_request(WORKS).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    server.expect_ordered_request(WORKS).respond_with_json(fixture_message(DOI))
    started = time.monotonic()
    result = _run(seed("004"), settings, tmp_path / "c.sqlite", time.sleep)
    assert time.monotonic() - started >= 1.0
    assert result.enrichment.outcomes[0].status == "enriched"


def test_a_retry_after_beyond_the_limit_gives_up_at_once(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_request(WORKS).respond_with_data(
        "slow down", status=429, headers={"Retry-After": "3600"}
    )
    waits = Recorder()
    result = _run(seed("004"), settings, tmp_path / "c.sqlite", waits)
    assert len(server.log) == 1 and waits.waits == []
    assert "asked to wait 3600 s" in result.enrichment.outcomes[0].problem


def test_5xx_backs_off_exponentially_then_succeeds(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_ordered_request(WORKS).respond_with_data("oops", status=500)
    server.expect_ordered_request(WORKS).respond_with_data("busy", status=503)
    server.expect_ordered_request(WORKS).respond_with_json(fixture_message(DOI))
    waits = Recorder()
    result = _run(seed("004"), settings, tmp_path / "c.sqlite", waits)
    assert result.enrichment.outcomes[0].status == "enriched"
    assert [round(w) for w in waits.waits if w >= 0.5] == [1, 2]


def test_failures_are_not_cached_but_404s_are_for_a_day(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    cache = tmp_path / "c.sqlite"
    server.expect_request(WORKS).respond_with_data("<html>oops</html>", content_type="text/html")
    _run(seed("004"), settings, cache, Recorder())
    _run(seed("004"), settings, cache, Recorder())
    assert network_paths(server) == [WORKS, WORKS], "an unusable answer must be asked again"

    server.clear()
    server.expect_request(WORKS).respond_with_data("Resource not found.", status=404)
    server.expect_request(f"{RESOLVER}/{DOI}").respond_with_data("Not found", status=404)
    _run(seed("004"), settings, cache, Recorder())
    _run(seed("004"), settings, cache, Recorder())
    assert network_paths(server) == [WORKS, f"{RESOLVER}/{DOI}"], "404s are answered from cache"
    with open_session(cache) as session:
        expiries = [r.expires for r in session.cache.responses.values()]
    assert len(expiries) == 2
    for expires in expiries:
        left = expires - datetime.now(timezone.utc)
        assert NOT_FOUND_EXPIRY.total_seconds() - 60 < left.total_seconds() <= 86400


def test_a_dead_host_is_left_alone_after_repeated_failures(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    folder = tmp_path / "many"
    folder.mkdir()
    template = "Exp Ther Med. 2022 Apr;23(4):{n}. doi: 10.5555/dead.{n}.\n"
    for n in range(10):
        (folder / f"{n}.txt").write_text(template.format(n=n), encoding="utf-8")
    server.expect_request(re.compile(".*")).respond_with_handler(_stall)
    result = _run(folder, replace(settings, attempts=1), tmp_path / "c", Recorder())
    assert len(result.records) == 10
    problems = [o.problem for o in result.enrichment.outcomes]
    assert all(problems)
    assert sum("stopped answering" in p for p in problems) >= 3
    assert len(server.log) < 10
