"""Plain reference lists: pasted PubMed citations and DOI lists, in ``.txt`` or ``.md`` files.

Reads PubMed's own text exports and what people copy from PubMed pages (see ``nlm`` for the
citation grammar and the layouts it recognises): Summary lines (``Authors. Title. Source.``
on one line), Summary text exports (title / authors / source on consecutive lines), Abstract
text exports (source / title / authors / affiliations / abstract / ids), and lists of DOIs, one
per line, in any of the forms ``normalize.clean_doi`` reads.
"""

from __future__ import annotations

import re

from citekit.errors import Diagnostic
from citekit.normalize import clean_doi
from citekit.parsers import ParseResult
from citekit.parsers.markdown import read_lines
from citekit.parsers.nlm import find_source, read_studies
from citekit.record import Record

NAME = "pubmed"

# A line that is nothing but a DOI, in any of its written forms, maybe numbered or bulleted.
_DOI_LINE = re.compile(
    r"^\s*(?:\d{1,4}[.)]\s+|[-*+]\s+)?(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/|info:doi/|urn:doi:)?"
    r"10\.\d{4,9}/\S+\s*$",
    re.IGNORECASE,
)


def matches(text: str) -> bool:
    """True when ``text`` holds at least one PubMed citation or a DOI line."""
    for line in text.splitlines():
        if _DOI_LINE.match(line) or find_source(line.strip()) or find_source(line, embedded=True):
            return True
    return False


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse a reference list: one record per citation or DOI line, in document order."""
    lines = read_lines(text)
    result = ParseResult()
    studies = read_studies(lines)
    found: list[tuple[int, Record]] = []
    known_dois = set()
    for study in studies:
        item = study.csl()
        item.setdefault("custom", {})["found_on"] = {"file": origin, "line": study.line}
        record = Record.from_csl(item)
        found.append((study.line, record))
        if record.DOI:
            known_dois.add(record.DOI.casefold())
        for missing in ("title", "author"):
            if missing not in item:
                result.diagnostics.append(
                    Diagnostic(origin, study.line, f"citation has no {missing}")
                )
    for line in lines:
        if not _DOI_LINE.match(line.raw):
            continue
        doi = clean_doi(re.sub(r"^\s*(?:\d{1,4}[.)]|[-*+])\s+", "", line.raw))
        if not doi:
            result.diagnostics.append(Diagnostic(origin, line.number, "not a valid DOI"))
            continue
        if doi.casefold() in known_dois:
            continue
        known_dois.add(doi.casefold())
        item = {
            "type": "article-journal",
            "DOI": doi,
            "custom": {"found_on": {"file": origin, "line": line.number}},
        }
        found.append((line.number, Record.from_csl(item)))
    result.records = [record for _, record in sorted(found, key=lambda pair: pair[0])]
    if not result.records:
        result.diagnostics.append(Diagnostic(origin, None, "no citation found", "error"))
    return result
