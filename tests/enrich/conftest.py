"""A loopback server standing in for Crossref and doi.org, and helpers to script its answers.

Nothing here talks to a real host: base URLs point at 127.0.0.1, and every test gets a fresh
cache file under ``tmp_path``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer

from citekit.enrich import Settings

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CROSSREF = "/crossref"
RESOLVER = "/doi"
SEED_DOIS = ("10.3892/etm.2022.11214", "10.1007/s10067-025-07335-w")


class Recorder:
    """Sleeps that are recorded instead of waited: back-off and Retry-After become data."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture(scope="session")
def loopback() -> Iterator[HTTPServer]:
    # Threaded, so a deliberately slow answer does not hold up the next test's requests.
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(loopback: HTTPServer) -> Iterator[HTTPServer]:
    loopback.clear()
    yield loopback
    loopback.clear()


@pytest.fixture
def settings(server: HTTPServer) -> Settings:
    """Settings aimed at the loopback server, with short timeouts for the fault tests."""
    return Settings(
        crossref_url=server.url_for(CROSSREF),
        doi_url=server.url_for(RESOLVER),
        read_timeout=0.5,
        connect_timeout=0.5,
        attempts=3,
    )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


def fixture_message(doi: str) -> dict[str, Any]:
    """The stored Crossref answer for a seed DOI."""
    path = FIXTURES / (doi.replace("/", "_") + ".json")
    return json.loads(path.read_text(encoding="utf-8"))


def work(message: dict[str, Any]) -> dict[str, Any]:
    """Wrap a message as the REST API does."""
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


def serve_seeds(server: HTTPServer) -> None:
    """Answer the seed DOIs as Crossref would; anything else is a 404."""
    for doi in SEED_DOIS:
        server.expect_request(f"{CROSSREF}/works/{doi}").respond_with_json(fixture_message(doi))


def network_paths(server: HTTPServer) -> list[str]:
    """The paths the server was asked for, in order."""
    return [request.path for request, _ in server.log]
