"""Source-format readers and their registry.

Each reader module declares ``NAME`` (what ``--from`` takes), ``SUFFIXES`` (the file suffixes
a folder is searched for on its behalf, and which make it the owner of a file),
``DETECT_ORDER`` (where it stands when content decides: lowest first), ``matches(text)``
and ``parse(text, *, origin)``.

``PARSERS`` is the registry, sorted by ``DETECT_ORDER``: the first reader whose ``matches``
is true reads the text. The order matters because formats contain one another: CSL-JSON
must be the whole text, wiki pages are recognised by their front matter, EBSCO records and
MEDLINE files by their labels and tags, BibTeX by its ``@type{key,`` lines, RIS by its
``TY`` line, and the PubMed reader takes any text with a citation or DOI in it, so it comes
last. Where the text fits more than one format, the reader that owns the file's suffix wins
(``pipeline.detect``).
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

# Listed alphabetically on purpose: the order readers are asked in is each one's DETECT_ORDER.
_READERS: tuple[ModuleType, ...] = (bibtex, csljson, ebsco, medline, pubmed, ris, wiki)


def _registry(readers: tuple[ModuleType, ...]) -> dict[str, ModuleType]:
    """``NAME`` → reader, in detection order; two readers may not share a place in it."""
    ordered = sorted(readers, key=lambda module: module.DETECT_ORDER)
    places = [module.DETECT_ORDER for module in ordered]
    if len(set(places)) != len(places):
        raise RuntimeError(f"readers share a DETECT_ORDER: {places}")
    return {module.NAME: module for module in ordered}


PARSERS: dict[str, ModuleType] = _registry(_READERS)

__all__ = ["PARSERS", "ParseResult"]
