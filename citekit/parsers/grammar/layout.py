"""The layout of pasted citations: where title, authors and abstract sit around a source.

PubMed pages, PubMed text exports and wiki pages put the same parts around a source line in
a few orders: title above it (a heading or a plain line) and authors below it (wiki page);
title and authors above it (Summary export); title and authors below it (Abstract export,
PubMed web page); or everything on one line (Summary line). ``read_studies`` finds each
source line (``sources.find_sources``), reads the parts around it, and collects the abstract
paragraphs that follow, passing over what PubMed pages add around a study (lists of other
articles, page chrome).
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import MONTH, YEAR, day_month_year
from citekit.names import parse_authors, parse_byline
from citekit.normalize import squash, strip_title_period, tidy_prose
from citekit.parsers.grammar.nlm import doi_after_label, language_note, read_ids
from citekit.parsers.grammar.sources import (
    IDS_LINE,
    NUMBERING,
    dois_in_line,
    find_sources,
    line_source,
    link_doi,
)
from citekit.parsers.grammar.study import Study

_AFFILIATION_HEAD = re.compile(r"^(?:Author information|Affiliations?)\s*:?(?:\s|$)", re.IGNORECASE)
_AFFILIATION = re.compile(r"^(?:\(\d+\)|\d+\s+[A-Z]|\d+[A-Z][a-z]|[¹²³⁴⁵⁶⁷⁸⁹])")
# An affiliation written out on its own line ("Department of Biochemistry, University of
# Wisconsin-Madison, Madison, WI, USA."): neither a by-line nor abstract text.
AFFILIATION_LINE = re.compile(
    r"\b(?:Department|Dept\.|University|Universit[àéä]|Institute|Hospital|School of|Faculty|"
    r"College|Division of|Clinic)\b.*,"
)
_COPYRIGHT = re.compile(
    r"^(?:Copyright|©|\(c\)\s*\d{4}|Published by|This article is)", re.IGNORECASE
)
COMMENTARY = re.compile(
    r"^(?:VitaminDWiki|See also|Note:|Related|Click|Download|\{\{)", re.IGNORECASE
)
_ABSTRACT_LABEL = re.compile(r"^(?:Abstract|Summary)\s*:?$", re.IGNORECASE)
# The section labels of structured abstracts (ICMJE/NLM structured abstract categories).
_SECTION_LABEL = re.compile(
    r"^(?:background|introduction|context|importance|purpose|aims?|objectives?|rationale|"
    r"hypothesis|methods?|design|setting|participants|patients|subjects|interventions?|"
    r"measurements?|main outcome measures?|outcomes?|results?|findings|conclusions?|"
    r"interpretation|discussion|implications|significance|limitations|evidence review|"
    r"observations|trial registration|registration|funding|clinical relevance|"
    r"materials and methods|methods and results|conclusions and relevance|"
    r"(?:background|objectives?) and (?:aims?|purpose)|objetivo|resultados?|conclusiones?)"
    r"\s*:?$",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(r"^Keywords?\s*:\s*(?P<kw>.+)$", re.IGNORECASE)
# Publisher pages: "Published: 15 February 2022" (the online date; also "Published online").
_PUBLISHED = re.compile(
    r"\b(?:Published|Published online|First published)\s*:?\s*"
    rf"(?P<date>\d{{1,2}}\s+{MONTH}\s+{YEAR})\b",
    re.IGNORECASE,
)


GENERIC_HEADING = re.compile(
    r"^(?:abstract|summary|references?|contents|table of contents|see also|vitamindwiki\b.*)$",
    re.IGNORECASE,
)


def read_studies(lines: list[Any]) -> list[Study]:
    """Assemble the studies of a page from its classified lines (see ``markdown.read_lines``)."""
    return read_page(lines)[0]


def read_page(lines: list[Any]) -> tuple[list[Study], set[int]]:
    """The studies of a page, and the indices of the lines that belong to none of them (page
    chrome, and the blocks that list other articles: "Comment in", "Similar articles" …)."""
    sources, skip = find_sources(lines)
    studies: list[Study] = []
    floor = 0
    for index, source, before in sources:
        study = Study(source=source, line=lines[index].number, first=index, after=index + 1)
        if before:
            _read_summary_prefix(study, before)
        else:
            _read_above(study, lines, index, floor, skip)
            _read_below(study, lines, index, skip)
        for line in lines[study.first : study.after]:
            if not study.source.language and "Article in" in line.text:
                study.source.language = language_note(line.text)
        studies.append(study)
        floor = study.after
    for number, study in enumerate(studies):
        end = studies[number + 1].first if number + 1 < len(studies) else len(lines)
        read_body(study, lines, study.after, end, skip)
    return studies, skip


def _read_summary_prefix(study: Study, before: str) -> None:
    """``Liang L, Tong T. Title of the study. `` before a source on the same line, or the
    title first (``Title. Liang L, Tong T. ``), as some reference lists order them."""
    before = NUMBERING.sub("", before).strip()
    # "1961 Harrison HE, Harrison HC. Title." (a list ordered by year)
    before = re.sub(rf"^{YEAR}\s+(?=\S+\s+[A-Z]{{1,3}}[,.])", "", before)
    head, sep, rest = before.partition(". ")
    authors = parse_authors(head) if sep else None
    if authors is not None and rest.strip():
        study.authors, study.title = authors, _title(rest)
        return
    sentences = re.split(r"(?<=[.?!\]])\s+", before)
    if len(sentences) > 1:
        authors = parse_authors(sentences[-1])
        if authors is not None:
            study.authors, study.title = authors, _title(" ".join(sentences[:-1]))
            return
    study.title = _title(before)


def _title(text: str) -> str | None:
    return clean_title(NUMBERING.sub("", text))


_WIKI_ADDITION = re.compile(
    r"(?:\s*\([^()]{1,40}\))?(?:\s+[-–—]+\s*|[-–—]+\s+)(?:[A-Za-z%+]+\s+){0,4}?"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?"
    rf"(?:\d{{1,2}},?\s+)?{YEAR}\s*[.!]?\s*$"
    r"|\s+[-–—]+\s+(?:RCT|review|meta-analysis|systematic review|comment|editorial|abstract|"
    r"letter|many studies|study)s?\s*$",
    re.IGNORECASE,
)
# What PubMed and the wiki put after a title: publication types ("[Meta-Analysis Research
# Support, Non-U.S. Gov't Review]") and the date in brackets ("(May 2014)").
_TRAILING_BRACKETS = re.compile(
    r"\s*\[[^\]]*\b(?:Review|Research Support|Meta-Analysis|Clinical Trial|Comment|Letter|"
    r"Editorial|Randomized|Controlled|Case Reports?|Journal Article|English Abstract)\b[^\]]*\]"
    r"\.?\s*$|\s*\((?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+)?"
    r"(?:1[5-9]|20)\d\d\)\s*$",
    re.IGNORECASE,
)
_TRAILING_NOTE = re.compile(
    r"\s*(?:[-–—,|]\s*)?(?:free\s+(?:full[- ]text|pdf)(?:\s+online)?|full[- ]text|pdf|"
    r"abstract(?: only)?|behind (?:a )?\$?\d*\s*paywall|crossref|google scholar|pubmed|"
    r"\(?(?:open access|free)\)?)\s*$",
    re.IGNORECASE,
)


def clean_title(text: str | None) -> str | None:
    """A title without what the wiki's author added to it: the year (``… Children - 2014``,
    ``. - Sept 2013``, ``(40% of seniors) - 2012``), notes (``FREE PDF``), footnote marks."""
    if not text:
        return None
    text = squash(re.sub(r"[*_]{2,}|<[^>]+>", " ", text))
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING_NOTE.sub("", text)
        if not text.startswith("["):  # a translated title is all in brackets: it stays
            text = _TRAILING_BRACKETS.sub("", text)
        text = _WIKI_ADDITION.sub("", text)
        text = re.sub(r"(?<=[a-z]{3})\d{1,2}(?:,\d{1,2})*$|[\s†‡*§]+$|\s*[,;:|-]+$", "", text)
    return strip_title_period(text) or None


def _previous(lines: list[Any], index: int, floor: int, skip: set[int]) -> int | None:
    """Index of the nearest filled line above ``index``; blank lines (two at most), pictures
    and page chrome in between are passed over."""
    blanks = 0
    i = index - 1
    while i >= floor:
        line = lines[i]
        if line.kind == "blank":
            blanks += 1
            if blanks > 2:
                return None
        elif line.kind != "media" and i not in skip:
            return i
        i -= 1
    return None


def is_title_line(line: Any) -> bool:
    if line.kind == "heading":
        return bool(line.text) and not GENERIC_HEADING.match(line.text)
    return (
        line.kind in ("text", "bullet")
        and len(line.text) <= 400
        and not IDS_LINE.match(line.text)
        and not COMMENTARY.match(line.text)
        and not _AFFILIATION_HEAD.match(line.text)
        and not _COPYRIGHT.match(line.text)
        and not dois_in_line(line.text)
        and not _MANUSCRIPT.search(line.text)
    )


# PMC's header of an author manuscript ("J Bone Miner Res. Author manuscript; available in
# PMC 2014 Jan 1."): it names the journal, never the title.
_MANUSCRIPT = re.compile(r"\bAuthor manuscript\b|\bavailable in PMC\b", re.IGNORECASE)


def _read_above(study: Study, lines: list[Any], index: int, floor: int, skip: set[int]) -> None:
    above = _previous(lines, index, floor, skip)
    while above is not None and _MANUSCRIPT.search(lines[above].text):
        above = _previous(lines, above, floor, skip)  # PMC's manuscript header: look past it
    if above is None:
        return
    line = lines[above]
    if line.kind in ("text", "bullet") and not IDS_LINE.match(line.text):
        authors = parse_authors(NUMBERING.sub("", line.text))
        if authors is not None:
            # Summary order: title, authors, source (blank lines between them or not).
            title_at = _previous(lines, above, floor, skip)
            if title_at is not None and is_title_line(lines[title_at]):
                study.authors = authors
                study.title = _title(lines[title_at].text)
                study.first = title_at
            return
    if is_title_line(line):
        study.title = _title(line.text)
        study.first = above


def _next_filled(lines: list[Any], start: int, skip: set[int] | None = None) -> int | None:
    skip = skip or set()
    i = start
    while i < len(lines) and (lines[i].kind in ("blank", "media") or i in skip):
        i += 1
    return i if i < len(lines) else None


def _title_block(lines: list[Any], start: int) -> tuple[str, int]:
    """A title that may wrap over several lines: lines join until one ends a sentence."""
    parts = [lines[start].text]
    i = start + 1
    while (
        not re.search(r"[.?!\]]$", parts[-1])
        and i < len(lines)
        and lines[i].kind == "text"
        and parse_authors(lines[i].text) is None
        and not IDS_LINE.match(lines[i].text)
        and not line_source(lines[i].text)
    ):
        parts.append(lines[i].text)
        i += 1
    return " ".join(parts), i


def author_block(lines: list[Any], start: int) -> tuple[list[dict[str, str]] | None, int]:
    """An author line, joined with the next while it ends in a comma (a list wrapped, or
    pasted as two paragraphs: one blank line between is passed over)."""
    text, i = lines[start].spaced, start + 1
    while text.rstrip().endswith(","):
        j = i + 1 if i < len(lines) and lines[i].kind == "blank" else i
        if j >= len(lines) or lines[j].kind != "text":
            break
        text, i = text + " " + lines[j].spaced, j + 1
    return parse_byline(text), i


def _read_below(study: Study, lines: list[Any], index: int, skip: set[int]) -> None:
    nxt = _next_filled(lines, index + 1, skip)
    while (
        nxt is not None
        and lines[nxt].kind in ("text", "bullet")
        and (IDS_LINE.match(lines[nxt].text) or dois_in_line(lines[nxt].text))
    ):
        # "Free PMC article", "PMID: …", a DOI link between the source and the authors
        _take_ids(study, lines[nxt])
        nxt = _next_filled(lines, nxt + 1, skip)
    if nxt is None or lines[nxt].kind not in ("text", "heading") or line_source(lines[nxt].text):
        return
    authors, end = author_block(lines, nxt)
    if authors is not None:
        study.authors = study.authors or authors
        study.after = end
        return
    if not is_title_line(lines[nxt]):
        return
    # Abstract export and PubMed page: the title follows the source, then the authors.
    if lines[nxt].kind == "heading":
        text, end = lines[nxt].text, nxt + 1
    else:
        text, end = _title_block(lines, nxt)
    after_title = _next_filled(lines, end, skip)
    if after_title is None or lines[after_title].kind != "text":
        return
    authors, author_end = author_block(lines, after_title)
    if authors is not None:
        study.title, study.authors, study.after = _title(text), authors, author_end


def _take_ids(study: Study, line: Any) -> None:
    for key, value in read_ids(line.text).items():
        study.ids.setdefault(key, value)
    if not study.source.language and re.search(r"Article in", line.text):
        study.source.language = language_note(line.text)
    published = _PUBLISHED.search(line.text)
    if published and not study.source.available:
        study.source.available = day_month_year(published.group("date"))
    doi = (
        link_doi(line.links)
        or doi_after_label(line.text)
        or next(iter(dois_in_line(line.text)), None)
    )
    if doi and not study.source.doi:
        study.source.doi = doi


def read_body(study: Study, lines: list[Any], start: int, end: int, skip: set[int]) -> None:
    """Collect identifiers, keywords, PDF links and the abstract between header and ``end``."""
    in_affiliations = False
    started = False
    for index in range(start, end):
        line = lines[index]
        text = line.text
        if line.kind == "blank":
            in_affiliations = False
            continue
        if index in skip:
            if IDS_LINE.match(text) or "PMID" in text or "Article in" in text:
                _take_ids(study, line)
            continue
        label = _section_label(line)
        if label:
            study.abstract.append(label + ":")
            started = True
            continue
        if line.kind in ("rule", "heading"):
            if started:
                break
            continue
        if line.is_pdf_link:
            study.pdf.extend(h for h in line.links if h not in study.pdf)
            if started:
                break
            continue
        if line.kind == "media":
            if started:
                break
            continue
        if _AFFILIATION_HEAD.match(text):
            in_affiliations = True
            continue
        keywords = _KEYWORDS.match(text)
        if keywords:
            study.keywords.extend(
                k.strip(" .") for k in re.split(r"[;,]", keywords.group("kw")) if k.strip(" .")
            )
            continue
        if IDS_LINE.match(text) or dois_in_line(text):
            _take_ids(study, line)
            in_affiliations = False
            continue
        if in_affiliations or (
            not started and (_AFFILIATION.match(text) or AFFILIATION_LINE.search(text[:200]))
        ):
            continue
        if _COPYRIGHT.match(text) or _ABSTRACT_LABEL.match(text):
            continue
        if COMMENTARY.match(text) or is_emphasis_only(line.raw):
            if started:
                break
            continue
        started = True
        study.abstract.append(tidy_prose(text))


def _section_label(line: Any) -> str | None:
    """The label of a structured abstract's section written on a line of its own
    (``**Results**``, ``##### Methods``); ``None`` for any other line."""
    if line.kind not in ("heading", "text") or not _SECTION_LABEL.match(line.text):
        return None
    return line.text.rstrip(" :")


def is_emphasis_only(raw: str) -> bool:
    """A line that is all bold or italic is the wiki's own caption, not abstract text."""
    stripped = raw.strip()
    return bool(re.fullmatch(r"(\*\*|__|\*|_)[^*_].*?\1", stripped)) and stripped.count("**") <= 2
