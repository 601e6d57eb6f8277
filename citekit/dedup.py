"""The dedup stage: a work found in several places (pages, files, twice on one page) is one record.

Two records are the same work when they have

- the same DOI, case ignored (DOI Handbook §2: DOIs are case-insensitive; one whose suffix
  has no digit, ``10.1016/j``, is a DOI cut short and links nothing), or
- the same PMID, or
- the same normalised title (case and accents folded, punctuation and spaces squashed), years
  at most one apart (an Epub year beside the print year) and an author family name in common.
  A record without a year or without authors never matches on its title alone, and neither
  do two records whose DOIs (or PMIDs) are both given and differ: those are two works with
  one title (a conference abstract and its article, say).

Matches chain: when A and B share a DOI and B and C a PMID, A, B and C are one work. Records
are linked through dictionary indexes (union-find), never compared pair by pair, so a large
export stays fast.

The earliest record of a group (input order) is the base and keeps its place and values;
every field it lacks is taken from the others in input order. Where-found is the union of all
places, PDF links the union of all links, and the work is a reference (``reference_of``) only
if every record of it is one: a study cited as the subject on one page and in a reference
list on another is a study. Each merge is reported once, naming every other place and any
value the base kept over a different one.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

from citekit.errors import Diagnostic
from citekit.normalize import fold_ascii, without_markup
from citekit.record import Custom, FoundOn, Record

# Record fields a merge fills from the other records when the base lacks them. The id is
# the citation key (the first one an input gave is kept); the type always has a value;
# custom is merged apart.
FILLED = tuple(name for name in Record.model_fields if name not in ("id", "type", "custom"))
CUSTOM_FILLED = ("pii", "document_type")

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_DIGIT = re.compile(r"\d")


# Family names repeat across thousands of records (and each record is folded for every rule).
@functools.lru_cache(maxsize=1 << 16)
def fold_key(text: str) -> str:
    """``text`` as the title and name index compare it: ASCII, lower case, letters and digits."""
    return _NOT_ALNUM.sub("", fold_ascii(text.casefold()).lower())


def doi_of(record: Record) -> str | None:
    """The DOI in the form two DOIs are compared: :attr:`Record.work_doi` (a DOI cut short
    where the page broke it, ``10.1016/j``, names a publisher, not a work, and links nothing)."""
    return record.work_doi


def pmid_of(record: Record) -> str | None:
    """The PMID as compared: digits only, so ``PMID: 123`` and ``123`` agree."""
    return record.work_pmid


def families(record: Record) -> set[str]:
    """The authors' folded family names (an organisation's whole name stands for one)."""
    names = (fold_key(name.family or name.literal or "") for name in record.author)
    return {name for name in names if name}


class _UnionFind:
    """Groups of record indexes; every group's root is its lowest index, i.e. its base."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, index: int) -> int:
        parent = self.parent
        while parent[index] != index:
            parent[index] = parent[parent[index]]  # path halving keeps the trees flat
            index = parent[index]
        return index

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def merge_duplicates(records: Iterable[Record]) -> tuple[list[Record], list[Diagnostic]]:
    """Merge the records that are the same work; return the records left and one note per merge.

    Records keep their order; a merged record stands where its earliest record stood.
    """
    records = list(records)
    groups = _link(records)
    members: dict[int, list[int]] = {}
    for index in range(len(records)):
        members.setdefault(groups.find(index), []).append(index)
    out: list[Record] = []
    diagnostics: list[Diagnostic] = []
    for indexes in members.values():
        if len(indexes) == 1:
            out.append(records[indexes[0]])
            continue
        group = [records[i] for i in indexes]
        out.append(merge_group(group))
        diagnostics.append(_report(group, indexes))
    return out, diagnostics


def _link(records: Sequence[Record]) -> _UnionFind:
    """Union every pair of records that are the same work, through one index per rule."""
    groups = _UnionFind(len(records))
    ids = [(doi_of(record), pmid_of(record)) for record in records]
    # The identifiers of each group so far (at its root): a title match must agree with the
    # whole group, or A~B and B~C by title would join two works with different DOIs.
    held: dict[int, tuple[str | None, str | None]] = dict(enumerate(ids))
    first: dict[Hashable, int] = {}
    by_title: dict[tuple[str, str, int], list[int]] = {}

    def join(a: int, b: int) -> None:
        ra, rb = groups.find(a), groups.find(b)
        if ra != rb:
            merged = tuple(x or y for x, y in zip(held[ra], held[rb], strict=True))
            groups.union(ra, rb)
            held[groups.find(ra)] = merged  # type: ignore[assignment]

    for index, record in enumerate(records):
        for kind, key in zip(("doi", "pmid"), ids[index], strict=True):
            if key is not None:
                join(index, first.setdefault((kind, key), index))
        title, year = fold_key(without_markup(record.title or "")), record.year
        if not (title and year):
            continue
        for family in families(record):
            for near in (year - 1, year, year + 1):
                for other in by_title.get((title, family, near), ()):
                    if _ids_agree(held[groups.find(index)], held[groups.find(other)]):
                        join(index, other)
            by_title.setdefault((title, family, year), []).append(index)
    return groups


def _ids_agree(a: tuple[str | None, ...], b: tuple[str | None, ...]) -> bool:
    """False when both records give a DOI, or both a PMID, and the two differ."""
    return all(not (ka and kb and ka != kb) for ka, kb in zip(a, b, strict=True))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def merge_group(group: Sequence[Record]) -> Record:
    """One record from records of one work: the first one, its gaps filled from the others."""
    base, others = group[0], group[1:]
    update: dict[str, Any] = {}
    for name in FILLED:
        if _empty(getattr(base, name)):
            value = next((v for o in others if not _empty(v := getattr(o, name))), None)
            if value is not None:
                update[name] = value
    update["custom"] = _merge_custom([record.custom for record in group])
    if not base.id:
        # A work pasted on a page and also in the user's .bib keeps the .bib's key.
        update["id"] = next((record.id for record in others if record.id), base.id)
    return base.model_copy(update=update)


