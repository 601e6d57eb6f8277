"""Source-format parsers: each module has ``NAME``, ``SUFFIXES``, ``matches(text)`` and
``parse(text, *, origin)``.

``PARSERS`` is the registry, in detection order: the first whose ``matches`` is true reads the
text. CSL-JSON must be the whole text, wiki pages are recognised by their front matter, EBSCO
records and MEDLINE files by their labels and tags, BibTeX by its ``@type{key,`` lines, and the
PubMed reader takes any text with a citation or DOI in it, so it comes last. Where the text
fits more than one format, the reader that owns the file's suffix wins (``pipeline.detect``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType

from citekit.errors import Diagnostic
from citekit.record import Record


@dataclass
class ParseResult:
    """The records a parser could make and what it has to report about the rest."""

    records: list[Record] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # How many inputs (files, stdin) were read and handed to a reader (``parse_paths``).
    files: int = 0


from citekit.parsers import bibtex, csljson, ebsco, medline, pubmed, ris, wiki  # noqa: E402  (need ParseResult)

PARSERS: dict[str, ModuleType] = {
    module.NAME: module for module in (csljson, wiki, ebsco, medline, bibtex, ris, pubmed)
}

__all__ = ["PARSERS", "ParseResult"]
