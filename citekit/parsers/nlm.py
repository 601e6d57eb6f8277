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
    LANGUAGE_CODES,
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
    strip_title_period,
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
    full_title: bool = False  # the journal is named in full (publisher styles), not abbreviated
    language: str | None = None  # "[Article in Spanish]", or PubMed's trailing "German."
    # A book chapter ("In: Editor, editor. Book. Place: Publisher; Year. p. x-y.") fills these.
    book: dict[str, Any] | None = None

    def csl(self) -> dict[str, Any]:
        """The CSL fields this line gives."""
        out: dict[str, Any]
        if self.book is not None:
            out = {"type": "chapter", **self.book}
        else:
            out = {"container-title" if self.full_title else "container-title-short": self.journal}
        for key, value in (
            ("issued", self.issued),
            ("volume", self.volume),
            ("issue", self.issue),
            ("page", self.page),
            ("DOI", self.doi),
            ("available-date", self.available),
            ("PMID", self.pmid),
            ("PMCID", self.pmcid),
            ("language", self.language),
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


# MDPI's citation line, which VitaminDWiki pastes from MDPI article pages:
# "Nutrients 2022, 14(3), 567; https://doi.org/10.3390/nu14030567".
_MDPI = re.compile(
    rf"^(?P<journal>[A-Z][\w&.'\- ]{{1,80}}?)\s+(?P<year>{YEAR}),\s*(?P<volume>\d+)"
    r"(?:\s*\((?P<issue>[^)]+)\))?,\s*(?P<pages>[\w-]+)\s*(?:[;.]\s*(?P<rest>.*))?$"
)
# Other publishers' article pages, as pasted on wiki pages: Frontiers ("Front. Nutr., 12 March
# 2021, Sec. …, Volume 8 - 2021 | https://doi.org/…"), ScienceDirect ("Journal …, Volume 210,
# June 2021, 105878"), Springer ("European Journal of Nutrition volume 62, pages 1123–1135
# (2023)"), Wiley ("Journal …, First published: 15 February 2022, https://doi.org/…"). Each
# names the journal in full, then parts in any order; a volume or a DOI must be among them.
_PUBLISHER_JOURNAL = re.compile(
    r"^(?P<journal>[A-Z][\w&.'’\-]*"
    r"(?:\s+(?:[A-Z][\w&.'’\-]*|of|and|the|in|for|&|de|der|fur|für))*)"
    r"(?=,|\s+volume\b)"
)
_PUB_VOLUME = re.compile(r"\b[Vv]olume\s+(?P<volume>\w+)")
_PUB_ISSUE = re.compile(r"\bIssue\s+(?P<issue>\w+)")
_PUB_PAGES = re.compile(
    r"\b[Pp]ages?\s+(?P<pages>\w+(?:\s*[-–]\s*\w+)?)|,\s*(?P<article>\d{4,})\s*$"
)
_PUB_DATE = re.compile(
    rf"(?:(?P<first>First published|Published)\s*:?\s*)?(?:(?P<day>\d{{1,2}})\s+)?"
    rf"(?P<mon>{MONTH})\s+(?P<year>{YEAR})|\((?P<pyear>{YEAR})\)"
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
    if embedded:
        return None
    mdpi = _MDPI.match(text)
    rest = (mdpi.group("rest") or "") if mdpi else ""
    if mdpi and (not rest.strip() or doi_after_label(rest) or _doi_url(rest)):
        return SourceLine(
            journal=squash(mdpi.group("journal")),
            full_title=True,
            issued={"date-parts": [[int(mdpi.group("year"))]]},
            volume=mdpi.group("volume"),
            issue=mdpi.group("issue"),
            page=expand_pages(mdpi.group("pages")),
            doi=doi_after_label(rest) or _doi_url(rest),
        )
    return _publisher_source(text)


def _publisher_source(text: str) -> SourceLine | None:
    """A publisher's own citation line (see ``_PUBLISHER_JOURNAL``), or ``None``."""
    journal = _PUBLISHER_JOURNAL.match(text)
    if not journal or len(text) > 300:
        return None
    rest = text[journal.end() :]
    volume, date, doi = _PUB_VOLUME.search(rest), _PUB_DATE.search(rest), _doi_url(rest)
    if not (volume or doi) or not date:
        return None
    name = squash(journal.group("journal"))
    source = SourceLine(journal=name, issued=None, full_title="." not in name)
    year = int(date.group("year") or date.group("pyear"))
    parts = [year]
    if date.group("mon"):
        parts.append(month_number(date.group("mon")) or 1)
        if date.group("day"):
            parts.append(int(date.group("day")))
    if date.group("first"):
        source.available = {"date-parts": [parts]}  # online first: no issue date yet
    else:
        source.issued = {"date-parts": [parts]}
    issue, pages = _PUB_ISSUE.search(rest), _PUB_PAGES.search(rest)
    source.volume = volume.group("volume") if volume else None
    source.issue = issue.group("issue") if issue else None
    if pages:
        source.page = expand_pages(pages.group("pages") or pages.group("article"))
    source.doi = doi
    return source


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
    volume = squash(volume) if volume else None
    supplement = re.match(r"^(?P<volume>\S+)\s+(?P<supp>(?:Suppl|Pt|Spec No)\b.*)$", volume or "")
    if supplement and not issue:
        # "2014;100 Suppl 3:A12": NLM puts a supplement without an issue after the volume.
        volume, issue = supplement.group("volume"), supplement.group("supp")
    source = SourceLine(
        journal=journal,
        issued=parse_date(match.group("date")),
        volume=volume,
        issue=squash(issue) if issue else None,
        start=match.start("journal"),
    )
    if pages:
        pages = pages.rstrip(".")
        if not volume and not issue:
            source.pii = pages  # ahead of print: the pii stands where the pages would
        else:
            source.page = expand_pages(pages)
    pii = _PII.search(tail)
    if pii:
        source.pii = source.pii or pii.group("pii")
    source.doi = doi_after_label(tail) or _doi_url(tail)
    epub = _EPUB.search(tail)
    if epub:
        source.available = parse_date(epub.group("date"))
    ids = read_ids(tail)
    source.pmid, source.pmcid = ids.get("PMID"), ids.get("PMCID")
    source.language = language_note(tail)
    return source


def language_note(text: str) -> str | None:
    """The language PubMed notes for a non-English article: ``[Article in Spanish]``, or the
    language name as a sentence of its own after the source (``… 2018 Mar;143(5):321-7.
    German.``)."""
    match = re.search(r"\[?Article in (?P<name>[A-Z][a-z]+)\]?", text) or re.search(
        r"(?:^\s*|[.;]\s)(?P<name>[A-Z][a-z]+)\.(?=\s|$)", text
    )
    if match and match.group("name").lower() in LANGUAGE_CODES:
        return LANGUAGE_CODES[match.group("name").lower()]
    return None


def doi_after_label(text: str) -> str | None:
    """The DOI after a ``doi:`` label in ``text`` (a stray space after the slash is rejoined)."""
    label = _DOI_LABEL.search(text)
    if not label:
        return None
    found = DOI_IN_TEXT.match(text, label.end())
    return clean_doi(found.group(0)) if found else None


def _doi_url(text: str) -> str | None:
    """A DOI given as a resolver URL (``https://doi.org/…``) rather than after ``doi:``."""
    match = re.search(r"https?://(?:dx\.|www\.)?doi\.org/\S+", text, re.IGNORECASE)
    return clean_doi(match.group(0)) if match else None


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


_ON_BEHALF = re.compile(r"^(?:on behalf of|for)\s+(?:the\s+)?", re.IGNORECASE)
_NAME_SUFFIX = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd"}


def parse_authors(line: str, *, order: str = "auto") -> list[dict[str, str]] | None:
    """Parse an author line; ``None`` when the line does not read as one.

    Accepts ``Libin Liang 1, Tong Tong 2`` (web page), ``Liang L, Tong T.`` (NLM short form),
    ``Liang L(1), Tong T(2).`` (PubMed abstract export), ``Keller, A., Brandt, J., & Lind, E.``
    (APA), glued markers (``Liang1``, ``Liang L1,2``), superscripts, ``*``/``†``, e-mail
    addresses, ``et al.``, corporate names (``; on behalf of the ViDA Study Group``) and
    ``[No authors listed]`` (an empty list: an author line with nobody on it). In a long list
    one name citekit cannot split is kept whole rather than losing the line.
    """
    text = re.sub(r"^by\s+(?=[A-Z])", "", squash(line))  # MDPI: "by Ana Keller and Li Wei"
    text = re.sub(
        r"[,;]?\s*\b(?:corresponding authors?|correspondence(?: to)?)\s*:?",
        ",",
        text,
        flags=re.IGNORECASE,
    )
    if _NO_AUTHORS.match(text):
        return []
    if not text or len(text) > 4000 or _reads_as_prose(text):
        return None
    parts = _pair_initials(split_authors(text))
    if not parts:
        return None
    names: list[dict[str, str]] = []
    odd = 0
    for part in parts:
        clean = _ON_BEHALF.sub("", strip_markers(part))
        if not clean or is_et_al(clean):
            continue
        if _reads_as_organisation(clean):
            names.append({"literal": clean.rstrip(".")})
        elif _reads_as_person(clean):
            person = parse_person(clean, order=order)
            if person:
                names.append(person)
        else:
            odd += 1
            names.append({"literal": clean.rstrip(".")})
    # A title split at its commas has few names in it; a long author list may hold one name
    # in a form the rules above do not know, which is kept whole rather than losing the line.
    if not names or (odd and (len(names) < 4 or odd * 4 > len(names))):
        return None
    return names


def _reads_as_prose(text: str) -> bool:
    """A sentence break followed by an ordinary lower-case word (not a name particle)."""
    return any(
        word.lower() not in _NAME_PARTICLES and not re.match(r"^[a-z]{1,2}['’]", word)
        for word in re.findall(r"[.?!:]\s+([a-z][\w'’]*)", text)
    )


def _pair_initials(parts: list[str]) -> list[str]:
    """``Keller``, ``A.``, ``Brandt``, ``J.`` (APA splits at every comma) → ``Keller, A.`` …"""
    if len(parts) < 2 or len(parts) % 2:
        return parts
    initials = parts[1::2]
    if not all(re.fullmatch(r"(?:[^\W\d_]\.[\s-]?){1,4}", p.strip()) for p in initials):
        return parts
    return [f"{family}, {given}" for family, given in zip(parts[::2], initials, strict=True)]


def _reads_as_person(text: str) -> bool:
    words = text.rstrip(".").split()
    if "," in text:
        family, _, given = text.partition(",")
        words = family.split() + given.split()
    if not 1 <= len(words) <= 6:
        return False
    if len(words) == 1 and not words[0][:1].isupper():
        return False
    return all(
        w in _NAME_SUFFIX
        or (
            _NAME_WORD.match(w)
            and (
                w[:1].isupper()
                or w.lower() in _NAME_PARTICLES
                or re.match(r"^[a-z]{1,2}['’][A-Z]", w) is not None
            )
        )
        for w in words
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
# a few orders: title above it (a heading or a plain line) and authors below it (wiki page);
# title and authors above it (Summary export); title and authors below it (Abstract export,
# PubMed web page); or everything on one line (Summary line). ``read_studies`` finds each
# source line, reads the parts around it, and collects the abstract paragraphs that follow.

_NUMBERING = re.compile(r"^\s*\d{1,4}\s*[.:)]\s+")
_IDS_LINE = re.compile(
    r"^(?:(?:PMID|PMCID|DOI|doi|PII|pii)\s*:|Free (?:PMC|article)|Free full text|"
    r"Review\.?$|Online ahead of print|eCollection|Epub|Keywords?\s*:|"
    r"(?:Received|Revised|Accepted|Published(?: online)?|First published)\s*:|"
    r"\[?Article in [A-Z][a-z]+\]?\.?$|\[?Epub ahead of print\]?\.?$)",
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
_AFFILIATION_HEAD = re.compile(r"^(?:Author information|Affiliations?)\s*:?(?:\s|$)", re.IGNORECASE)
_AFFILIATION = re.compile(r"^(?:\(\d+\)|\d+\s+[A-Z]|\d+[A-Z][a-z]|[¹²³⁴⁵⁶⁷⁸⁹])")
_COPYRIGHT = re.compile(
    r"^(?:Copyright|©|\(c\)\s*\d{4}|Published by|This article is)", re.IGNORECASE
)
_COMMENTARY = re.compile(
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


def _day_month_year(text: str) -> dict[str, Any] | None:
    day, month, year = text.split()
    number = month_number(month)
    return {"date-parts": [[int(year), number, int(day)]]} if number else None


_GENERIC_HEADING = re.compile(
    r"^(?:abstract|summary|references?|contents|table of contents|see also|vitamindwiki\b.*)$",
    re.IGNORECASE,
)
_LIST_MARK = re.compile(r"^\s*(?:\d{1,4}[.)]\s+|[-*+•]\s+)")
_URL_LINE = re.compile(r"^\s*https?://\S+\s*$")
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
        if custom:
            item["custom"] = custom
        return item


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
        text = _NUMBERING.sub("", text)
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
    return found, skip


def _line_source(text: str) -> SourceLine | None:
    """The source on a line: at its start (a source line), or after authors and title (a
    Summary line). A "journal" holding a sentence break means the line is the latter, unless
    it reads as a dotted abbreviation (``J. Clin. Invest.``)."""
    at_start = find_source(text)
    if at_start and (". " not in at_start.journal or _dotted_abbreviation(at_start.journal)):
        return at_start
    embedded = find_source(text, embedded=True)
    return embedded if embedded and embedded.start > 0 else at_start or embedded


def _dotted_abbreviation(journal: str) -> bool:
    pieces = journal.split(". ")
    if parse_authors(pieces[0]):
        return False  # "Kim J. Rickets. Lancet": authors and title, not a journal
    return all(len(p.split()) <= 3 and all(len(w) <= 10 for w in p.split()) for p in pieces)


def _link_doi(links: list[str]) -> str | None:
    for href in links:
        doi = clean_doi(href) if DOI_IN_TEXT.search(href) or "%2F" in href.upper() else None
        if doi:
            return doi
    return None


def read_studies(lines: list[Any]) -> list[Study]:
    """Assemble the studies of a page from its classified lines (see ``markdown.read_lines``)."""
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
        _read_body(study, lines, study.after, end, skip)
    return studies


def _read_summary_prefix(study: Study, before: str) -> None:
    """``Liang L, Tong T. Title of the study. `` before a source on the same line, or the
    title first (``Title. Liang L, Tong T. ``), as some reference lists order them."""
    before = _NUMBERING.sub("", before).strip()
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
    text = strip_title_period(_NUMBERING.sub("", text))
    return text or None


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
        and not dois_in_line(line.text)
    )


def _read_above(study: Study, lines: list[Any], index: int, floor: int, skip: set[int]) -> None:
    above = _previous(lines, index, floor, skip)
    if above is None:
        return
    line = lines[above]
    if line.kind in ("text", "bullet") and not _IDS_LINE.match(line.text):
        authors = parse_authors(_NUMBERING.sub("", line.text))
        if authors is not None:
            # Summary order: title, authors, source (blank lines between them or not).
            title_at = _previous(lines, above, floor, skip)
            if title_at is not None and _is_title_line(lines[title_at]):
                study.authors = authors
                study.title = _title(lines[title_at].text)
                study.first = title_at
            return
    if _is_title_line(line):
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
        and not _IDS_LINE.match(lines[i].text)
        and not _line_source(lines[i].text)
    ):
        parts.append(lines[i].text)
        i += 1
    return " ".join(parts), i


def _author_block(lines: list[Any], start: int) -> tuple[list[dict[str, str]] | None, int]:
    """An author line, joined with the next while it ends in a comma (a wrapped list)."""
    text, i = lines[start].text, start + 1
    while text.rstrip().endswith(",") and i < len(lines) and lines[i].kind == "text":
        text, i = text + " " + lines[i].text, i + 1
    return parse_authors(text), i


def _read_below(study: Study, lines: list[Any], index: int, skip: set[int]) -> None:
    nxt = _next_filled(lines, index + 1, skip)
    while (
        nxt is not None
        and lines[nxt].kind in ("text", "bullet")
        and (_IDS_LINE.match(lines[nxt].text) or dois_in_line(lines[nxt].text))
    ):
        # "Free PMC article", "PMID: …", a DOI link between the source and the authors
        _take_ids(study, lines[nxt])
        nxt = _next_filled(lines, nxt + 1, skip)
    if nxt is None or lines[nxt].kind not in ("text", "heading") or _line_source(lines[nxt].text):
        return
    authors, end = _author_block(lines, nxt)
    if authors is not None:
        study.authors = study.authors or authors
        study.after = end
        return
    if not _is_title_line(lines[nxt]):
        return
    # Abstract export and PubMed page: the title follows the source, then the authors.
    if lines[nxt].kind == "heading":
        text, end = lines[nxt].text, nxt + 1
    else:
        text, end = _title_block(lines, nxt)
    after_title = _next_filled(lines, end, skip)
    if after_title is None or lines[after_title].kind != "text":
        return
    authors, author_end = _author_block(lines, after_title)
    if authors is not None:
        study.title, study.authors, study.after = _title(text), authors, author_end


def _take_ids(study: Study, line: Any) -> None:
    for key, value in read_ids(line.text).items():
        study.ids.setdefault(key, value)
    if not study.source.language and re.search(r"Article in", line.text):
        study.source.language = language_note(line.text)
    published = _PUBLISHED.search(line.text)
    if published and not study.source.available:
        study.source.available = _day_month_year(published.group("date"))
    doi = (
        _link_doi(line.links)
        or doi_after_label(line.text)
        or next(iter(dois_in_line(line.text)), None)
    )
    if doi and not study.source.doi:
        study.source.doi = doi


def _read_body(study: Study, lines: list[Any], start: int, end: int, skip: set[int]) -> None:
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
            if _IDS_LINE.match(text) or "PMID" in text or "Article in" in text:
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
        if _IDS_LINE.match(text) or dois_in_line(text):
            _take_ids(study, line)
            in_affiliations = False
            continue
        if in_affiliations or (not started and _AFFILIATION.match(text)):
            continue
        if _COPYRIGHT.match(text) or _ABSTRACT_LABEL.match(text):
            continue
        if _COMMENTARY.match(text) or _is_emphasis_only(line.raw):
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
    if line.kind == "text" and not _is_emphasis_only(line.raw):
        return None
    return line.text.rstrip(" :")


def _is_emphasis_only(raw: str) -> bool:
    """A line that is all bold or italic is the wiki's own caption, not abstract text."""
    stripped = raw.strip()
    return bool(re.fullmatch(r"(\*\*|__|\*|_)[^*_].*?\1", stripped)) and stripped.count("**") <= 2