def _merge_custom(customs: Sequence[Custom]) -> Custom:
    base = customs[0]
    update: dict[str, Any] = {
        "found_on": list(dict.fromkeys(place for c in customs for place in c.found_on)),
        "pdf": list(dict.fromkeys(link for c in customs for link in c.pdf)),
        # Earlier records win, so the base's provenance stands for the values it kept and a
        # filled value keeps the provenance it came with.
        "provenance": {k: v for c in reversed(customs) for k, v in c.provenance.items()},
    }
    for name in CUSTOM_FILLED:
        if _empty(getattr(base, name)):
            update[name] = next((getattr(c, name) for c in customs if getattr(c, name)), None)
    if any(not c.reference_of for c in customs):
        update["reference_of"] = []  # a study somewhere is a study
    else:  # a reference in several lists names every study that cites it
        update["reference_of"] = list(dict.fromkeys(s for c in customs for s in c.reference_of))
    return base.model_copy(update=update)


# -- the report ---------------------------------------------------------------------------


def _first_author(record: Record) -> str | None:
    first = record.author[0] if record.author else None
    return (first.family or first.literal) if first else None


def _first_author_key(record: Record) -> str | None:
    return fold_key(_first_author(record) or "") or None


def _title_key(record: Record) -> str | None:
    return fold_key(without_markup(record.title or "")) or None


# Values whose difference means one of the records was parsed wrong, or they are not one
# work after all: (how they are compared, how they are shown). A differing abstract or
# journal spelling is expected and not named.
COMPARED: dict[str, tuple[Callable[[Record], Any], Callable[[Record], Any]]] = {
    "title": (_title_key, lambda r: r.title),
    "year": (lambda r: r.year, lambda r: r.year),
    "volume": (lambda r: r.volume, lambda r: r.volume),
    "issue": (lambda r: r.issue, lambda r: r.issue),
    "page": (lambda r: r.page, lambda r: r.page),
    "first author": (_first_author_key, _first_author),
    "DOI": (doi_of, lambda r: r.DOI),
    "PMID": (pmid_of, lambda r: r.PMID),
}


def _report(group: Sequence[Record], indexes: Sequence[int]) -> Diagnostic:
    """``a.md:12: note: same work as b.md:40 (doi 10.1/x); written once``, with conflicts."""
    here = group[0].custom.first_place
    origin, line = _where(here, indexes[0])
    message = f"same work as {', '.join(_others(group, indexes, here))} ({_why(group)})"
    message += "; written once"
    conflicts = _conflicts(group, indexes, here)
    if conflicts:
        message += "; kept " + "; ".join(conflicts)
    if conflicts:
        return Diagnostic(origin, line, message, "warning", "merged-conflict")
    return Diagnostic(origin, line, message, "note", "merged")


def _others(group: Sequence[Record], indexes: Sequence[int], here: FoundOn | None) -> list[str]:
    """Every place of the group but ``here``; a record that adds no place is named itself."""
    seen, named = {here}, []
    for position, (record, index) in enumerate(zip(group, indexes, strict=True)):
        new = [place for place in record.custom.found_on if place not in seen]
        if not new and position:
            named.append(_name(record, index, here))
        seen.update(new)
        named += [_place(place) for place in new]
    return list(dict.fromkeys(named))


def _name(record: Record, index: int, here: FoundOn | None) -> str:
    """The first place of ``record`` that is not ``here``, else its number and id.

    A CSL-JSON item says nothing of the file it was read from, and a copy of a page's record
    carries that page's place.
    """
    place = next((p for p in record.custom.found_on if p != here), None)
    if place:
        return _place(place)
    return f'record {index + 1} ("{record.id}")' if record.id else f"record {index + 1}"


def _where(place: FoundOn | None, index: int) -> tuple[str, int | None]:
    if place and place.file:
        return place.file, place.line
    return f"<record {index + 1}>", None


def _place(place: FoundOn) -> str:
    where = place.file or place.page_title or place.slug or "?"
    return f"{where}:{place.line}" if place.line is not None else where


def _why(group: Sequence[Record]) -> str:
    """What links the group: the identifiers two or more records share, else the title."""
    reasons, linked = [], set()
    for label, (key, show) in (("doi", COMPARED["DOI"]), ("pmid", COMPARED["PMID"])):
        keys = [key(record) for record in group]
        for shared, count in Counter(k for k in keys if k).items():
            if count > 1:
                reasons.append(f"{label} {show(group[keys.index(shared)])}")
                linked.update(i for i, k in enumerate(keys) if k == shared)
    if len(linked) < len(group):
        reasons.append("same title, year and author")
    return ", ".join(reasons)


def _conflicts(group: Sequence[Record], indexes: Sequence[int], here: FoundOn | None) -> list[str]:
    """``year 2012 over 2013 (b.md:40)`` for every compared value the base kept."""
    base = group[0]
    out = []
    for record, index in zip(group[1:], indexes[1:], strict=True):
        where = _name(record, index, here)
        for label, (key, show) in COMPARED.items():
            mine, theirs = key(base), key(record)
            if mine is not None and theirs is not None and mine != theirs:
                out.append(f"{label} {_short(show(base))} over {_short(show(record))} ({where})")
    return out


def _short(value: object, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
