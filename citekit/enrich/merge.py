"""The merge policy: parsed values stay, the source fills gaps, disagreements are reported.

With ``prefer="crossref"`` the source's value wins wherever it has one. Either way every field
of the result records where its value came from (``custom.provenance``), and a disagreement on
what a citation is checked by — title, year, volume, issue, pages, first author — is a
:class:`Conflict`. A title that does not match at all is not a disagreement but a sign that
the DOI belongs to another work: :func:`title_score` lets the caller refuse the merge.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from citekit.enrich.crossref import Found
from citekit.normalize import expand_pages
from citekit.record import Date, Name, Record

PARSED = "parsed"
PREFER_CHOICES = ("parsed", "crossref")
# Checked field → the record attribute that holds it.
CONFLICT_FIELDS = {
    "title": "title",
    "year": "issued",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "first author": "author",
}
# Below this title similarity (0–1) the source describes another work.
TITLE_MATCH = 0.5
# What merging never touches: the key is assigned later, `custom` is citekit's own.
_FIXED = frozenset({"id", "custom"})
_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on"}
    | {"or", "the", "to", "with", "without"}
)
_NON_WORD = re.compile(r"[\W_]+")
_SUBTITLE_BREAK = re.compile(r"[:.?!]\s|\s[-–—]\s")


@dataclass(frozen=True)
class Conflict:
    """One checked field on which the parsed text and the source disagree."""

    field: str
    parsed: str
    found: str
    kept: str

    def as_dict(self, source: str) -> dict[str, str]:
        """The report's form: the source is named, e.g. ``{"crossref": …}``."""
        return {"field": self.field, "parsed": self.parsed, source: self.found, "kept": self.kept}


@dataclass(frozen=True)
class Merged:
    """A merged record and what happened on the way."""

    record: Record
    gained: dict[str, Any]
    replaced: dict[str, dict[str, Any]]
    conflicts: list[Conflict]


# --------------------------------------------------------------------------------------
# Comparing


def normal_text(text: str) -> str:
    """Accents, case, punctuation and spacing folded away: what two titles are compared in."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", text.casefold()).split())


def _words(text: str) -> set[str]:
    return {w for w in text.split() if len(w) > 1 and w not in _STOPWORDS}


def _main_titles(title: str) -> list[str]:
    """The title cut at each subtitle break: ``A: B. C`` → ``A``, ``A: B``."""
    return [title[: m.start()] for m in _SUBTITLE_BREAK.finditer(title)]


def titles_agree(parsed: str, found: str) -> bool:
    """Same title, or one is the other without its subtitle."""
    a, b = normal_text(parsed), normal_text(found)
    if a == b:
        return True
    shorter, longer = (parsed, found) if len(a) < len(b) else (found, parsed)
    short = normal_text(shorter)
    return any(normal_text(main) == short for main in _main_titles(longer))


def title_score(parsed: str, candidates: Iterable[str]) -> float:
    """How alike the parsed title is to the best of the source's titles, from 0 to 1."""
    a = normal_text(parsed)
    best = 0.0
    for candidate in candidates:
        if titles_agree(parsed, candidate):
            return 1.0
        b = normal_text(candidate)
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        wa, wb = _words(a), _words(b)
        dice = 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0
        best = max(best, ratio, dice)
    return best


def _pages_agree(parsed: str, candidates: Iterable[str]) -> bool:
    mine = (expand_pages(parsed) or parsed).casefold()
    for candidate in candidates:
        theirs = (expand_pages(candidate) or candidate).casefold()
        # A first page alone (EBSCO's "p869") agrees with the range that starts there.
        if mine == theirs or mine.split("-")[0] == theirs.split("-")[0]:
            return True
    return False


def _family(name: Name) -> str:
    parts = (name.non_dropping_particle, name.family)
    return normal_text(name.literal or " ".join(p for p in parts if p))


def conflicts(record: Record, found: Found, *, kept: dict[str, str]) -> list[Conflict]:
    """The checked fields on which ``record`` and ``found`` disagree (both must have a value)."""
    out: list[Conflict] = []
    theirs = found.fields

    def add(name: str, parsed: str, other: str) -> None:
        out.append(Conflict(name, parsed, other, kept.get(CONFLICT_FIELDS[name], PARSED)))

    titles = found.titles
    if record.title and titles and not any(titles_agree(record.title, t) for t in titles):
        add("title", record.title, theirs.get("title") or titles[0])
    if record.year is not None and found.years and record.year not in found.years:
        issued = theirs.get("issued")
        add("year", str(record.year), str(issued.year if issued else min(found.years)))
    for name in ("volume", "issue"):
        mine, other = getattr(record, name), theirs.get(name)
        if mine and other and normal_text(mine) != normal_text(other):
            add(name, mine, other)
    if record.page and found.pages and not _pages_agree(record.page, found.pages):
        add("page", record.page, found.pages[0])
    if record.author and theirs.get("author"):
        first, other = record.author[0], theirs["author"][0]
        if _family(first) != _family(other):
            add("first author", first.display, other.display)
    return out


# --------------------------------------------------------------------------------------
# Merging


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def csl_value(value: Any) -> Any:
    """A field value in its CSL-JSON form (names and dates as objects), for reports."""
    if isinstance(value, (Name, Date)):
        return value.csl()
    if isinstance(value, list):
        return [csl_value(v) for v in value]
    return value


def _aliases() -> dict[str, str]:
    return {
        name: info.alias or name for name, info in Record.model_fields.items() if name not in _FIXED
    }


ALIASES = _aliases()


def merge(record: Record, found: Found, *, source: str, prefer: str = PARSED) -> Merged:
    """``record`` completed from ``found`` (named ``source``): gaps filled, and with
    ``prefer="crossref"`` the looked-up values winning; every non-empty field gets a
    provenance entry."""
    if prefer not in PREFER_CHOICES:
        raise ValueError(f"prefer must be one of {', '.join(PREFER_CHOICES)}, not {prefer!r}")
    source_wins = prefer != PARSED
    updates: dict[str, Any] = {}
    gained: dict[str, Any] = {}
    replaced: dict[str, dict[str, Any]] = {}
    provenance = dict(record.custom.provenance)
    kept: dict[str, str] = {}
    for name, alias in ALIASES.items():
        mine, theirs = getattr(record, name), found.fields.get(name)
        if _empty(theirs):
            if not _empty(mine):
                provenance.setdefault(alias, PARSED)
            continue
        if _empty(mine):
            updates[name] = theirs
            gained[alias] = csl_value(theirs)
            provenance[alias] = source
        elif source_wins and mine != theirs:
            updates[name] = theirs
            replaced[alias] = {PARSED: csl_value(mine), source: csl_value(theirs)}
            provenance[alias] = source
            kept[name] = source
        else:
            provenance.setdefault(alias, PARSED)
    custom = record.custom.model_copy(update={"provenance": provenance})
    # Validated, not model_copy(update=…): the source's values (its DOI, its dates) must hold
    # the record model's invariants like every parsed value does.
    merged = Record.model_validate({**dict(record), **updates, "custom": custom})
    return Merged(merged, gained, replaced, conflicts(record, found, kept=kept))
