"""The record model: one CSL-JSON item, and the names and dates inside it.

Every CSL 1.0.2 variable is a field: the fields are generated from the CSL-JSON schema into
:mod:`citekit._csl_fields`; this module adds what a schema cannot say. Python attribute names
are the CSL keys with hyphens turned into underscores; ``model_dump(by_alias=True)`` gives
the CSL keys back exactly. What CSL has no variable for (the wiki page a study was cited on,
a PDF link, a pii) lives in :class:`Custom`, under the schema's own ``custom`` key, so
CSL-JSON carries it unchanged and the BibTeX/RIS writers can map what their format has room
for.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from citekit._csl_fields import CSL_TYPES, CslDate, CslItem, CslName, CslType

__all__ = ["CSL_TYPES", "CslType", "Custom", "Date", "FoundOn", "Name", "Record"]


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


class Name(_Model, CslName):
    """A CSL name: a person split into parts, or one ``literal`` for an organisation."""

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


class Date(_Model, CslDate):
    """A CSL date: one or two ``date-parts`` (a range), a season, or a literal or raw text."""

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
    # A reference pasted from a study's own reference list: the citing study ("doi:…",
    # "pmid:…" or its title), so a user can keep the studies a page is about and leave
    # out the literature they cite.
    reference_of: str | None = None
    # field name -> where its value came from ("parsed", "crossref", ...); filled by enrichment.
    provenance: dict[str, str] = {}

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


class Record(_Model, CslItem[Name, Date]):
    """One bibliographic item in CSL-JSON shape."""

    # Parsers make records before the key stage gives them ids (keys.py), and most of what
    # they read are journal articles.
    id: str = ""
    type: CslType = "article-journal"
    custom: Custom = Custom()

    @classmethod
    def from_csl(cls, data: dict[str, Any]) -> Record:
        """Build a record from a CSL-JSON item (hyphenated keys)."""
        return cls.model_validate(data)

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None
