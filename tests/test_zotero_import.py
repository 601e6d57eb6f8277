"""What a Zotero user sees after importing citekit's exports: every field citekit writes, for
the seeds, the fixtures and the test corpus, checked against Zotero's own importers' tables
(``tests/zotero_tables.py``) for whether it lands in a field Zotero keeps.

A field "lands" when Zotero's import puts it in a field the item type has, or among the
item's creators, tags, attachments or Extra (whose ``Key: value`` lines Zotero turns back
into fields); a value Zotero can only keep as a note saying it has no field for it does not.
The issue's measure: Zotero reads back at least 99.5 % of the fields of each format.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import pytest

from citekit import Record
from citekit.writers import biblatex, bibtex, csljson, ris
from tests.export_fixtures import record_sets
from tests.zotero_tables import (
    BIBTEX_TYPES,
    CSL_FIELDS,
    CSL_TO_ZOTERO,
    RIS_TYPES,
    bibtex_lands,
    has_field,
    ris_lands,
)

RECORDS = [record for records in record_sets().values() for record in records]
MEASURE = 0.995

# Fields that restate another one the same entry holds, for the readers that need it that
# way; Zotero has what they say from the other field: langid (the language, for babel and
# pandoc's case rules), entrysubtype (the magazine or newspaper of an @article), key (the
# title, for plain.bst's sorting of entries without names), eprinttype (eprint's kind).
RESTATED = {
    "bibtex": {"langid", "entrysubtype", "key"},
    "biblatex": {"langid", "entrysubtype", "eprinttype"},
}
# What Zotero's BibTeX import (BibTeX.js as read for tests/zotero_tables.py) has no case for,
# on the item types it makes, though citekit writes it for BibTeX's other readers; the share
# is measured besides these, and they are printed with the figures:
# - library: biblatex's database and accession number, which pandoc reads as call-number;
# - pagetotal: pandoc's number-of-pages; Zotero's numPages is a field of books and theses;
# - @article: a magazine's or newspaper's, told by `entrysubtype`, which BibTeX.js ignores;
# - addendum: biblatex's place for the PMCID (its data model has no pmcid field);
# - yeardivision: biblatex's season, which BibTeX.js ignores (the year is in `date`).
NOT_IN_ZOTEROS_BIBTEX = {
    "bibtex": {"library", "pagetotal", "@article"},
    "biblatex": {"library", "@article", "addendum", "yeardivision"},
}


@dataclass
class Tally:
    written: int = 0
    unread: Counter[str] = field(default_factory=Counter)

    def add(self, name: str, lands: bool) -> None:
        self.written += 1
        if not lands:
            self.unread[name] += 1

    @property
    def read(self) -> int:
        return self.written - sum(self.unread.values())

    def share(self, *, leaving_out: set[str] = frozenset()) -> float:
        left = sum(n for name, n in self.unread.items() if name in leaving_out)
        written = self.written - left
        return (written - (sum(self.unread.values()) - left)) / written


def _extra_keys(note: str) -> set[str]:
    """The keys of the ``Key: value`` lines Zotero reads from the top of Extra."""
    keys = set()
    for line in note.split("\n"):
        key, colon, value = line.partition(":")
        if not colon or not value.strip() or " " in key.strip():
            break
        keys.add(key.strip().casefold())
    return keys


def csl_tally() -> Tally:
    tally = Tally()
    for record in RECORDS:
        item = csljson.item(record)
        zotero = CSL_TO_ZOTERO.get(record.type, "document")
        extra = _extra_keys(item.get("note", ""))
        tally.add("type", record.type in CSL_TO_ZOTERO)
        for key in item:
            if key in ("id", "type", "custom"):
                continue  # the citation key, counted above, and citekit's own bookkeeping
            homes = CSL_FIELDS.get(key, ())
            lands = any(has_field(zotero, home) for home in homes) or key.casefold() in extra
            tally.add(key, lands)
    return tally


def ris_tally() -> Tally:
    tally = Tally()
    for record in RECORDS:
        pairs = ris.tags(record)
        ty = pairs[0][1]
        zotero = RIS_TYPES.get(ty, "journalArticle")
        tally.add("TY", zotero == CSL_TO_ZOTERO.get(record.type))
        for tag, _ in pairs[1:-1]:
            if tag != "ID":  # the citation key, which Zotero ignores
                tally.add(tag, ris_lands(zotero, tag))
    return tally


def tex_tally(module: object, name: str) -> Tally:
    tally = Tally()
    for record in RECORDS:
        kind = module.entry_type(record)  # type: ignore[attr-defined]
        zotero = BIBTEX_TYPES.get(kind)
        tally.add(f"@{kind}", zotero == CSL_TO_ZOTERO.get(record.type, "document"))
        for key, value in module.fields(record):  # type: ignore[attr-defined]
            if key in RESTATED[name]:
                continue
            # An entry type Zotero lacks is discarded whole.
            tally.add(key, bool(zotero) and bibtex_lands(zotero, key, value))
    return tally


TALLIES = {
    "csl-json": csl_tally,
    "ris": ris_tally,
    "bibtex": lambda: tex_tally(bibtex, "bibtex"),
    "biblatex": lambda: tex_tally(biblatex, "biblatex"),
}


@pytest.mark.parametrize("fmt", sorted(TALLIES))
def test_zotero_reads_back_what_citekit_writes(fmt: str) -> None:
    tally = TALLIES[fmt]()
    leaving_out = NOT_IN_ZOTEROS_BIBTEX.get(fmt, set())
    share = tally.share(leaving_out=leaving_out)
    unread = ", ".join(f"{name} {n}" for name, n in tally.unread.most_common())
    print(
        f"{fmt}: Zotero reads {tally.read} of {tally.written} fields written "
        f"({tally.read / tally.written:.2%}; {share:.2%} besides {sorted(leaving_out)}); "
        f"not read: {unread or 'none'}"
    )
    assert share >= MEASURE, f"{fmt}: Zotero reads back {share:.2%}; not read: {unread}"


def test_the_table_test_can_fail() -> None:
    """A record whose fields have no Zotero home counts against the share."""
    lost = Record.from_csl({"id": "k", "type": "thesis", "title": "T", "volume": "3"})
    pairs = ris.tags(lost)
    assert ("VL", "3") in pairs and not ris_lands(RIS_TYPES[pairs[0][1]], "VL")
