"""Every CSL 1.0.2 variable, generated from the CSL-JSON schema. Do not edit by hand.

Regenerate with ``python scripts/gen_csl_fields.py`` (it reads
``tests/schemas/csl-data.json``; the script's docstring says what it decides);
``tests/test_record_model.py`` fails when this file and the schema disagree. The
hand-written model (validators, helpers, citekit's ``custom``) is ``citekit/record.py``.
"""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, Field

# The item types (the schema's enum of `type`).
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
CSL_TYPES: tuple[str, ...] = (
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
)

# Names.
NAME_VARIABLES = (
    "author",
    "editor",
    "chair",
    "collection-editor",
    "compiler",
    "composer",
    "container-author",
    "contributor",
    "curator",
    "director",
    "editorial-director",
    "executive-producer",
    "guest",
    "host",
    "interviewer",
    "illustrator",
    "narrator",
    "organizer",
    "original-author",
    "performer",
    "producer",
    "recipient",
    "reviewed-author",
    "script-writer",
    "series-creator",
    "translator",
)
# Dates.
DATE_VARIABLES = (
    "issued",
    "available-date",
    "accessed",
    "event-date",
    "original-date",
    "submitted",
)
# A string or a number in the schema; stored as text.
STRING_OR_NUMBER_KEYS = (
    "id",
    "volume",
    "issue",
    "page",
    "number-of-pages",
    "number",
    "edition",
    "chapter-number",
    "citation-number",
    "collection-number",
    "first-reference-note-number",
    "locator",
    "number-of-volumes",
    "page-first",
    "part",
    "printing",
    "supplement",
)
# A string only.
STRING_KEYS = (
    "title",
    "container-title",
    "container-title-short",
    "collection-title",
    "DOI",
    "PMID",
    "PMCID",
    "ISSN",
    "ISBN",
    "URL",
    "abstract",
    "keyword",
    "language",
    "publisher",
    "publisher-place",
    "genre",
    "source",
    "archive",
    "archive_location",
    "note",
    "citation-key",
    "annote",
    "archive_collection",
    "archive-place",
    "authority",
    "call-number",
    "citation-label",
    "dimensions",
    "division",
    "event",
    "event-title",
    "event-place",
    "jurisdiction",
    "medium",
    "original-publisher",
    "original-publisher-place",
    "original-title",
    "part-title",
    "references",
    "reviewed-genre",
    "reviewed-title",
    "scale",
    "section",
    "status",
    "title-short",
    "version",
    "volume-title",
    "volume-title-short",
    "year-suffix",
)


class CslName(BaseModel):
    """The parts of a CSL name (the schema's ``name-variable``)."""

    family: str | None = None
    given: str | None = None
    literal: str | None = None
    dropping_particle: str | None = Field(None, alias="dropping-particle")
    non_dropping_particle: str | None = Field(None, alias="non-dropping-particle")
    suffix: str | None = None
    comma_suffix: bool | int | float | str | None = Field(None, alias="comma-suffix")
    static_ordering: bool | int | float | str | None = Field(None, alias="static-ordering")
    parse_names: bool | int | float | str | None = Field(None, alias="parse-names")


class CslDate(BaseModel):
    """The parts of a CSL date (the schema's ``date-variable``)."""

    date_parts: list[list[int]] | None = Field(None, alias="date-parts")
    season: int | None = None
    literal: str | None = None
    circa: bool | int | float | str | None = None
    raw: str | None = None


NameT = TypeVar("NameT", bound=CslName)
DateT = TypeVar("DateT", bound=CslDate)


class CslItem(BaseModel, Generic[NameT, DateT]):
    """The variables of a CSL item, with the hand-written name and date models."""

    id: str
    type: CslType
    title: str | None = None
    author: list[NameT] = []
    editor: list[NameT] = []
    container_title: str | None = Field(None, alias="container-title")
    container_title_short: str | None = Field(None, alias="container-title-short")
    collection_title: str | None = Field(None, alias="collection-title")
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    number_of_pages: str | None = Field(None, alias="number-of-pages")
    number: str | None = None
    edition: str | None = None
    issued: DateT | None = None
    available_date: DateT | None = Field(None, alias="available-date")
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
    citation_key: str | None = Field(None, alias="citation-key")
    categories: list[str] = []
    chair: list[NameT] = []
    collection_editor: list[NameT] = Field([], alias="collection-editor")
    compiler: list[NameT] = []
    composer: list[NameT] = []
    container_author: list[NameT] = Field([], alias="container-author")
    contributor: list[NameT] = []
    curator: list[NameT] = []
    director: list[NameT] = []
    editorial_director: list[NameT] = Field([], alias="editorial-director")
    executive_producer: list[NameT] = Field([], alias="executive-producer")
    guest: list[NameT] = []
    host: list[NameT] = []
    interviewer: list[NameT] = []
    illustrator: list[NameT] = []
    narrator: list[NameT] = []
    organizer: list[NameT] = []
    original_author: list[NameT] = Field([], alias="original-author")
    performer: list[NameT] = []
    producer: list[NameT] = []
    recipient: list[NameT] = []
    reviewed_author: list[NameT] = Field([], alias="reviewed-author")
    script_writer: list[NameT] = Field([], alias="script-writer")
    series_creator: list[NameT] = Field([], alias="series-creator")
    translator: list[NameT] = []
    accessed: DateT | None = None
    event_date: DateT | None = Field(None, alias="event-date")
    original_date: DateT | None = Field(None, alias="original-date")
    submitted: DateT | None = None
    annote: str | None = None
    archive_collection: str | None = None
    archive_place: str | None = Field(None, alias="archive-place")
    authority: str | None = None
    call_number: str | None = Field(None, alias="call-number")
    chapter_number: str | None = Field(None, alias="chapter-number")
    citation_number: str | None = Field(None, alias="citation-number")
    citation_label: str | None = Field(None, alias="citation-label")
    collection_number: str | None = Field(None, alias="collection-number")
    dimensions: str | None = None
    division: str | None = None
    event: str | None = None
    event_title: str | None = Field(None, alias="event-title")
    event_place: str | None = Field(None, alias="event-place")
    first_reference_note_number: str | None = Field(None, alias="first-reference-note-number")
    jurisdiction: str | None = None
    locator: str | None = None
    medium: str | None = None
    number_of_volumes: str | None = Field(None, alias="number-of-volumes")
    original_publisher: str | None = Field(None, alias="original-publisher")
    original_publisher_place: str | None = Field(None, alias="original-publisher-place")
    original_title: str | None = Field(None, alias="original-title")
    page_first: str | None = Field(None, alias="page-first")
    part: str | None = None
    part_title: str | None = Field(None, alias="part-title")
    printing: str | None = None
    references: str | None = None
    reviewed_genre: str | None = Field(None, alias="reviewed-genre")
    reviewed_title: str | None = Field(None, alias="reviewed-title")
    scale: str | None = None
    section: str | None = None
    status: str | None = None
    supplement: str | None = None
    title_short: str | None = Field(None, alias="title-short")
    version: str | None = None
    volume_title: str | None = Field(None, alias="volume-title")
    volume_title_short: str | None = Field(None, alias="volume-title-short")
    year_suffix: str | None = Field(None, alias="year-suffix")
