"""The record model: one CSL-JSON item, and the names and dates inside it.

Field names follow CSL-JSON 1.0.2. Python attribute names are the CSL keys with hyphens
turned into underscores; ``model_dump(by_alias=True)`` gives the CSL keys back exactly.
What CSL has no variable for (the wiki page a study was cited on, a PDF link, a pii) lives
in :class:`Custom`, under the schema's own ``custom`` key, so CSL-JSON carries it unchanged
and the BibTeX/RIS writers can map what their format has room for.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The item types of CSL 1.0.2 (csl-data.json schema); Zotero refuses a file with any other.
CslType = Literal[
    "article",
    "article-journal",
    "article-magazine",
    "article-newspaper",
    "bill",
    "book",
    "broadcast",
    "chapter",
    "classic",
    "collection",
    "dataset",
    "document",
    "entry",
    "entry-dictionary",
    "entry-encyclopedia",
    "event",
    "figure",
    "graphic",
    "hearing",
    "interview",
    "legal_case",
    "legislation",
    "manuscript",
    "map",
    "motion_picture",
    "musical_score",
    "pamphlet",
    "paper-conference",
    "patent",
    "performance",
    "periodical",
    "personal_communication",
    "post",
    "post-weblog",
    "regulation",
    "report",
    "review",
    "review-book",
    "software",
    "song",
    "speech",
    "standard",
    "thesis",
    "treaty",
    "webpage",
]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    def csl(self) -> dict[str, Any]:
        """The CSL-JSON form: hyphenated keys, empty values left out."""
        return _prune(self.model_dump(by_alias=True, exclude_none=True))


def _prune(value: Any) -> Any:
    """Drop empty lists and objects, which CSL readers treat as present-but-blank."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ({}, [], "")}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


class Name(_Model):
    """A CSL name: a person split into parts, or one ``literal`` for an organisation."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")
    suffix: str | None = None

    @property
    def display(self) -> str:
        """``Family, Given`` (or the literal), as BibTeX and RIS want it."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.non_dropping_particle, self.family) if p)
        given = " ".join(p for p in (self.given, self.dropping_particle) if p)
        parts = [family or ""]
        if self.suffix:
            parts.append(self.suffix)
        if given:
            parts.append(given)
        return ", ".join(parts)


class Date(_Model):
    """A CSL date: one or two ``date-parts`` (a range), optionally a season."""

    date_parts: list[list[int]] | None = Field(None, alias="date-parts")
    season: int | str | None = None
    literal: str | None = None

    @property
    def year(self) -> int | None:
        return self.date_parts[0][0] if self.date_parts and self.date_parts[0] else None

    @property
    def month(self) -> int | None:
        first = self.date_parts[0] if self.date_parts else []
        return first[1] if len(first) > 1 else None

    @property
    def day(self) -> int | None:
        first = self.date_parts[0] if self.date_parts else []
        return first[2] if len(first) > 2 else None


class FoundOn(_Model):
    """Where a reference was found: the input file and line, and the wiki page's identity."""

    file: str | None = None
    line: int | None = None
    page_title: str | None = None
    slug: str | None = None
    tiki_page_id: int | None = None
    page_date: str | None = None


class Custom(_Model):
    """What citekit knows that CSL has no variable for (CSL-JSON's ``custom`` object)."""

    # Every place the work was found, in input order: one work cited on several pages (or twice
    # on one) is one record once duplicates are merged.
    found_on: list[FoundOn] = []
    pdf: list[str] = []
    pii: str | None = None
    document_type: str | None = None
    # A reference pasted from a study's own reference list: the citing studies ("doi:…",
    # "pmid:…" or a title; several when the work is in several pages' lists), so a user can
    # keep the studies a page is about and leave out the literature they cite. Empty for a
    # study cited in its own right.
    reference_of: list[str] = []
    # field name -> where its value came from ("parsed", "crossref", ...); filled by enrichment.
    provenance: dict[str, str] = {}

    @field_validator("reference_of", mode="before")
    @classmethod
    def _one_citing_study_is_a_list(cls, value: Any) -> Any:
        """Parsers give the one study whose list holds the reference (older files: a string)."""
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @field_validator("found_on", mode="before")
    @classmethod
    def _one_place_is_a_list(cls, value: Any) -> Any:
        """Parsers and CSL-JSON files written before the list give one place (or null)."""
        if value is None:
            return []
        if isinstance(value, dict | FoundOn):
            return [value]
        return value

    @property
    def first_place(self) -> FoundOn | None:
        """Where the work was first found, for messages that name one place."""
        return self.found_on[0] if self.found_on else None


class Record(_Model):
    """One bibliographic item in CSL-JSON shape."""

    id: str = ""
    type: CslType = "article-journal"
    title: str | None = None
    author: list[Name] = []
    editor: list[Name] = []
    container_title: str | None = Field(None, alias="container-title")
    container_title_short: str | None = Field(None, alias="container-title-short")
    collection_title: str | None = Field(None, alias="collection-title")
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number_of_pages: str | None = Field(None, alias="number-of-pages")
    number: str | None = None
    edition: str | None = None
    issued: Date | None = None
    available_date: Date | None = Field(None, alias="available-date")
    DOI: str | None = None
    PMID: str | None = None
    PMCID: str | None = None
    ISSN: str | None = None
    ISBN: str | None = None
    URL: str | None = None
    abstract: str | None = None
    keyword: str | None = None
    language: str | None = None
    publisher: str | None = None
    publisher_place: str | None = Field(None, alias="publisher-place")
    genre: str | None = None
    source: str | None = None
    archive: str | None = None
    archive_location: str | None = None
    note: str | None = None
    custom: Custom = Custom()

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Record:
        """Build a record from a CSL-JSON item (hyphenated keys)."""
        return cls.model_validate(data)

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None
