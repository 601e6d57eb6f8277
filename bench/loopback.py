"""A loopback server standing in for Crossref, answering for the benchmark corpus' DOIs.

Each answer is the stored Crossref answer of a seed DOI (``tests/enrich/fixtures/``) with the
work's own title, authors, date, volume, issue and pages put in, so that enrichment agrees
with the parsed record and fills the gaps (publisher, ISSN, full journal title) as it does
for real answers. Nothing leaves the machine: the server listens on 127.0.0.1 only.
"""

from __future__ import annotations

import copy
import json
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

FIXTURE = (
    Path(__file__).resolve().parent.parent / "tests/enrich/fixtures/10.1007_s10067-025-07335-w.json"
)


def _answer(template: dict[str, Any], item: dict[str, Any]) -> bytes:
    answer = copy.deepcopy(template)
    message = answer["message"]
    message.update(
        DOI=item["DOI"],
        title=[item["title"]],
        author=[
            {"given": a.get("given", ""), "family": a.get("family", ""), "sequence": "additional"}
            for a in item.get("author", [])
            if "family" in a
        ],
        issued=item["issued"],
        volume=item.get("volume", ""),
        issue=item.get("issue", ""),
        page=item.get("page", ""),
    )
    message["container-title"] = [item.get("container-title", "")]
    return json.dumps(answer).encode()


class Server:
    """Serves ``/works/{doi}`` for every item of ``items`` that has a DOI; counts requests."""

    def __init__(self, items: list[dict[str, Any]]) -> None:
        template = json.loads(FIXTURE.read_text(encoding="utf-8"))
        by_doi = {item["DOI"].lower(): item for item in items if item.get("DOI")}
        self.dois = [item["DOI"] for item in items if item.get("DOI")]
        self.requests = 0
        lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with lock:
                    owner.requests += 1
                doi = unquote(self.path.split("/works/", 1)[-1]).lower()
                item = by_doi.get(doi)
                body = _answer(template, item) if item else b'{"status": "not found"}'
                self.send_response(200 if item else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def fill(self, cache: Path) -> None:
        """Look every DOI up once, fast: the limits are Crossref's, not this server's."""
        from citekit.enrich import DoiClient, Limits, Settings, open_session
        from citekit.enrich.enricher import lookup_all

        settings = replace(
            Settings(crossref_url=self.base, doi_url=self.base, mailto="bench@example.org"),
            limits=Limits(rate=5000, concurrency=8),
        )
        with open_session(cache) as session:
            lookup_all(DoiClient(session, settings), self.dois, offline=False)

    def close(self) -> None:
        self.server.shutdown()
