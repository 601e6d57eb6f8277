"""Enrichment as a pipeline stage: look every DOI up once, merge, report.

Each distinct DOI is looked up once however many records cite it. The cache answers first, in
this thread, so a warm run costs no thread hand-offs; what the cache cannot answer goes to a
small pool of workers no wider than the pool's concurrency limit. A DOI that fails is reported
once and its records are passed on exactly as parsed.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from citekit.enrich import crossref
from citekit.enrich.cache import open_session
from citekit.enrich.client import SOURCE_CROSSREF, Answer, DoiClient, Settings
from citekit.enrich.merge import (
    ALIASES,
    CONFLICT_FIELDS,
    PARSED,
    PREFER_CHOICES,
    TITLE_MATCH,
    merge,
    title_score,
)
from citekit.errors import Diagnostic
from citekit.normalize import doi_key
from citekit.record import Record

# Outcome statuses, as the report spells them.
ENRICHED, MISMATCH, FAILED, NO_DOI = "enriched", "mismatch", "failed", "no-doi"
MAPPERS: dict[str, Callable[[dict[str, Any]], crossref.Found]] = {
    SOURCE_CROSSREF: crossref.from_crossref,
    "doi.org": crossref.from_csl,
}

Progress = Callable[[int, int], None]


@dataclass
class Outcome:
    """What enrichment did to one record."""

    origin: str
    doi: str | None
    status: str
    source: str | None = None
    gained: dict[str, Any] = field(default_factory=dict)
    replaced: dict[str, dict[str, Any]] = field(default_factory=dict)
    conflicts: list[dict[str, str]] = field(default_factory=list)
    problem: str | None = None
    # The enriched record's `Record.identity`: what the outcome belongs to, whatever
    # citation key the record is given afterwards.
    identity: str = ""


@dataclass
class Enrichment:
    """The enriched records (input order), one outcome each, and what was reported."""

    records: list[Record]
    outcomes: list[Outcome]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    prefer: str = PARSED
    offline: bool = False
    network_requests: int = 0
    cache: str | None = None

    def report(self, records: Sequence[Record] | None = None) -> dict[str, Any]:
        """The ``--report`` JSON: per record what it gained and what conflicted, and the DOIs
        that failed. ``records`` are the same records after keying, to name them by key;
        each must be the work its outcome is about (:attr:`Record.identity`)."""
        keyed = list(records) if records is not None else self.records
        entries = []
        failed: dict[str, dict[str, Any]] = {}
        for index, (record, outcome) in enumerate(zip(keyed, self.outcomes, strict=True)):
            if record.identity != outcome.identity:
                raise ValueError(
                    f"record {index + 1} ({record.identity}) is not the record enriched there "
                    f"({outcome.identity}): pass the enriched records, in their order"
                )
            entry: dict[str, Any] = {"id": record.id, "identity": outcome.identity}
            entry["origin"] = outcome.origin
            entry.update({"doi": outcome.doi, "status": outcome.status})
            if outcome.source:
                entry["source"] = outcome.source
            for name in ("gained", "replaced", "conflicts", "problem"):
                value = getattr(outcome, name)
                if value:
                    entry[name] = value
            entries.append(entry)
            if outcome.status == FAILED and outcome.doi:
                item = failed.setdefault(
                    doi_key(outcome.doi),
                    {"doi": outcome.doi, "problem": outcome.problem, "records": []},
                )
                item["records"].append(record.id or outcome.origin)
        count = {s: sum(o.status == s for o in self.outcomes) for s in (ENRICHED, MISMATCH)}
        return {
            "prefer": self.prefer,
            "offline": self.offline,
            "cache": self.cache,
            "summary": {
                "records": len(self.outcomes),
                "with_doi": sum(o.doi is not None for o in self.outcomes),
                "enriched": count[ENRICHED],
                "mismatched": count[MISMATCH],
                "failed_dois": len(failed),
                "conflicts": sum(len(o.conflicts) for o in self.outcomes),
                "fields_gained": sum(len(o.gained) for o in self.outcomes),
                "network_requests": self.network_requests,
            },
            "records": entries,
            "failed_dois": list(failed.values()),
        }


def _origin(record: Record, index: int) -> tuple[str, int | None]:
    found = record.custom.first_place
    if found and found.file:
        return found.file, found.line
    return f"<record {index + 1}>", None


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def lookup_all(
    client: DoiClient, dois: Sequence[str], *, offline: bool, progress: Progress | None = None
) -> dict[str, Answer]:
    """Answers for every DOI (keyed by :func:`doi_key`): from the cache, then the network."""
    answers: dict[str, Answer] = {}
    missing: list[str] = []
    total = len(dois)

    def done(doi: str, answer: Answer) -> None:
        answers[doi_key(doi)] = answer
        if progress:
            progress(len(answers), total)

    for doi in dois:
        answer = client.lookup(doi, cache_only=True, stale_ok=offline)
        if answer is not None:
            done(doi, answer)
        elif offline:
            done(doi, Answer(doi, problem="not in the cache (offline)"))
        else:
            missing.append(doi)
    if missing:
        workers = min(client.settings.pool.concurrency, len(missing))
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="citekit-doi") as pool:
            futures = {pool.submit(client.lookup, doi): doi for doi in missing}
            for future in as_completed(futures):
                doi = futures[future]
                done(doi, future.result() or Answer(doi, problem="no answer"))
    return answers


def enrich_records(
    records: Sequence[Record],
    client: DoiClient,
    *,
    prefer: str = PARSED,
    offline: bool = False,
    progress: Progress | None = None,
) -> Enrichment:
    """Complete ``records`` from their DOIs' metadata, reporting conflicts and failures."""
    if prefer not in PREFER_CHOICES:
        raise ValueError(f"prefer must be one of {', '.join(PREFER_CHOICES)}, not {prefer!r}")
    dois = [r.DOI for r in records]  # already bare and clean: the record model sees to it
    cited = Counter(doi_key(d) for d in dois if d)
    distinct = list({doi_key(d): d for d in dois if d}.values())
    answers = lookup_all(client, distinct, offline=offline, progress=progress)

    out: list[Record] = []
    outcomes: list[Outcome] = []
    diagnostics: list[Diagnostic] = []
    reported: set[str] = set()
    down = client.unreachable
    for index, (record, doi) in enumerate(zip(records, dois, strict=True)):
        origin, line = _origin(record, index)
        where = origin if line is None else f"{origin}:{line}"
        if doi is None:
            out.append(record)
            outcomes.append(Outcome(where, None, NO_DOI, identity=record.identity))
            continue
        answer = answers[doi_key(doi)]
        outcome, merged, notes = _enrich_one(record, doi, answer, prefer, where)
        # A failed DOI is one problem however many records cite it.
        if outcome.status == FAILED:
            if doi_key(doi) in reported:
                notes = []
            elif cited[doi_key(doi)] > 1:
                code, note = notes[0]
                notes = [(code, f"{note} ({cited[doi_key(doi)]} records cite it)")]
            reported.add(doi_key(doi))
        if outcome.status == FAILED and _network_gone(outcome.problem, down):
            notes = []  # said once for all of them below
        diagnostics += [Diagnostic(origin, line, note, "warning", code) for code, note in notes]
        out.append(merged)
        outcomes.append(replace(outcome, identity=merged.identity))
    diagnostics += _unreachable(client, down, outcomes)
    return Enrichment(
        out,
        outcomes,
        diagnostics,
        prefer=prefer,
        offline=offline,
        network_requests=client.requests_sent,
    )


