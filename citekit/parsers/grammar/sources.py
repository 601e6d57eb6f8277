"""Which lines of a pasted page are source lines, and what a line's source says.

``line_source`` reads a citation's source in any form citekit knows: PubMed's (``nlm``), a
publisher's citation line (``publishers``), a book chapter, a source after authors and title
(a Summary line), ``Cite this as: …``, and a reference list whose journal names were taken
out. ``find_sources`` finds every source line of a page, once each, passing over what PubMed
pages add (page chrome, and the headed blocks that list *other* articles: "Comment in",
"Similar articles" …). Lines that hold only DOIs (``dois_in_line``) are read here too.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import YEAR
from citekit.names import parse_authors
from citekit.normalize import DOI_IN_TEXT, clean_doi
from citekit.parsers.grammar.loose import read_source
from citekit.parsers.grammar.nlm import SourceLine, find_source
from citekit.parsers.grammar.publishers import find_publisher_source

NUMBERING = re.compile(r"^\s*\d{1,4}\s*[.:)]\s+")

IDS_LINE = re.compile(
    r"^(?:(?:PMID|PMCID|DOI|doi|PII|pii)\s*:|Free (?:PMC|article)|Free full text|"
    r"Review\.?$|Online ahead of print|eCollection|Epub|Keywords?\s*:|"
    r"(?:Received|Revised|Accepted|Published(?: online)?|First published)\s*:|"
    r"\[?Article in [A-Z][a-z]+(?:,\s*[A-Z][a-z]+)*\]?\.?$|\[?Epub ahead of print\]?\.?$|"
    # PMC's article-page header: the manuscript notes around the citation are not its title
    r"Author manuscript\b|Published in final edited form\b|Published online\b|"
    r"Received\s+(?:\d{1,2}\s+)?[A-Z][a-z]+\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d|"
    r"(?:NIHMS|EMSID|HHMIMS)(?:ID)?\s*:?\s*(?:NIHMS|EMS|HHMIMS)?\d+)",
    re.IGNORECASE,
)

# Headed blocks that list *other* articles (PubMed's Abstract export and web page). A short
# block ends at the next blank line; a page section runs to the next heading or rule.
_SHORT_BLOCK = re.compile(
    r"^(?:Comment (?:in|on)|Erratum (?:in|for)|Update (?:of|in)|Retraction (?:in|of)|"
    r"Retracted and republished (?:in|from)|Republished (?:in|from)|Expression of concern "
    r"(?:in|for)|Corrected and republished (?:in|from)|Original report in|Summary for patients "
    r"in|Conflict of interest(?: statement)?|Competing interests|Figures|Supplementary info)\s*:?$",
    re.IGNORECASE,
)

_PAGE_SECTION = re.compile(
    r"^(?:Similar articles|Cited by(?: \d+ articles?)?|References|Publication types|MeSH terms|"
    r"Substances|Related information|LinkOut - more resources|Full text links|"
    r"Grants and funding|Associated data|Supplementary concepts|Full text sources)\s*:?$",
    re.IGNORECASE,
)

# Lines of a PubMed page that are buttons, badges or notices, never text of the study.
_CHROME = re.compile(
    r"^(?:expand|collapse|PubMed Disclaimer|Show details|Display options|Full text links|"
    r"Collaborators(?:, Affiliations)?|"
    r"(?:Conflict of interest(?: statement)?|Competing interests?|Declaration of (?:competing )?"
    r"interests?|Disclosures?)\s*:.*|"
    r"Cite|Share|\d+\s+Cite|Actions|Page navigation|Add to Collections|"
    r"(?:Randomized |Pragmatic |Controlled |Multicenter |Comparative |Observational |Clinical |"
    r"Validation |Evaluation |Twin |Case |Meta-|Systematic |Scoping )*"
    r"(?:Clinical Trial(?:, Phase [IV]+)?|Controlled Trial|Study|Studies|Review|Analysis|"
    r"Case Reports|Editorial|Letter|Comment|Guideline|Practice Guideline|Preprint)|"
    r"\[?Article in [A-Z][a-z]+\]?\.?|\|.*\|)$",
    re.IGNORECASE,
)

_LIST_MARK = re.compile(r"^\s*(?:\d{1,4}[.)]\s+|[-*+•]\s+)")

_DOI_START = re.compile(
    r"^[\"'“‘(\[<]*(?:doi\b|https?://(?:dx\.|www\.)?doi\.org/|info:doi|urn:doi|10\.\d)",
    re.IGNORECASE,
)


def dois_in_line(raw: str) -> list[str]:
    """The DOIs of a line that holds nothing but DOIs (in any written form), else ``[]``."""
    text = _LIST_MARK.sub("", raw).strip()
    if not _DOI_START.match(text):
        return []
    text = re.sub(r"^[\"'“‘(\[<]*doi\s*:?\s+", "", text, flags=re.IGNORECASE)
    found = []
    for token in re.split(r"[,;]?\s+", text):
        doi = clean_doi(token) if token else None
        if doi is None:
            return []
        found.append(doi)
    return found


def doi_in_link(raw: str) -> str | None:
    """The DOI inside a publisher's article URL (``…/doi/full/10.1111/jgs.15852``)."""
    match = re.fullmatch(r"\s*https?://\S+?/(?:doi/(?:\w+/)?)(?P<doi>10\.\d{4,9}/\S+)\s*", raw)
    return clean_doi(match.group("doi")) if match else None


