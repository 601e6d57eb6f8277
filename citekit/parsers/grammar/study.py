"""One cited study as the readers of pasted text find it, before it becomes a record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citekit.normalize import squash
from citekit.parsers.grammar.nlm import SourceLine


@dataclass
class Study:
    """The parts of one cited study as found in the text, before they become a record."""

    source: SourceLine
    line: int  # the source line's number
    title: str | None = None
    authors: list[dict[str, str]] = field(default_factory=list)
    abstract: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    pdf: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    first: int = 0  # index of the study's first line in the line list
    after: int = 0  # index of the first line after its header (title, source, authors)
    reference_of: str | None = None  # the citing study, when this one is in its reference list
    anchor: int | None = None  # index of the identifier line a study without a source grew from

    def problems(self) -> list[tuple[str, str]]:
        """What the study lacks, as (code, words a user can act on): one diagnostic each."""
        found = []
        if not self.title:
            found.append(("no-title", "citation has no title"))
        if not self.authors:
            found.append(("no-author", "citation has no author line"))
        source = self.source
        if (
            source.book is None
            and not source.volume
            and not source.pii
            and (source.issue or source.page)
        ):
            found.append(("no-volume", "source line has no volume"))
        return found

    def csl(self) -> dict[str, Any]:
        """CSL fields for the study."""
        item: dict[str, Any] = {"type": "article-journal"}
        if self.title:
            item["title"] = self.title
        if self.authors:
            item["author"] = self.authors
        item.update(self.source.csl())
        for key, value in self.ids.items():
            item.setdefault(key, value)
        text = squash(" ".join(self.abstract))
        if text:
            item["abstract"] = text
        if self.keywords:
            item["keyword"] = ", ".join(self.keywords)
        custom: dict[str, Any] = {}
        if self.pdf:
            custom["pdf"] = self.pdf
        if self.source.pii:
            custom["pii"] = self.source.pii
        if self.reference_of:
            custom["reference_of"] = self.reference_of
        if custom:
            item["custom"] = custom
        return item
