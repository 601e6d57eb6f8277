"""The enrich stage on its own: wrong DOIs, the DOI fallback, offline staleness, progress."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from citekit.enrich import DoiClient, Enricher, Settings, enrich_records, open_session
from citekit.enrich.cache import METADATA_EXPIRY
from citekit.keys import assign_keys
from citekit.record import Custom, Date, Name, Record
from tests.enrich.conftest import CROSSREF, RESOLVER, Recorder, work

DOI = "10.5555/example.1"
RECORD = Record(
    title="Vitamin D supplementation and fracture risk in older adults",
    author=[Name(family="Smith", given="Jane")],
    issued=Date(date_parts=[[2020]]),
    DOI=DOI,
)


def _enrich(settings: Settings, cache: Path, records=(RECORD,), **options):
    return Enricher(settings, cache=cache, sleep=Recorder(), **options)(list(records))


def test_a_title_that_does_not_match_means_a_wrong_doi(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(
        work(
            {
                "type": "journal-article",
                "title": ["Deep learning for galaxy morphology classification"],
                "container-title": ["Astronomy Letters"],
            }
        )
    )
    result = _enrich(settings, tmp_path / "c.sqlite")
    assert result.records == [RECORD]  # nothing merged, not even the journal
    [outcome] = result.outcomes
    assert outcome.status == "mismatch"
    [note] = result.diagnostics
    assert f"DOI {DOI} is probably wrong" in note.message and "not enriched" in note.message
    assert result.report()["summary"]["mismatched"] == 1


def test_datacite_doi_is_enriched_through_content_negotiation(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_data("Not found", status=404)
    server.expect_request(f"{RESOLVER}/{DOI}").respond_with_json(
        {
            "type": "dataset",
            "title": "Vitamin D supplementation and fracture risk in older adults",
            "publisher": "Zenodo",
            "issued": {"date-parts": [[2020, 3]]},
        }
    )
    result = _enrich(settings, tmp_path / "c.sqlite")
    [record] = result.records
    assert record.publisher == "Zenodo"
    assert record.custom.provenance["publisher"] == "doi.org"
    assert record.type == "article-journal"  # parsed wins by default
    assert result.outcomes[0].source == "doi.org"
    entry = result.report([record])["records"][0]
    assert entry["gained"] == {"publisher": "Zenodo"}


def test_metadata_is_cached_for_long(server: HTTPServer, settings: Settings, tmp_path: Path):
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(work({"title": ["T"]}))
    _enrich(settings, tmp_path / "c.sqlite")
    with open_session(tmp_path / "c.sqlite") as session:
        [response] = list(session.cache.responses.values())
    left = response.expires - datetime.now(timezone.utc)
    assert METADATA_EXPIRY - timedelta(minutes=1) < left <= METADATA_EXPIRY


def test_offline_uses_expired_entries_online_refreshes_them(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    cache = tmp_path / "c.sqlite"
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(
        work({"title": [RECORD.title], "publisher": "Old Press"})
    )
    _enrich(settings, cache)
    with open_session(cache) as session:
        for key, response in list(session.cache.responses.items()):
            session.cache.save_response(response, key, datetime.now(timezone.utc) - timedelta(1))
    server.clear_log()

    offline = _enrich(settings, cache, offline=True)
    assert offline.records[0].publisher == "Old Press" and server.log == []

    server.clear()
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(
        work({"title": [RECORD.title], "publisher": "New Press"})
    )
    online = _enrich(settings, cache)
    assert online.records[0].publisher == "New Press" and len(server.log) == 1


def test_each_distinct_doi_is_looked_up_once_and_progress_is_reported(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    for n in range(3):
        server.expect_request(f"{CROSSREF}/works/10.5555/p.{n}").respond_with_json(
            work({"title": [f"Paper {n}"]})
        )
    records = [Record(title=f"Paper {n % 3}", DOI=f"10.5555/P.{n % 3}") for n in range(6)]
    seen: list[tuple[int, int]] = []
    with open_session(tmp_path / "c.sqlite") as session:
        client = DoiClient(session, settings, sleep=Recorder())
        result = enrich_records(records, client, progress=lambda d, t: seen.append((d, t)))
    assert len(server.log) == 3
    assert seen[-1] == (3, 3) and [d for d, _ in seen] == [1, 2, 3]
    assert all(o.status == "enriched" for o in result.outcomes)
    assert result.network_requests == 3


def test_an_answer_the_mapper_cannot_use_fails_only_that_doi(
    server: HTTPServer, settings: Settings, tmp_path: Path, monkeypatch
):
    from citekit.enrich import enricher

    def broken(message):
        raise TypeError("unforeseen shape")

    monkeypatch.setitem(enricher.MAPPERS, "crossref", broken)
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(work({"title": ["T"]}))
    result = _enrich(settings, tmp_path / "c.sqlite")
    assert result.records == [RECORD]
    assert result.outcomes[0].status == "failed"
    assert "crossref answer unusable (TypeError)" in result.diagnostics[0].message


def test_a_record_found_in_several_places_is_reported_at_the_first(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(
        work({"type": "journal-article", "title": ["Deep learning for galaxy morphology"]})
    )
    places = [{"file": "a.md", "line": 12}, {"file": "b.md", "line": 40}]
    found = RECORD.model_copy(update={"custom": Custom(found_on=places)})
    [note] = _enrich(settings, tmp_path / "c.sqlite", records=[found]).diagnostics
    assert (note.origin, note.line) == ("a.md", 12)


def test_report_entries_carry_the_identity_their_outcome_is_joined_on(
    server: HTTPServer, settings: Settings, tmp_path: Path
):
    server.expect_request(f"{CROSSREF}/works/{DOI}").respond_with_json(
        work({"title": [RECORD.title], "publisher": "Example Press"})
    )
    other = Record(title="A study without a DOI", author=[Name(family="Li")])
    result = _enrich(settings, tmp_path / "c.sqlite", records=(RECORD, other))
    keyed = assign_keys(result.records)
    entries = result.report(keyed)["records"]
    assert [(e["id"], e["identity"]) for e in entries] == [
        (keyed[0].id, f"doi:{DOI}"),
        (keyed[1].id, other.identity),
    ]
    # The outcomes belong to works, not to list positions: records in another order are refused.
    with pytest.raises(ValueError, match="is not the record enriched there"):
        result.report(list(reversed(keyed)))