def find_sources(lines: list[Any]) -> tuple[list[tuple[int, SourceLine, str]], set[int]]:
    """Every source line, as (index, parsed line, text before the source on the same line),
    and the indices of lines that belong to no study: page chrome, and once a study has been
    found, the headed blocks that list other articles ("Comment in", "Similar articles" …)."""
    found: list[tuple[int, SourceLine, str]] = []
    skip: set[int] = set()
    seen: set[tuple[Any, ...]] = set()
    block: str | None = None  # "short" until a blank line, "section" until a heading/rule
    filled = 0  # lines of the current short block so far: its header may stand alone
    for index, line in enumerate(lines):
        text = line.text
        if block == "short" and line.kind == "blank" and filled > 1:
            block = None
        if block == "section" and line.kind in ("heading", "rule"):
            block = None
        if block is None and found and line.kind in ("text", "heading", "bullet"):
            if _PAGE_SECTION.match(text):
                block = "section"
            elif _SHORT_BLOCK.match(text):
                block, filled = "short", 0
        filled += line.kind != "blank"
        if block or (line.kind in ("text", "bullet") and _CHROME.match(text)):
            skip.add(index)
            continue
        if line.kind not in ("text", "heading", "bullet"):
            continue
        text = NUMBERING.sub("", text)
        source = line_source(text)
        if not source:
            continue
        doi = link_doi(line.links)
        if doi:
            source.doi = doi
        key = source.key()
        if key in seen:
            continue  # the same source pasted twice: one study
        seen.add(key)
        found.append((index, source, CITE_AS.sub("", text[: source.start].strip())))
    return found, skip


_HAS_YEAR = re.compile(rf"{YEAR}(?!\d)")

CITE_AS = re.compile(
    r"^(?:Citation|Cite this(?: article)? as|To cite this article|How to cite(?: this article)?|"
    r"Reference|Published in final edited form as)\s*:\s*",
    re.IGNORECASE,
)


def _shifted(source: SourceLine | None, offset: int) -> SourceLine | None:
    if source is not None:
        source.start += offset
    return source


def line_source(text: str) -> SourceLine | None:
    """The citation's source on a line, in any form citekit reads: at the line's start (an NLM
    source line, a book chapter, a publisher's citation line), or after authors and title (a
    Summary line). A "journal" holding a sentence break means the line is the latter, unless
    it reads as a dotted abbreviation (``J. Clin. Invest.``)."""
    if not _HAS_YEAR.search(text):
        return None  # every source form citekit reads has a year: most lines are prose
    cited = CITE_AS.match(text)
    if cited:
        # "Cite this as: BMJ 2013;346:f1675": the publisher says this is the citation
        return line_source(text[cited.end() :]) or _shifted(
            read_source(text[cited.end() :]), cited.end()
        )
    at_start = find_source(text) or find_publisher_source(text)
    if at_start and (". " not in at_start.journal or _dotted_abbreviation(at_start.journal)):
        return at_start
    embedded = find_source(text, embedded=True)
    if embedded and embedded.start > 0:
        return embedded
    return _source_without_journal(text) or at_start or embedded


_EMPTY_JOURNAL = re.compile(rf"(?<=[.?!])\s+\.\s+(?={YEAR})")


def _source_without_journal(text: str) -> SourceLine | None:
    """``Schwartz GG. Title. . 2013;13(1):45-57.``: a reference list whose journal names were
    taken out (a special issue lists its own articles) still has its date and numbers."""
    gap = _EMPTY_JOURNAL.search(text)
    if not gap:
        return None
    source = find_source("Journal. " + text[gap.end() :])
    if source is None:
        return None
    source.journal, source.start = "", gap.start() + 1
    return source


def _dotted_abbreviation(journal: str) -> bool:
    pieces = journal.split(". ")
    if parse_authors(pieces[0]):
        return False  # "Kim J. Rickets. Lancet": authors and title, not a journal
    return all(len(p.split()) <= 3 and all(len(w) <= 10 for w in p.split()) for p in pieces)


def link_doi(links: list[str]) -> str | None:
    for href in links:
        doi = clean_doi(href) if DOI_IN_TEXT.search(href) or "%2F" in href.upper() else None
        if doi:
            return doi
    return None