def _network_gone(problem: str | None, down: dict[str, str]) -> bool:
    """Whether a look-up failed because its host could not be reached at all."""
    return bool(problem and down) and (
        "not asked:" in problem or any(problem.endswith(why) for why in down.values())
    )


def _unreachable(
    client: DoiClient, down: dict[str, str], outcomes: Sequence[Outcome]
) -> list[Diagnostic]:
    """One message for a network that is not there, instead of one per DOI."""
    lost = {o.doi for o in outcomes if o.status == FAILED and _network_gone(o.problem, down)}
    if not lost:
        return []
    names = {
        urlsplit(client.settings.crossref_url).netloc: "Crossref",
        urlsplit(client.settings.doi_url).netloc: "doi.org",
    }
    hosts = ", ".join(f"{names.get(host, host)} ({why})" for host, why in down.items())
    count = f"{len(lost)} DOI{'s' if len(lost) != 1 else ''}"
    message = (
        f"enrich: cannot reach {hosts}; {count} not looked up, exported as parsed; "
        "run with --offline to use the cache only"
    )
    return [Diagnostic("enrich", None, message, "warning", "no-network")]


def _enrich_one(
    record: Record, doi: str, answer: Answer, prefer: str, where: str
) -> tuple[Outcome, Record, list[tuple[str, str]]]:
    """The record merged with its DOI's answer, its outcome, and (code, message) notes."""
    if answer.problem or answer.source is None or answer.data is None:
        problem = answer.problem or "no answer"
        note = ("enrich-failed", f"DOI {doi}: not enriched: {problem}")
        return Outcome(where, doi, FAILED, problem=problem), record, [note]
    source = answer.source
    try:
        found = MAPPERS[source](answer.data)
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        # An answer shaped in a way the mapper's checks did not foresee (ValidationError is a
        # ValueError): one odd DOI must not end a run of a thousand, so its records stay parsed.
        problem = f"{source} answer unusable ({type(error).__name__})"
        note = ("enrich-failed", f"DOI {doi}: not enriched: {problem}")
        return Outcome(where, doi, FAILED, source, problem=problem), record, [note]
    if record.title and found.titles:
        score = title_score(record.title, found.titles)
        if score < TITLE_MATCH:
            problem = (
                f"DOI {doi} is probably wrong: {source}'s title "
                f'"{_short(found.titles[0])}" does not match the parsed title '
                f"(similarity {score:.2f}); not enriched"
            )
            outcome = Outcome(where, doi, MISMATCH, source, problem=problem)
            return outcome, record, [("doi-mismatch", problem)]
    merged = merge(record, found, source=source, prefer=prefer)
    notes = [
        (
            "enrich-conflict",
            f'DOI {doi}: {source} disagrees on {c.field}: parsed "{_short(c.parsed)}", '
            f'{source} "{_short(c.found)}"; kept {c.kept}',
        )
        for c in merged.conflicts
    ]
    # Parsed values given up for the source's (--prefer crossref) are announced, not dropped
    # silently; the checked fields among them were just announced as conflicts.
    announced = {ALIASES[CONFLICT_FIELDS[c.field]] for c in merged.conflicts}
    others = [alias for alias in merged.replaced if alias not in announced]
    if others:
        message = f"DOI {doi}: parsed {', '.join(others)} replaced by {source}'s"
        notes.append(("enrich-replaced", message))
    outcome = Outcome(
        where,
        doi,
        ENRICHED,
        source,
        gained=merged.gained,
        replaced=merged.replaced,
        conflicts=[c.as_dict(source) for c in merged.conflicts],
    )
    return outcome, merged.record, notes


class Enricher:
    """The enrich stage for :func:`citekit.pipeline.export`: opens the cache, looks up, merges."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        prefer: str = PARSED,
        offline: bool = False,
        cache: str | Path | None = None,
        progress: Progress | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if prefer not in PREFER_CHOICES:
            raise ValueError(f"prefer must be one of {', '.join(PREFER_CHOICES)}, not {prefer!r}")
        self.settings = settings or Settings.from_env(os.environ)
        self.prefer, self.offline, self.cache = prefer, offline, cache
        self.progress, self.sleep = progress, sleep

    def __call__(self, records: Sequence[Record]) -> Enrichment:
        """Enrich ``records`` through a session on the cache, closed again afterwards."""
        with open_session(self.cache) as session:
            client = DoiClient(session, self.settings, sleep=self.sleep)
            result = enrich_records(
                records, client, prefer=self.prefer, offline=self.offline, progress=self.progress
            )
            result.cache = str(session.cache.db_path)  # type: ignore[attr-defined]
            return result
