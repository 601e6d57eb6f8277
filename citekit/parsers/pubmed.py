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
from citekit.parsers import ParseResult
from citekit.parsers.grammar.layout import read_studies
from citekit.parsers.grammar.markdown import read_lines
from citekit.parsers.grammar.sources import doi_in_link, dois_in_line, line_source
from citekit.record import Record

NAME = "pubmed"
# The file suffixes a folder is searched for on this reader's behalf (content decides
# which reader reads a file; these only decide which files in a folder are read).
SUFFIXES = (".txt", ".text")
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# any text with a citation or DOI line in it: it must come last.
DETECT_ORDER = 90


def matches(text: str) -> bool:
    """True when ``text`` holds at least one PubMed citation or a DOI line."""
    return any(dois_in_line(line) or line_source(line.strip()) for line in text.splitlines())


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse a reference list: one record per citation or DOI line, in document order."""
    lines = read_lines(text)
    result = ParseResult()
    found: list[tuple[int, Record]] = []
    known_dois = set()
    for study in read_studies(lines):
        item = study.csl()
        item.setdefault("custom", {})["found_on"] = {"file": origin, "line": study.line}
        found.append((study.line, Record.from_csl(item)))
        if "DOI" in item:
            known_dois.add(item["DOI"].casefold())
        result.diagnostics += [
            Diagnostic(origin, study.line, message, "warning", code)
            for code, message in study.problems()
        ]
    for line in lines:
        dois = dois_in_line(line.raw) or [d for d in (doi_in_link(line.raw),) if d]
        if not dois and re.fullmatch(r"\s*(?:[-*+•]\s+)?https?://\S+\s*", line.raw):
            result.diagnostics.append(
                Diagnostic(
                    origin,
                    line.number,
                    "a link with no DOI in it; skipped",
                    "warning",
                    "link-skipped",
                )
            )
        for doi in dois:
            if doi.casefold() in known_dois:
                continue  # the DOI of a citation read above, or a repeat
            known_dois.add(doi.casefold())
            item = {
                "type": "article-journal",
                "DOI": doi,
                "custom": {"found_on": {"file": origin, "line": line.number}},
            }
            found.append((line.number, Record.from_csl(item)))
    result.records = [record for _, record in sorted(found, key=lambda pair: pair[0])]
    if not result.records:
        result.diagnostics.append(
            Diagnostic(origin, None, "no citation found", "error", "not-recognised")
        )
    return result
