"""The NLM citation grammar that PubMed pages, PubMed exports and VitaminDWiki pages share.

Rules followed (cited so a reader can check the grammar against them):
- NLM *Citing Medicine*, 2nd ed., ch. 1 "Journals": the journal source is
  ``<MedlineTA>. <Date>;<Volume>(<Issue>):<Pagination>.``; dates are ``YYYY Mon DD``,
  a month range ``2021 Mar-Apr``, a season ``2020 Winter`` or a bare year; the issue may carry
  ``Suppl``/``Pt`` parts; pagination uses abbreviated ranges (``466-75``) and electronic
  locators (``e0123456``).
- PubMed's citation display (MEDLINE/PubMed "Summary" and "Abstract" text formats): the
  source is followed by ``pii: …``, ``doi: …``, ``Epub YYYY Mon DD.``, ``eCollection YYYY.``,
  ``PMID: n``, ``PMCID: PMCn``. With an electronic date the line's own date is the issue date
  (CSL ``issued``) and the Epub date is CSL ``available-date``. Articles ahead of print have no
  volume, and their pii stands where the pagination would (``2022 Oct 7:S1080-6032(22)00139-9``).
- PubMed author form ``Family GI`` (initials without dots); pages copied from the PubMed web
  site show ``Given Family`` with affiliation numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from citekit.normalize import (
    DOI_IN_TEXT,
    PARTICLES,
    SEASONS,
    clean_doi,
    expand_pages,
    is_corporate,
    is_et_al,
    month_number,
    parse_person,
    split_authors,
    squash,
    strip_markers,
    tidy_prose,
)

# ---- named parts of the grammar ------------------------------------------------------

YEAR = r"(?:1[5-9]|20)\d\d"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
SEASON = r"(?:Spring|Summer|Autumn|Fall|Winter)"
DAY = r"\d{1,2}"
# "2022", "2022 Apr", "2022 Apr 5", "2021 Mar-Apr", "2020 Dec-2021 Jan", "2020 Winter",
# "2022 Apr 5-11".
DATE = (
    rf"{YEAR}(?:\s+(?:{MONTH}|{SEASON})(?:\s+{DAY}(?!\d))?"
    rf"(?:\s*-\s*(?:{YEAR}\s+)?(?:{MONTH}|{SEASON}|{DAY})(?:\s+{DAY}(?!\d))?)?)?"
)
_DATE_PART = re.compile(rf"(?P<year>{YEAR})(?:\s+(?P<mon>{MONTH}|{SEASON})(?:\s+(?P<day>{DAY}))?)?")
# What follows the date: ";Volume(Issue):Pagination", any of the three parts optional.
LOCATION = (
    r"(?:\s*;\s*(?P<volume>[^;:()\s][^;:()]*?)?)?"
    r"(?:\s*\((?P<issue>[^()]*(?:\([^()]*\)[^()]*)*)\))?"
    r"(?:\s*:\s*(?P<pages>[^\s;]+?(?:\s*-\s*[^\s;.]+)?))?"
)
_SOURCE_AT_START = re.compile(
    rf"^(?P<journal>[A-Z0-9][^\n]{{0,150}}?)\.\s+(?P<date>{DATE}){LOCATION}"
    r"(?P<end>\.(?=\s|$)|\s*$|;(?=\s))"
)
# Inside a longer line the journal cannot contain a period (MedlineTA abbreviations never do),
# which is what separates it from the title sentence before it.
_SOURCE_EMBEDDED = re.compile(
    rf"(?:^|(?<=[.?!]\s))(?P<journal>[A-Z][^.?!\n]{{0,120}}?)\.\s+(?P<date>{DATE}){LOCATION}"
    r"(?P<end>\.(?=\s|$)|\s*$|;(?=\s))"
)
_PII = re.compile(r"\bpii\s*:\s*(?P<pii>[^\s]+?)\.?(?=\s|$)", re.IGNORECASE)
_DOI_LABEL = re.compile(r"\bdoi\s*:\s*", re.IGNORECASE)
_EPUB = re.compile(rf"\bEpub\s+(?P<date>{DATE})", re.IGNORECASE)
_PMID = re.compile(r"\bPMID\s*:?\s*(?P<pmid>\d{1,9})\b")
_PMCID = re.compile(r"\bPMCID\s*:?\s*(?P<pmcid>PMC\d+)\b", re.IGNORECASE)
# Elsevier-style pii in the pagination slot of an article ahead of print.
_PII_SHAPE = re.compile(r"^S?\d{4}-\d{3}[\dX]\(\d{2}\)\d{5}-[\dX]$|^S\d{15,}", re.IGNORECASE)


@dataclass
class SourceLine:
    """What a PubMed source line says, part by part; ``None`` where the line is silent."""

    journal: str
    issued: dict[str, Any] | None
    volume: str | None = None
    issue: str | None = None
    page: str | None = None
    pii: str | None = None
    doi: str | None = None
    available: dict[str, Any] | None = None
    pmid: str | None = None
    pmcid: str | None = None
    start: int = 0  # where the journal begins in the text it was found in
    # A book chapter ("In: Editor, editor. Book. Place: Publisher; Year. p. x-y.") fills these.
    book: dict[str, Any] | None = None

    def csl(self) -> dict[str, Any]:
        """The CSL fields this line gives."""
        out: dict[str, Any]
        if self.book is not None:
            out = {"type": "chapter", **self.book}
        else:
            out = {"container-title-short": self.journal}
        for key, value in (
            ("issued", self.issued),
            ("volume", self.volume),
            ("issue", self.issue),
            ("page", self.page),
            ("DOI", self.doi),
            ("available-date", self.available),
            ("PMID", self.pmid),
            ("PMCID", self.pmcid),
        ):
            if value:
                out[key] = value
        return out

    def key(self) -> tuple[Any, ...]:
        """Two lines with the same key cite the same article (a repeated paste)."""
        return (
            self.journal.lower() or str(self.book),
            str(self.issued),
            self.volume,
            self.issue,
            self.page,
            (self.doi or "").lower(),
        )


def parse_date(text: str) -> dict[str, Any] | None:
    """An NLM date (``2022 Apr 5``, ``2021 Mar-Apr``, ``2020 Winter``) as a CSL date."""
    text = squash(text)
    first = _DATE_PART.match(text)
    if not first:
        return None
    start = _parts(first.group("year"), first.group("mon"), first.group("day"))
    result: dict[str, Any] = {}
    season = first.group("mon") and SEASONS.get(first.group("mon").lower())
    if season:
        result["season"] = season
    rest = text[first.end() :].strip()
    end = None
    if rest.startswith("-"):
        end = _range_end(rest[1:].strip(), start)
    result["date-parts"] = [start, end] if end and end != start else [start]
    return result


def _parts(year: str, mon: str | None, day: str | None) -> list[int]:
    parts = [int(year)]
    month = month_number(mon) if mon else None
    if month:
        parts.append(month)
        if day:
            parts.append(int(day))
    return parts


def _range_end(text: str, start: list[int]) -> list[int] | None:
    full = _DATE_PART.match(text)
    if full:
        if SEASONS.get((full.group("mon") or "").lower()):
            return None
        return _parts(full.group("year"), full.group("mon"), full.group("day"))
    mon = re.match(rf"(?P<mon>{MONTH})(?:\s+(?P<day>{DAY}))?", text)
    if mon and month_number(mon.group("mon")):
        return _parts(str(start[0]), mon.group("mon"), mon.group("day"))
    day = re.match(rf"({DAY})\b", text)
    if day and len(start) == 3:
        return [*start[:2], int(day.group(1))]
    return None


# NLM Citing Medicine, ch. 3 "Parts of books": the chapter's source names the book.
_CHAPTER = re.compile(
    r"(?:^|(?<=[.?!]\s))In:\s*(?P<editors>[^.]+?),\s*(?:editors?|eds?)\.\s*"
    r"(?P<book>.+?)\.\s*(?:(?P<edition>\d+(?:st|nd|rd|th)?\s+ed)\.\s*)?"
    r"(?P<place>[^.:;]+?)(?:\s*\([A-Za-z ]+\))?:\s*(?P<publisher>[^;]+?);\s*"
    rf"(?P<date>{DATE})[^.]*\.(?:\s*p\.\s*(?P<pages>[\w]+(?:\s*-\s*\w+)?)\.?)?"
)


def find_source(text: str, *, embedded: bool = False) -> SourceLine | None:
    """Find a PubMed source line in ``text`` (at its start, or anywhere when ``embedded``)."""
    pattern = _SOURCE_EMBEDDED if embedded else _SOURCE_AT_START
    for match in pattern.finditer(text):
        source = _build(match, text)
        if source:
            return source
    chapter = _CHAPTER.search(text)
    if chapter and (embedded or chapter.start() == 0):
        return _build_chapter(chapter, text)
    return None


def _build_chapter(match: re.Match[str], text: str) -> SourceLine:
    editors = [parse_person(e) for e in split_authors(match.group("editors"))]
    book: dict[str, Any] = {
        "container-title": squash(match.group("book")),
        "editor": [e for e in editors if e],
        "publisher": squash(match.group("publisher")),
        "publisher-place": squash(match.group("place")),
    }
    if match.group("edition"):
        book["edition"] = re.sub(r"\D", "", match.group("edition"))
    source = SourceLine(
        journal="", issued=parse_date(match.group("date")), start=match.start(), book=book
    )
    source.page = expand_pages(match.group("pages"))
    tail = text[match.end() :]
    source.doi = doi_after_label(tail)
    ids = read_ids(tail)
    source.pmid, source.pmcid = ids.get("PMID"), ids.get("PMCID")
    return source


def _build(match: re.Match[str], text: str) -> SourceLine | None:
    journal = squash(match.group("journal")).strip("*_ ")
    volume, issue, pages = match.group("volume", "issue", "pages")
    tail = text[match.end() :]
    has_location = bool(volume or issue or pages)
    has_month = bool(re.search(rf"\s(?:{MONTH}|{SEASON})", match.group("date")))
    tail_signal = bool(_DOI_LABEL.search(tail) or _EPUB.search(tail) or _PMID.search(tail))
    if not (has_location or tail_signal or (has_month and match.group("end") == ".")):
        return None
    if re.search(r"\b(?:doi|pmid|http)", journal, re.IGNORECASE) or len(journal) < 2:
        return None
    source = SourceLine(
        journal=journal,
        issued=parse_date(match.group("date")),
        volume=squash(volume) if volume else None,
        issue=squash(issue) if issue else None,
        start=match.start("journal"),
    )
    if pages:
        pages = pages.rstrip(".")
        if not volume and not issue and _PII_SHAPE.match(pages):
            source.pii = pages
        else:
            source.page = expand_pages(pages)
    pii = _PII.search(tail)
    if pii:
        source.pii = source.pii or pii.group("pii")
    source.doi = doi_after_label(tail)
    epub = _EPUB.search(tail)
    if epub:
        source.available = parse_date(epub.group("date"))
    ids = read_ids(tail)
    source.pmid, source.pmcid = ids.get("PMID"), ids.get("PMCID")
    return source


def doi_after_label(text: str) -> str | None:
    """The DOI after a ``doi:`` label in ``text`` (a stray space after the slash is rejoined)."""
    label = _DOI_LABEL.search(text)
    if not label:
        return None
    found = DOI_IN_TEXT.match(text, label.end())
    return clean_doi(found.group(0)) if found else None


def read_ids(text: str) -> dict[str, str]:
    """``PMID: 123; PMCID: PMC456`` → ``{"PMID": "123", "PMCID": "PMC456"}``."""
    ids = {}
    pmid = _PMID.search(text)
    if pmid:
        ids["PMID"] = pmid.group("pmid")
    pmcid = _PMCID.search(text)
    if pmcid:
        ids["PMCID"] = pmcid.group("pmcid").upper()
    return ids


# ---- author lines ----------------------------------------------------------------------

_NO_AUTHORS = re.compile(r"^\[?\s*No authors? listed\s*\]?\.?$", re.IGNORECASE)
# Lower-case words that may stand inside a personal or corporate name.
_NAME_PARTICLES = PARTICLES | {"e", "d'"}
_ORG_GLUE = {"of", "for", "the", "and", "on", "in", "&", "to", "de", "du", "des", "la", "el"}
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|[A-Z]\.?(?:-?[A-Z]\.?)*)$")


def parse_authors(line: str, *, order: str = "auto") -> list[dict[str, str]] | None:
    """Parse an author line; ``None`` when the line does not read as one.

    Accepts ``Libin Liang 1, Tong Tong 2`` (web page), ``Liang L, Tong T.`` (NLM short form),
    ``Liang L(1), Tong T(2).`` (PubMed abstract export), glued markers (``Liang1``,
    ``Liang L1,2``), superscripts, ``*``/``†``, e-mail addresses, ``et al.``, corporate names
    (after ``;`` in NLM: ``Keller A; Nordic Study Group.``) and ``[No authors listed]`` (which
    gives an empty list: an author line with nobody on it).
    """
    text = squash(line)
    if _NO_AUTHORS.match(text):
        return []
    if not text or len(text) > 4000 or re.search(r"[.?!:]\s+[a-z]", text):
        return None  # prose: a sentence break followed by more sentence
    parts = split_authors(text)
    if not parts:
        return None
    names = []
    for part in parts:
        clean = strip_markers(part)
        if not clean or is_et_al(clean):
            continue
        if _reads_as_organisation(clean):
            names.append({"literal": clean.rstrip(".")})
            continue
        if not _reads_as_person(clean):
            return None
        person = parse_person(clean, order=order)
        if person:
            names.append(person)
    return names or None


def _reads_as_person(text: str) -> bool:
    words = text.rstrip(".").split()
    if not 1 <= len(words) <= 5:
        return False
    if len(words) == 1 and not words[0][:1].isupper():
        return False
    return all(
        _NAME_WORD.match(w) and (w[:1].isupper() or w.lower() in _NAME_PARTICLES) for w in words
    )


def _reads_as_organisation(text: str) -> bool:
    words = text.rstrip(".").split()
    return (
        is_corporate(text)
        and 2 <= len(words) <= 15
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _ORG_GLUE for w in words)
    )


# ---- the layout of pasted citations ----------------------------------------------------
# PubMed pages, PubMed text exports and wiki pages put the same parts around a source line in
# a few orders: title above it (a heading or a plain line) and authors below it (web page);
# title and authors above it (Summary export); title and authors below it (Abstract export);
# or everything on one line (Summary line). ``read_studies`` finds each source line, reads the
# parts around it, and collects the abstract paragraphs that follow.

_NUMBERING = re.compile(r"^\s*\d{1,4}\s*[.:)]\s+")
_IDS_LINE = re.compile(
    r"^(?:(?:PMID|PMCID|DOI|doi|PII|pii)\s*:|Free (?:PMC|article)|Free full text|"
    r"Erratum in|Comment in|Comment on|Update of|Update in|Retraction in|Review\.?$|"
    r"Online ahead of print|eCollection|Epub|Keywords?\s*:|Conflict of interest|"
    r"Similar articles|Cited by|Publication types|MeSH terms|Grants and funding)",
    re.IGNORECASE,
)
_AFFILIATION_HEAD = re.compile(r"^(?:Author information|Affiliations?)\s*:?\s*", re.IGNORECASE)
_AFFILIATION = re.compile(r"^(?:\(\d+\)|\d+\s+[A-Z]|\d+[A-Z][a-z]|[¹²³⁴⁵⁶⁷⁸⁹])")
_COPYRIGHT = re.compile(
    r"^(?:Copyright|©|\(c\)\s*\d{4}|Published by|This article is)", re.IGNORECASE
)
_COMMENTARY = re.compile(
    r"^(?:VitaminDWiki|See also|Note:|Related|Click|Download|\{\{)", re.IGNORECASE
)
_ABSTRACT_LABEL = re.compile(r"^(?:Abstract|Summary)\s*:?$", re.IGNORECASE)
_KEYWORDS = re.compile(r"^Keywords?\s*:\s*(?P<kw>.+)$", re.IGNORECASE)
_GENERIC_HEADING = re.compile(
    r"^(?:abstract|summary|references?|contents|table of contents|see also|vitamindwiki\b.*)$",
    re.IGNORECASE,
)


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

    def problems(self) -> list[str]:
        """What the study lacks, in words a user can act on (one diagnostic each)."""
        found = []
        if not self.title:
            found.append("citation has no title")
        if not self.authors:
            found.append("citation has no author line")
        source = self.source
        if (
            source.book is None
            and not source.volume
            and not source.pii
            and (source.issue or source.page)
        ):
            found.append("source line has no volume")
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
        text = _join_paragraphs(self.abstract)
        if text:
            item["abstract"] = text
        if self.keywords:
            item["keyword"] = ", ".join(self.keywords)
        custom: dict[str, Any] = {}
        if self.pdf:
            custom["pdf"] = self.pdf
        if self.source.pii:
            custom["pii"] = self.source.pii
        if custom:
            item["custom"] = custom
        return item


def _join_paragraphs(chunks: list[str]) -> str:
    """One paragraph, as PubMed's own abstract field is: bullets and paragraphs joined by spaces
    (BibTeX, RIS and CSL then all carry the same text)."""
    return squash(" ".join(chunks))


def find_sources(lines: list[Any]) -> list[tuple[int, SourceLine, str]]:
    """Every source line: (index, parsed line, text before the source on the same line)."""
    found = []
    seen: set[tuple[Any, ...]] = set()
    for index, line in enumerate(lines):
        if line.kind not in ("text", "heading", "bullet"):
            continue
        text = _NUMBERING.sub("", line.text)
        source = _line_source(text)
        if not source:
            continue
        doi = _link_doi(line.links)
        if doi:
            source.doi = doi
        key = source.key()
        if key in seen:
            continue  # the same source pasted twice: one study
        seen.add(key)
        found.append((index, source, text[: source.start].strip()))
    return found


def _line_source(text: str) -> SourceLine | None:
    """The source on a line: at its start (a source line), or after authors and title (a
    Summary line). A "journal" holding a sentence break means the line is the latter, unless
    every piece is as short as the words of a dotted abbreviation (``J. Clin. Invest.``)."""
    at_start = find_source(text)
    if at_start and (
        ". " not in at_start.journal
        or all(len(piece.split()) <= 3 for piece in at_start.journal.split(". "))
    ):
        return at_start
    embedded = find_source(text, embedded=True)
    return embedded if embedded and embedded.start > 0 else at_start or embedded


def _link_doi(links: list[str]) -> str | None:
    for href in links:
        doi = clean_doi(href) if DOI_IN_TEXT.search(href) else None
        if doi:
            return doi
    return None


def read_studies(lines: list[Any]) -> list[Study]:
    """Assemble the studies of a page from its classified lines (see ``markdown.read_lines``)."""
    sources = find_sources(lines)
    studies: list[Study] = []
    floor = 0
    for index, source, before in sources:
        study = Study(source=source, line=lines[index].number, first=index, after=index + 1)
        if before:
            _read_summary_prefix(study, before)
        else:
            _read_above(study, lines, index, floor)
            _read_below(study, lines, index)
        studies.append(study)
        floor = study.after
    for number, study in enumerate(studies):
        end = studies[number + 1].first if number + 1 < len(studies) else len(lines)
        _read_body(study, lines, study.after, end)
    return studies


def _read_summary_prefix(study: Study, before: str) -> None:
    """``Liang L, Tong T. Title of the study. `` before a source on the same line."""
    before = _NUMBERING.sub("", before).strip()
    head, sep, rest = before.partition(". ")
    authors = parse_authors(head) if sep else None
    if authors is not None and rest.strip():
        study.authors, study.title = authors, _title(rest)
    else:
        study.title = _title(before)


def _title(text: str) -> str | None:
    from citekit.normalize import strip_title_period

    text = strip_title_period(_NUMBERING.sub("", text))
    return text or None


def _previous(lines: list[Any], index: int, floor: int) -> int | None:
    """Index of the nearest non-blank line above ``index`` (one blank line may intervene)."""
    blanks = 0
    i = index - 1
    while i >= floor:
        if lines[i].kind != "blank":
            return i
        blanks += 1
        if blanks > 2:
            return None
        i -= 1
    return None


def _is_title_line(line: Any) -> bool:
    if line.kind == "heading":
        return bool(line.text) and not _GENERIC_HEADING.match(line.text)
    return (
        line.kind in ("text", "bullet")
        and len(line.text) <= 400
        and not _IDS_LINE.match(line.text)
        and not _COMMENTARY.match(line.text)
        and not _AFFILIATION_HEAD.match(line.text)
        and not _COPYRIGHT.match(line.text)
    )


def _read_above(study: Study, lines: list[Any], index: int, floor: int) -> None:
    above = _previous(lines, index, floor)
    if above is None:
        return
    line = lines[above]
    if line.kind in ("text", "bullet") and not _IDS_LINE.match(line.text):
        authors = parse_authors(_NUMBERING.sub("", line.text))
        if authors is not None and lines[above].number == lines[index].number - 1:
            # Summary export: "Title." / "Authors." / source, on consecutive lines.
            title_at = _previous(lines, above, floor)
            if title_at is not None and _is_title_line(lines[title_at]):
                study.authors = authors
                study.title = _title(lines[title_at].text)
                study.first = title_at
            return
    if _is_title_line(line):
        study.title = _title(line.text)
        study.first = above


def _paragraph(lines: list[Any], start: int) -> tuple[str, int]:
    """The text of the paragraph starting at ``start`` (lines up to a blank), and its end."""
    parts = []
    i = start
    while i < len(lines) and lines[i].kind in ("text", "heading"):
        parts.append(lines[i].text)
        if lines[i].kind == "heading":
            i += 1
            break
        i += 1
    return " ".join(parts), i


def _next_filled(lines: list[Any], start: int) -> int | None:
    i = start
    while i < len(lines) and lines[i].kind == "blank":
        i += 1
    return i if i < len(lines) else None


def _read_below(study: Study, lines: list[Any], index: int) -> None:
    nxt = _next_filled(lines, index + 1)
    while nxt is not None and lines[nxt].kind == "text" and _IDS_LINE.match(lines[nxt].text):
        # "Free PMC article", "PMID: …" between the source and the authors
        for key, value in read_ids(lines[nxt].text).items():
            study.ids.setdefault(key, value)
        nxt = _next_filled(lines, nxt + 1)
    if nxt is None or lines[nxt].kind not in ("text", "heading"):
        return
    if find_sources([lines[nxt]]):
        return
    text, end = _paragraph(lines, nxt)
    authors = parse_authors(text)
    if authors is not None:
        study.authors = study.authors or authors
        study.after = end
        return
    if study.title or lines[nxt].kind == "heading" or not _is_title_line(lines[nxt]):
        return
    # Abstract export: the title follows the source, then the authors.
    after_title = _next_filled(lines, end)
    if after_title is None or lines[after_title].kind != "text":
        return
    author_text, author_end = _paragraph(lines, after_title)
    authors = parse_authors(author_text)
    if authors is not None:
        study.title, study.authors, study.after = _title(text), authors, author_end


def _read_body(study: Study, lines: list[Any], start: int, end: int) -> None:
    """Collect identifiers, keywords, PDF links and the abstract between header and ``end``."""
    in_affiliations = False
    started = False
    for line in lines[start:end]:
        text = line.text
        if line.kind == "blank":
            in_affiliations = False
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
        if in_affiliations or (not started and _AFFILIATION.match(text)):
            continue
        keywords = _KEYWORDS.match(text)
        if keywords:
            study.keywords.extend(
                k.strip(" .") for k in re.split(r"[;,]", keywords.group("kw")) if k.strip(" .")
            )
            continue
        if _IDS_LINE.match(text):
            ids = read_ids(text)
            for key, value in ids.items():
                study.ids.setdefault(key, value)
            doi = _link_doi(line.links) or (
                clean_doi(text.split(":", 1)[1]) if text.lower().startswith("doi") else None
            )
            if doi and not study.source.doi:
                study.source.doi = doi
            continue
        if _COPYRIGHT.match(text) or _ABSTRACT_LABEL.match(text):
            continue
        if _COMMENTARY.match(text) or _is_emphasis_only(line.raw):
            if started:
                break
            continue
        started = True
        study.abstract.append(tidy_prose(text))


def _is_emphasis_only(raw: str) -> bool:
    """A line that is all bold or italic is the wiki's own caption, not abstract text."""
    stripped = raw.strip()
    return bool(re.fullmatch(r"(\*\*|__|\*|_)[^*_].*?\1", stripped)) and stripped.count("**") <= 2
