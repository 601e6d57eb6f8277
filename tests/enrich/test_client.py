"""The HTTP client: URL encoding, content negotiation, the cache's keys and the throttle."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import replace
from datetime import datetime, timezone
from itertools import pairwise
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from citekit.enrich import POLITE, PUBLIC, DoiClient, Limits, Settings, SettingsError, open_session
from citekit.enrich.client import (
    ACCEPT_CSL,
    RATE_MARGIN,
    Throttle,
    announced_rate,
    doi_path,
    retry_after,
)
from citekit.enrich.enricher import lookup_all
from tests.enrich.conftest import CROSSREF, RESOLVER, Recorder, work


@pytest.fixture
def client(settings: Settings, tmp_path: Path):
    with open_session(tmp_path / "cache.sqlite") as session:
        yield DoiClient(session, settings, sleep=Recorder())


# --------------------------------------------------------------------------------------
# Encoding: a DOI is data, never URL syntax


AWKWARD = {
    # SICI DOIs of early Wiley content: angle brackets, a semicolon, colons, parentheses.
    "10.1002/(sici)1097-4679(199911)55:11<1411::aid-jclp9>3.0.co;2-k": ["%3C", "%3E", "%3B"],
    "10.1000/a#b": ["%23"],
    "10.1000/100%25done%": ["%2525", "%25"],
    "10.1000/x?y=1&z": ["%3F", "%26"],
    "10.1000/@evil.example": ["%40"],
    "10.1000/http://evil.example/x": ["%3A"],
    "10.1000/a b\\c": ["%20", "%5C"],
}


@pytest.mark.parametrize("doi", sorted(AWKWARD))
def test_awkward_dois_are_encoded_and_stay_on_the_path(
    doi: str, client: DoiClient, server: HTTPServer
):
    server.expect_request(f"{CROSSREF}/works/{doi}").respond_with_json(
        work({"title": ["A title"], "type": "journal-article"})
    )
    answer = client.lookup(doi)
    assert answer is not None and answer.problem is None, answer
    [(request, _)] = server.log
    raw = request.environ["REQUEST_URI"]
    assert raw.startswith(f"{CROSSREF}/works/10.")
    for escape in AWKWARD[doi]:
        assert escape in raw
    assert request.path == f"{CROSSREF}/works/{doi}"  # what the server decodes: the DOI itself
    assert request.query_string == b""
    assert request.host == server.url_for("/").split("//")[1].rstrip("/")


@pytest.mark.parametrize("doi", ["10.1000/../../admin", "10.1000/./x", "10.1000/x/.."])
def test_dot_segments_are_refused(doi: str, client: DoiClient, server: HTTPServer):
    answer = client.lookup(doi)
    assert answer is not None and "cannot be sent safely" in (answer.problem or "")
    assert server.log == []


def test_doi_path_keeps_the_prefix_slash():
    assert doi_path("10.1000/a;b#c") == "10.1000/a%3Bb%23c"


def test_case_variants_share_one_request(client: DoiClient, server: HTTPServer):
    server.expect_request(f"{CROSSREF}/works/10.1000/abc").respond_with_json(
        work({"title": ["T"], "type": "journal-article"})
    )
    assert client.lookup("10.1000/ABC").source == "crossref"
    assert client.lookup("10.1000/abc").cached


# --------------------------------------------------------------------------------------
# Content negotiation for DOIs Crossref does not know


DATACITE_CSL = {
    "type": "dataset",
    "id": "https://doi.org/10.5281/zenodo.1234567",
    "title": "Vitamin D trial data",
    "author": [{"family": "Doe", "given": "Jane"}],
    "issued": {"date-parts": [[2021, 5, 3]]},
    "publisher": "Zenodo",
    "DOI": "10.5281/ZENODO.1234567",
    "URL": "https://zenodo.org/record/1234567",
    "version": "1.0",
}


def test_crossref_404_falls_back_to_csl_by_content_negotiation(
    client: DoiClient, server: HTTPServer
):
    doi = "10.5281/zenodo.1234567"
    server.expect_request(f"{CROSSREF}/works/{doi}").respond_with_data("Not found", status=404)
    # doi.org redirects to the registration agency, which serves the CSL-JSON.
    server.expect_request(f"{RESOLVER}/{doi}", headers={"Accept": ACCEPT_CSL}).respond_with_data(
        "", status=302, headers={"Location": server.url_for(f"/datacite/{doi}")}
    )
    server.expect_request(f"/datacite/{doi}", headers={"Accept": ACCEPT_CSL}).respond_with_json(
        DATACITE_CSL, content_type="application/vnd.citationstyles.csl+json"
    )
    answer = client.lookup(doi)
    assert answer.source == "doi.org" and answer.data["publisher"] == "Zenodo"
    assert len(server.log) == 3
    again = client.lookup(doi, cache_only=True)
    assert again is not None and again.source == "doi.org" and again.cached
    assert len(server.log) == 3


def test_the_cache_keys_on_the_accept_header(server: HTTPServer, tmp_path: Path):
    def echo(request: Request) -> Response:
        return Response(request.headers["Accept"], content_type="application/json")

    server.expect_request("/thing").respond_with_handler(echo)
    with open_session(tmp_path / "c.sqlite") as session:
        url = server.url_for("/thing")
        first = session.get(url, headers={"Accept": "application/json"})
        second = session.get(url, headers={"Accept": ACCEPT_CSL})
        assert (first.text, second.text) == ("application/json", ACCEPT_CSL)
        assert session.get(url, headers={"Accept": ACCEPT_CSL}).from_cache
        assert session.get(url, headers={"Accept": "application/json"}).text == "application/json"
    assert len(server.log) == 2


# --------------------------------------------------------------------------------------
# Settings and etiquette


def test_pools_follow_mailto():
    assert Settings().pool == PUBLIC == Limits(5.0, 1)
    assert Settings(mailto="me@example.org").pool == POLITE == Limits(10.0, 3)
    assert Settings().user_agent.startswith("citekit/") and "mailto" not in Settings().user_agent


@pytest.mark.parametrize(
    "bad",
    [
        {"mailto": "me@example.org\r\nX-Evil: 1"},
        {"mailto": "not an address"},
        {"crossref_url": "file:///etc/passwd"},
        {"doi_url": "https://doi.org/?q=1"},
        {"read_timeout": 0},
    ],
)
def test_unusable_settings_are_refused(bad: dict):
    with pytest.raises(SettingsError):
        Settings(**bad)


def test_settings_from_the_environment():
    env = {
        "CITEKIT_CROSSREF_URL": "http://127.0.0.1:9/cr/",
        "CITEKIT_DOI_URL": "http://127.0.0.1:9/doi",
        "CITEKIT_MAILTO": "a@example.org",
        "CITEKIT_TIMEOUT": "2.5",
    }
    settings = Settings.from_env(env)
    assert settings.crossref_url == "http://127.0.0.1:9/cr"
    assert settings.mailto == "a@example.org" and settings.read_timeout == 2.5
    assert Settings.from_env(env, mailto="b@example.org").mailto == "b@example.org"
    with pytest.raises(SettingsError, match="CITEKIT_TIMEOUT"):
        Settings.from_env({"CITEKIT_TIMEOUT": "soon"})


def test_retry_after_forms():
    class Fake:
        def __init__(self, value: str) -> None:
            self.headers = {"Retry-After": value}

    now = datetime(2025, 12, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after(Fake("12")) == 12
    assert retry_after(Fake("Mon, 01 Dec 2025 12:00:30 GMT"), now) == 30
    assert retry_after(Fake("yesterday")) is None
    assert retry_after(Fake("")) is None


def test_announced_rate_slows_the_throttle(client: DoiClient, server: HTTPServer):
    server.expect_request(f"{CROSSREF}/works/10.1000/x").respond_with_json(
        work({"title": ["T"]}),
        headers={"X-Rate-Limit-Limit": "2", "X-Rate-Limit-Interval": "1s"},
    )
    client.lookup("10.1000/x")
    assert client.throttle._interval == pytest.approx(0.5 / RATE_MARGIN)
    headers = {"X-Rate-Limit-Limit": "50", "X-Rate-Limit-Interval": "1s"}
    assert announced_rate(type("Answer", (), {"headers": headers})) == 50


# --------------------------------------------------------------------------------------
# The throttle


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_throttle_spaces_starts_by_the_rate():
    clock = FakeClock()
    throttle = Throttle(Limits(rate=10, concurrency=3), clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(5):
        with throttle:
            starts.append(clock.now)
    assert [round(b - a, 6) for a, b in pairwise(starts)] == [round(0.1 / RATE_MARGIN, 6)] * 4


def test_throttle_pause_holds_everyone_back():
    clock = FakeClock()
    throttle = Throttle(Limits(rate=10, concurrency=3), clock=clock, sleep=clock.sleep)
    with throttle:
        pass
    throttle.pause(5)
    with throttle:
        assert clock.now >= 105


def test_cold_lookups_stay_within_rate_and_concurrency(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    lock = threading.Lock()
    state = {"in_flight": 0, "most": 0}
    starts: list[float] = []

    def handler(request: Request) -> Response:
        with lock:
            state["in_flight"] += 1
            state["most"] = max(state["most"], state["in_flight"])
            starts.append(time.monotonic())
        time.sleep(0.05)
        with lock:
            state["in_flight"] -= 1
        return Response(
            '{"message-type": "work", "message": {"title": ["T"]}}',
            content_type="application/json",
        )

    server.expect_request(re.compile(f"{CROSSREF}/works/.*")).respond_with_handler(handler)
    limits = Limits(rate=40, concurrency=2)
    with open_session(tmp_path / "c.sqlite") as session:
        client = DoiClient(session, replace(settings, limits=limits))
        answers = lookup_all(client, [f"10.5555/n{i}" for i in range(16)], offline=False)
    assert all(a.source == "crossref" for a in answers.values())
    assert len(starts) == 16
    assert state["most"] <= 2
    # Starts are spaced by the client; the server sees them give or take scheduling jitter.
    assert starts[-1] - starts[0] >= 15 / 40 - 0.02
    # In any one-second window no more than `rate` requests start.
    assert max(sum(1 for t in starts if s <= t < s + 1) for s in starts) <= 40


def test_a_plain_session_works_without_a_cache(server: HTTPServer, settings: Settings):
    import requests

    server.expect_request(f"{CROSSREF}/works/10.1000/x").respond_with_json(work({"title": ["T"]}))
    with requests.Session() as session:
        client = DoiClient(session, settings, sleep=Recorder())
        assert client.lookup("10.1000/x", cache_only=True) is None
        assert server.log == []
        assert client.lookup("10.1000/x").source == "crossref"
        assert client.requests_sent == 1
