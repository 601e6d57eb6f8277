"""Citations found by their identifiers, and the reference lists pasted under studies.

PubMed's source line is one way a wiki page cites a study (``layout.read_studies`` reads it);
real pages cite in many others, and what they nearly always keep is the DOI or PMID. So every
identifier on a page that no study read is an anchor: the citation is read around it — the
title is the heading, bold line or short line above it (the nearest one, so that a bold title
under a commentary heading wins); the journal and numbers come from the identifier's own line in
whatever form it takes (``loose``); the authors are the by-line below it. An identifier-only
line (``PMID: 123``) inside a study that lacks that identifier completes the study instead.

A study's own reference list (under a *References* heading, or a run of numbered entries in
the ``Authors. Title. Journal …`` form below a study) gives references: each is read as a whole
citation on its line and marked as a reference of the study above it.

Nothing is dropped silently: ``unused_identifiers`` names every identifier on the page that
ended up in no study.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from citekit.dates import YEAR, first_date, online_date
from citekit.names import parse_authors, parse_byline
from citekit.normalize import DOI_IN_TEXT, clean_doi, doi_key, squash, strip_title_period
from citekit.parsers.grammar.layout import (
    AFFILIATION_LINE,
    CITE_AS,
    COMMENTARY,
    GENERIC_HEADING,
    IDS_LINE,
    Study,
    author_block,
    clean_title,
    is_emphasis_only,
    is_title_line,
    line_source,
    read_body,
)
from citekit.parsers.grammar.loose import JOURNAL_WORDS, is_journal, looks_like_journal, read_source
from citekit.parsers.grammar.nlm import SourceLine

_PMID = re.compile(
    r"\bPMID\s*[:=#]?\s*(?P<id>\d{1,9})(?!\d)|\bPubMed(?:\s*ID)?\s*[:=#]?\s*(?P<id2>\d{6,9})(?!\d)",
    re.IGNORECASE,
)
_PUBMED_URL = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/(?:pubmed|m/pubmed)/|"
    r"europepmc\.org/(?:abstract/)?(?:med|MED)/)(?P<id>\d{1,9})(?!\d)",
    re.IGNORECASE,
)
_PMCID = re.compile(r"\bPMC(?P<id>\d{4,9})(?!\d)|\bPMCID\s*:?\s*PMC\s(?P<id2>\d{4,9})(?!\d)")
_REFERENCES_HEAD = re.compile(
    r"^(?:\d+\.?\s*)?(?:References?(?: list| cited)?|Bibliography|Literature cited|Works cited|"
    r"Cited literature|Citations|Notes and references|Footnotes|Sources|Literatur)"
    r"(?:\s*\(\d+\))?\s*:?$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:\[?\d{1,4}[.)\]]?\s+|\d{1,4}\.(?=[A-Z]))")
_URL = re.compile(r"https?://\S+|\bwww\.\S+")
_ID_LABELS = re.compile(
    r"\b(?:doi|DOI|PMID|PMCID|PubMed(?:\s*ID)?|pii|PII|Free PMC article|Free article|"
    r"Free full text|Epub ahead of print|Details not available[^.]*)\s*[:=]?",
)


# ---- identifiers on a line --------------------------------------------------------------


def line_ids(line: Any) -> list[tuple[str, str]]:
    """Every identifier on a line, in order, once each: ``("DOI", …)``, ``("PMID", …)``,
    ``("PMCID", …)``, read from its text and from its links' targets."""
    if line.ids is None:
        line.ids = _read_ids(line) if line.links or _may_hold_id(line.text) else []
    return line.ids


def _may_hold_id(text: str) -> bool:
    """A cheap first look: every identifier form holds one of these."""
    if "10." in text or "PM" in text:
        return True
    low = text.lower()
    return "pmid" in low or "pubmed" in low


def _read_ids(line: Any) -> list[tuple[str, str]]:
    found: list[tuple[int, str, str]] = []
    text = line.text  # spaces a PDF copy put inside DOIs are closed up by grammar.markdown
    for match in DOI_IN_TEXT.finditer(text):
        doi = clean_doi(match.group(0))
        if doi:
            found.append((match.start(), "DOI", doi))
    for match in _PMID.finditer(text):
        found.append((match.start(), "PMID", match.group("id") or match.group("id2")))
    for match in _PMCID.finditer(text):
        found.append((match.start(), "PMCID", "PMC" + (match.group("id") or match.group("id2"))))
    for offset, href in enumerate(line.links):
        at = len(text) + offset
        doi = clean_doi(href) if "10." in href or "%2F" in href.upper() else None
        if doi:
            found.append((at, "DOI", doi))
        pubmed = _PUBMED_URL.search(href)
        if pubmed:
            found.append((at, "PMID", pubmed.group("id")))
    for match in _PUBMED_URL.finditer(text):
        found.append((match.start(), "PMID", match.group("id")))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, kind, value in sorted(found, key=lambda f: f[0]):
        if id_key(kind, value) not in seen:
            seen.add(id_key(kind, value))
            out.append((kind, value))
    return out


def id_key(kind: str, value: str) -> str:
    """How identifiers compare: DOIs ignoring case, PMIDs without leading zeros."""
    if kind == "DOI":
        return "doi:" + doi_key(value)
    if kind == "PMID":
        return "pmid:" + value.lstrip("0")
    return kind.lower() + ":" + value.upper()


def study_ids(study: Study) -> list[tuple[str, str]]:
    ids = [("DOI", study.source.doi)] if study.source.doi else []
    ids += [(k, v) for k, v in (("PMID", study.source.pmid), ("PMCID", study.source.pmcid)) if v]
    return ids + [(k, v) for k, v in study.ids.items() if k in ("PMID", "PMCID")]


def _lacks(study: Study, kind: str) -> bool:
    return not any(k == kind for k, _ in study_ids(study))


def _give(study: Study, kind: str, value: str) -> None:
    if kind == "DOI":
        study.source.doi = value
    else:
        study.ids.setdefault(kind, value)


# ---- the page as a whole -----------------------------------------------------------------


def complete_studies(
    lines: list[Any], studies: list[Study], skip: set[int], page: str | None = None
) -> list[Study]:
    """The page's studies with every identifier placed: added to the study it completes, or
    read as a new study or reference anchored at its line. In page order. Lines in ``skip``
    (PubMed's lists of other articles: "Comment in", "Similar articles") give no study, except
    a pasted reference list, which gives references."""
    if not any(line_ids(line) for line in lines):
        return studies
    claimed: dict[str, Study] = {}
    for study in studies:
        _claim(claimed, study)
    references, headed = reference_lines(lines), under_references_heading(lines)
    everything = sorted(studies, key=lambda s: s.first)
    _mark_references(everything, references, headed, page)
    for index, line in enumerate(lines):
        if index in skip and index not in references:
            continue
        found = line_ids(line)
        fresh = [(k, v) for k, v in found if id_key(k, v) not in claimed]
        if not fresh:
            continue
        same_line = next((claimed[id_key(k, v)] for k, v in found if id_key(k, v) in claimed), None)
        # a study read from this very line (its source is here) takes what the line adds
        same_line = same_line or next((st for st in everything if st.line == line.number), None)
        owner = same_line or _owner(everything, index, lines)
        if owner is not None and (same_line or _completes(owner, lines, index)):
            fresh = _complete(owner, fresh, claimed)
            if not fresh:
                continue
        study = _anchored(lines, index, fresh, _floor(everything, index))
        main = _main_above(everything, index, references)
        if main is not None and index in references:
            study.reference_of = label(main)
        everything.append(study)
        everything.sort(key=lambda s: s.first)
        _claim(claimed, study)
    _mark_references(everything, references, headed, page)
    _read_bodies(everything, lines, skip)
    return everything


def _read_bodies(studies: list[Study], lines: list[Any], skip: set[int]) -> None:
    """The abstract, keywords and PDF links of each study found by its identifier, read as
    a source-line study's are: from its header to the next study."""
    for number, study in enumerate(studies):
        if study.anchor is None or study.reference_of is not None or study.abstract:
            continue
        end = studies[number + 1].first if number + 1 < len(studies) else len(lines)
        if end > study.after:
            read_body(study, lines, study.after, end, skip)


def _mark_references(
    studies: list[Study], references: set[int], headed: set[int], page: str | None
) -> None:
    """Studies read from a reference list are references of the main study above them. A
    list under a *References* heading with no study above it that citekit could read (its
    header has no source line or identifier) is the page's own article's: ``page:<title>``."""
    for study in studies:
        if study.reference_of is not None or study.first not in references:
            continue
        main = _main_above(studies, study.first, references)
        if main is not None:
            study.reference_of = label(main)
        elif page and study.first in headed:
            study.reference_of = f"page:{page}"


def _claim(claimed: dict[str, Study], study: Study) -> None:
    for kind, value in study_ids(study):
        claimed.setdefault(id_key(kind, value), study)


def _complete(owner: Study, fresh: list[tuple[str, str]], claimed: dict[str, Study]) -> list:
    """Give ``owner`` the kinds of identifier it lacks; the identifiers it cannot take."""
    rest = []
    for kind, value in fresh:
        if _lacks(owner, kind):
            _give(owner, kind, value)
            claimed[id_key(kind, value)] = owner
        else:
            rest.append((kind, value))
    return rest


def label(study: Study) -> str:
    """How a reference names the study that cites it."""
    for kind, value in study_ids(study):
        return f"{kind.lower()}:{value}"
    return study.title or f"line {study.line}"


def _owner(studies: list[Study], index: int, lines: list[Any]) -> Study | None:
    """The study whose text ``index`` is in: the last one above it, if no heading (other
    than an abstract's section label) separates them."""
    above = [s for s in studies if s.first < index and s.reference_of is None]
    if not above:
        return None
    study = above[-1]
    for line in lines[study.after : index]:
        # a rule only sets off the wiki's own summary inside a study; a heading starts anew
        if line.kind == "heading" and not _section_heading(line):
            return None
    return study


def _section_heading(line: Any) -> bool:
    return bool(
        re.match(
            r"^(?:abstract|methods?|results?|conclusions?|background|discussion|"
            r"objectives?|design|findings|summary|introduction)\b",
            line.text,
            re.I,
        )
    )


def _completes(owner: Study, lines: list[Any], index: int) -> bool:
    """An identifier-only line inside a study (``PMID: 123``, a DOI link, a PDF link to the
    publisher) belongs to that study when it lacks that kind of identifier."""
    return _identifier_only(lines[index]) and any(
        _lacks(owner, kind) for kind, _ in line_ids(lines[index])
    )


def _identifier_only(line: Any) -> bool:
    rest = _URL.sub(" ", line.text)
    rest = DOI_IN_TEXT.sub(" ", rest)
    rest = _ID_LABELS.sub(" ", rest)
    rest = re.sub(r"\bPMC\d+|\b\d{5,9}\b|©.*|Copyright.*", " ", rest)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= 6 or line.is_pdf_link


def _floor(studies: list[Study], index: int) -> int:
    """The first line a study anchored at ``index`` may reach up to: after the study above."""
    above = [s for s in studies if s.first < index]
    if not above:
        return 0
    last = above[-1]
    return max(last.after, (last.anchor or last.first) + 1) if last.after <= index else index


def _main_above(
    studies: list[Study], index: int, references: set[int] | None = None
) -> Study | None:
    """The study a reference at ``index`` belongs to: the last study above it that is not
    itself an entry of a reference list."""
    above = [
        s
        for s in studies
        if s.first < index
        and s.reference_of is None
        and (not references or s.first not in references)
        and _has_header(s)
    ]
    return above[-1] if above else None


def _has_header(study: Study) -> bool:
    """A study a page is about has a header: a source line, or a title with a journal or
    authors. A DOI quoted in an abstract (a supplement's, say) is no such study."""
    return study.anchor is None or bool(study.title and (study.source.journal or study.authors))


def under_references_heading(lines: list[Any]) -> set[int]:
    """Indices of the lines under a *References* heading, to the next heading as high, a rule
    or the wiki's own commentary."""
    found: set[int] = set()
    level: int | None = None
    for index, line in enumerate(lines):
        if level is not None:
            ends = line.kind == "rule" or (
                line.kind == "heading" and (line.heading_level or 7) <= level
            )
            if ends or COMMENTARY.match(line.text or ""):
                level = None
            else:
                found.add(index)
                continue
        if line.kind in ("heading", "text", "bullet") and _REFERENCES_HEAD.match(line.text):
            level = line.heading_level or 7
    return found


def reference_lines(lines: list[Any]) -> set[int]:
    """Indices of the lines of pasted reference lists: everything under a *References*
    heading (to the next heading as high, or a rule), and runs of two or more list entries
    that read as whole citations (``1. Holick MF. Vitamin D deficiency. N Engl J Med …``)."""
    found = under_references_heading(lines)
    run: list[int] = []
    gap: list[int] = []  # list items between entries that do not read as one (yet belong)
    for index, line in enumerate([*lines, None]):
        if line is not None and line.kind == "blank":
            continue
        if line is not None and _is_reference_entry(line):
            run += [*gap, index]
            gap = []
            continue
        if line is not None and run and len(gap) < 2 and _is_list_item(line):
            gap.append(index)
            continue
        if len(run) >= 2:
            found.update(run)
        run, gap = [], []
    return found


# How a reference-list entry opens: a family name and initials (``Holick MF.``, ``Inkster,
# B.``), after its number; a cheap test before the whole entry is read.
_AUTHOR_START = re.compile(
    r"^\W{0,3}(?:\[?\d{1,4}[a-z]?[.)\]]?\s*|[a-z]\s+)?(?:(?:1[5-9]|20)\d\d\s+)?"
    r"(?:[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2},?\s(?:[A-Z]{1,3}(?:[,.]|\s\(|\set\b)|[A-Z]\.)"
    r"|(?:[A-Z]\.\s?-?){1,3}\s?[A-Z][\w'’-]+,)"
)


def _is_list_item(line: Any) -> bool:
    return line.kind == "bullet" or (line.kind == "text" and bool(_LIST_ITEM.match(line.raw)))


def _is_reference_entry(line: Any) -> bool:
    """A list entry that opens with an author list and has a year: a cheap test (the entry
    is read in full only where it holds an identifier)."""
    if line.kind not in ("bullet", "text") or len(line.text) < 40:
        return False
    if not _AUTHOR_START.match(line.text) or not re.search(r"(?:1[5-9]|20)\d\d", line.text):
        return False
    raw = line.raw.lstrip(" *-+>")
    return line.kind == "bullet" or bool(_LIST_ITEM.match(raw))


# ---- one citation around its identifier --------------------------------------------------


def _anchored(lines: list[Any], index: int, ids: list[tuple[str, str]], floor: int) -> Study:
    line = lines[index]
    study = Study(source=SourceLine(journal="", issued=None), line=line.number)
    study.first, study.after, study.anchor = index, index + 1, index
    for kind, value in ids:
        _give(study, kind, value)
    text = _strip_list_mark(line.text)
    before = _before_identifiers(text)
    header = False  # the journal came from a PMC-style header above: the title may be below
    if line.kind == "heading":
        study.title = clean_title(_link_text(line) or before)
        study.first = index
        _source_below(study, lines, index)
    else:
        authors, title, source = read_reference(text)
        if authors is None:
            authors, title, source = _wrapped_reference(lines, index, text)
        reads_as_source = bool(before) and (line_source(before) or read_source(before))
        byline = parse_byline(before) if before and not authors and not reads_as_source else None
        linked = _link_text(line) if authors is None else None
        if linked and _reads_as_title(linked) and _title_like(linked):
            # "* [Serum fatty acids and endometriosis](…/pubmed/25539770) Sept 2015": the link
            # names the work; what follows is the date and the wiki's note
            study.title, study.first = clean_title(linked), index
            study.source.issued = first_date(_after_identifiers(text, linked))
        elif byline:
            # Frontiers' list pages: "Carlien Leyssens and Lieve Verlinden; doi: …"
            study.authors = byline
            _read_header_above(study, lines, index, floor)
        elif authors is not None and title:
            study.authors, study.title = authors, title
            _take_source(study, source)
            study.first = index
        else:
            _take_source(study, read_source(before) or read_source(text))
            if study.source.journal or study.source.volume or study.source.issued:
                _read_header_above(study, lines, index, floor)
            else:
                title = _link_text(line) or before
                if _reads_as_title(title) and _title_like(title):
                    study.title = clean_title(title)
                    study.first = index
                    study.source.issued = first_date(_after_identifiers(text, title))
                else:
                    header = _read_header_above(study, lines, index, floor)
    if not study.source.available:
        study.source.available = online_date(text)
    if not study.title or header:
        _title_below(study, lines, study.after)
    if not study.authors:
        _authors_below(study, lines, study.after)
    return study


def _title_below(study: Study, lines: list[Any], start: int) -> None:
    """PMC's article page: journal, date and identifiers first, then the title and the
    authors. A title-like line followed by a by-line, below the identifier lines."""
    at = _next_filled(lines, start)
    while (
        at is not None
        and lines[at].kind == "text"
        and (IDS_LINE.match(lines[at].text) or line_ids(lines[at]))
    ):
        if not _identifier_only(lines[at]):
            return
        at = _next_filled(lines, at + 1)
    if at is None or not _title_like(lines[at].text) or not is_title_line(lines[at]):
        return
    below = _next_filled(lines, at + 1)
    authors = parse_byline(lines[below].spaced) if below is not None else None
    if real_byline(authors):
        study.title, study.authors, study.after = clean_title(lines[at].text), authors, below + 1


def _wrapped_reference(
    lines: list[Any], index: int, text: str
) -> tuple[list[dict[str, str]] | None, str | None, SourceLine | None]:
    """A reference whose end (source, identifiers) wrapped onto a line of its own: the entry
    above it, without identifiers of its own, read together with this line."""
    for at in range(index - 1, max(index - 4, -1), -1):
        above = lines[at]
        if above.kind == "blank":
            continue
        entry = above.kind in ("text", "bullet") and not line_ids(above)
        if entry and _reference_authors(above.text)[0] is not None:
            return read_reference(above.text + " " + text)
        break
    return None, None, None


def _take_source(study: Study, source: SourceLine | None) -> None:
    if source is None:
        return
    doi, ids = study.source.doi, study.source
    source.doi = source.doi or doi
    source.pmid, source.pmcid = source.pmid or ids.pmid, source.pmcid or ids.pmcid
    study.source = source


def _strip_list_mark(text: str) -> str:
    """``1.``, ``39a.``, ``[16]``, ``162.Karbasi``, ``10 Slinin``, ``o Prince RL``: the
    numbering of a reference list."""
    return re.sub(
        r"^\s*(?:\[?\d{1,4}[a-z]?[.)\]]\s*|\d{1,4}\s+(?=[A-Z])|[a-z]\s+(?=[A-Z][a-z]+\s[A-Z]{1,3}\b))",
        "",
        text,
    )


def _before_identifiers(text: str) -> str:
    """The text of a line before its first identifier, URL or identifier label."""
    cut = re.search(
        r"\[?\(?(?:https?://|www\.|\bdoi\b|\bDOI\b|\bPMID\b|\bPMCID\b|\bPubMed\b|10\.\d{4,9}/)",
        text,
    )
    return text[: cut.start()].strip(" ,;:|([-–") if cut else text


def _after_identifiers(text: str, title: str) -> str:
    """What a bullet says beside the title it links (``… - 2015,``, ``Dec 2014``)."""
    rest = text.replace(title, " ", 1) + " " + title[-12:]
    return _URL.sub(" ", DOI_IN_TEXT.sub(" ", rest))


def _link_text(line: Any) -> str | None:
    """The text of the line's link that carries an identifier (``[Title](https://…/doi/…)``)."""
    for match in re.finditer(r"\[(?P<text>[^\]]{20,})\]\((?P<href>[^)]*)\)", line.raw):
        href = match.group("href")
        if ("10." in href or "pubmed" in href.lower()) and not DOI_IN_TEXT.search(
            match.group("text")
        ):
            return squash(re.sub(r"[*_]+", "", match.group("text")))
    return None


_NOT_TITLE = re.compile(
    r"^(?:click|download|read|see|here|link|free|full text|pdf|abstract|publisher|behind)\b", re.I
)


def _reads_as_title(text: str | None) -> bool:
    """Text beside an identifier that can be the work's title: not a lower-case fragment of
    a sentence (a link inside prose), not a button."""
    if not text or len(text) < 15 or len(text) > 400 or not text[:1].isupper():
        return False
    if _NOT_TITLE.match(text):
        return False
    words = text.split()
    return len(words) >= 3 and not IDS_LINE.match(text) and not COMMENTARY.match(text)


def _read_header_above(study: Study, lines: list[Any], index: int, floor: int) -> bool:
    """Title (and authors) above an identifier line: the nearest heading, bold line or short
    title-like line, passing over a by-line, a journal line and other identifier lines. True
    when it took the source from a header line above (PMC's layout)."""
    passed = 0
    header_taken = in_abstract = False
    for at in range(index - 1, floor - 1, -1):
        line = lines[at]
        if line.kind in ("blank", "media"):
            continue
        if line.kind == "rule":
            return header_taken
        text = line.text
        if _is_prose(text) and line.kind != "heading":
            in_abstract = True  # the abstract between the study's header and its identifier
            continue
        passed += 1
        if passed > (20 if in_abstract else 6):  # an abstract's lists and short sentences
            return header_taken
        if line.kind == "heading":
            if GENERIC_HEADING.match(text) and not _REFERENCES_HEAD.match(text):
                continue  # "### Abstract": the study's header is above it
            if not _REFERENCES_HEAD.match(text):
                study.title, study.first = clean_title(text), at
            return header_taken
        if AFFILIATION_LINE.search(text):
            continue
        if IDS_LINE.match(text) or line_ids(line):
            continue
        header = None if study.source.journal else (line_source(text) or read_source(text))
        if header is not None and header.journal and header.start == 0:
            # PMC's header: "Korean J Intern Med. Jul 2014; 29(4): 416–427." above the DOI line
            _take_source(study, header)
            study.first, header_taken = at, True
            continue
        if not study.source.journal and looks_like_journal(text):
            study.source.journal, study.source.full_title = text.rstrip("."), True
            continue
        authors = parse_byline(line.spaced) if not study.authors else None
        if real_byline(authors):
            study.authors, study.first = authors, at
            continue
        if not study.source.journal and is_journal(text.rstrip(".")):
            study.source.journal, study.source.full_title = text.rstrip("."), True
            continue
        title_line = is_emphasis_only(line.raw) or is_title_line(line)
        # inside an abstract, short lines are its sentences and the wiki's highlights
        if title_line and not in_abstract and _title_like(text) and not text.endswith(":"):
            study.title, study.first = clean_title(text), at
            return header_taken
    return header_taken


_SECTION_START = re.compile(
    r"^(?:[A-Z][A-Za-z ]{2,40}:\s|(?:Objectives?|Background|Introduction|Aims?|Purpose|Methods?|"
    r"Patients and methods|Materials and methods|Design|Setting|Results?|Findings|Conclusions?|"
    r"Interpretation|Context|Importance)\.\s)",
    re.IGNORECASE,
)


def _is_prose(text: str) -> bool:
    """A paragraph (of an abstract, or the wiki's commentary), not a title or a by-line."""
    sentences = re.split(r"(?<=[a-z]{2}[.!?])\s+(?=[A-Z])", text)  # "Alfio V. Parisi": no break
    return len(text) > 300 or len(sentences) > 2 or bool(_SECTION_START.match(text))


def _title_like(text: str) -> bool:
    """A line short enough to be a title, not a paragraph of prose or the wiki's own note."""
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return 3 <= len(text.split()) <= 60 and len(sentences) <= 2


def _source_below(study: Study, lines: list[Any], index: int) -> None:
    """A heading holding the identifier: the source is on the next line (which may repeat
    the identifier), the authors below that."""
    at = _next_filled(lines, index + 1)
    if at is None:
        return
    own = {id_key(k, v) for k, v in study_ids(study)}
    other = [i for i in line_ids(lines[at]) if id_key(*i) not in own]
    source = None if other else (line_source(lines[at].text) or read_source(lines[at].text))
    if source is not None:
        _take_source(study, source)
        study.after = at + 1


def _authors_below(study: Study, lines: list[Any], start: int) -> None:
    at = _next_filled(lines, start)
    while (
        at is not None
        and lines[at].kind == "text"
        and (
            IDS_LINE.match(lines[at].text) or (line_ids(lines[at]) and _identifier_only(lines[at]))
        )
    ):
        at = _next_filled(lines, at + 1)
    if at is None or lines[at].kind not in ("text", "bullet"):
        return
    if line_ids(lines[at]) or line_source(lines[at].text):
        return
    authors, end = author_block(lines, at)
    if real_byline(authors):
        study.authors, study.after = authors, end


def _next_filled(lines: list[Any], start: int) -> int | None:
    for at in range(start, min(len(lines), start + 6)):
        if lines[at].kind not in ("blank", "media"):
            return at
    return None


# ---- a whole reference on one line -------------------------------------------------------


_DATED_AUTHORS = re.compile(
    rf"^(?P<authors>[^()]+?)\s*\((?P<year>{YEAR})[a-z]?\)[.,:]?\s+(?P<rest>.+)$"
)
_ET_AL = re.compile(r",?\s*(?:et al\.?|\.\s\.\s\.)\s*,?\s*$")
_REFERENCE_IDS = re.compile(r"[;.,]?\s*(?:\bPMID\b|\bdoi\b|\bDOI\b|https?://|\[?PubMed|\bPMCID\b)")


def read_reference(
    text: str,
) -> tuple[list[dict[str, str]] | None, str | None, SourceLine | None]:
    """A reference-list entry: authors, title and source on one line, in the orders reference
    lists use (``Holick MF. Vitamin D deficiency. N Engl J Med 2007; 357:266-81``;
    ``McKenzie RL, Liley JB (2006) Title. Journal 5:343–352``). ``(None, None, None)`` when
    the line does not open with an author list followed by a title."""
    authors, head, body = _reference_authors(text)
    if authors is None:
        return None, None, None
    dated = _DATED_AUTHORS.match(body)
    if dated and dated.group("authors") == head:
        title, source_text = _split_title(dated.group("rest"))
        source = read_source(source_text) if source_text else None
        if source is None:
            source = SourceLine(journal="", issued=None)
        if not source.issued:
            source.issued = {"date-parts": [[int(dated.group("year"))]]}
        return authors, title, source
    embedded = line_source(body)
    if embedded and embedded.start > len(head):
        title = strip_title_period(body[len(head) : embedded.start].strip(" .,:"))
        return authors, title or None, embedded
    title, source_text = _split_title(body[len(head) :].strip(" .,:"))
    return authors, title, read_source(source_text) if source_text else None


def _reference_authors(text: str) -> tuple[list[dict[str, str]] | None, str, str]:
    """The author list a reference opens with, the text it takes up, and the reference
    without its number and identifiers."""
    return _opening_authors(text)


_INITIALS_NAME = re.compile(r"^(?:[A-Z]\.\s?-?){1,3}\s?[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?$")


def _initials_first(body: str) -> tuple[list[dict[str, str]], str, str] | None:
    """Springer's lists: ``N.C. Bozkurt, E. Cakal, T. Delibasi, The relation of …``: names
    with their initials first, separated by commas, the title after the last of them."""
    parts = body.split(", ")
    names = 0
    while names < len(parts) and _INITIALS_NAME.match(parts[names].strip()):
        names += 1
    if not names or names == len(parts):
        return None
    head = ", ".join(parts[:names])
    authors = parse_authors(head)
    return (authors, head, body) if authors else None


def real_byline(authors: list[dict[str, str]] | None) -> bool:
    """A by-line names people: several, or one with a given name (``Objectives`` alone on a
    line, or a journal's name, is none)."""
    if not authors:
        return False
    if len(authors) == 1:
        words = " ".join(v for v in authors[0].values() if isinstance(v, str)).split()
        if any(w in JOURNAL_WORDS for w in words):
            return False  # "Acta Paediatrica", "Neurology": the journal line above the by-line
    return len(authors) > 1 or bool(authors[0].get("given") or authors[0].get("literal"))


def _plausible(authors: list[dict[str, str]] | None) -> bool:
    """A reference's author list: several names, or one with initials (``Holick MF``); one
    bare name (``Kidney International (2012) 82``) is a journal, not a person."""
    return bool(authors) and (len(authors) > 1 or _has_initials(authors[0]))  # type: ignore[index]


def _has_initials(name: dict[str, str]) -> bool:
    given = name.get("given") or ""
    return bool(re.fullmatch(r"(?:[^\W\d_]\.[\s-]?)+", given.strip()))


def _opening_authors(text: str) -> tuple[list[dict[str, str]] | None, str, str]:
    text = CITE_AS.sub("", _strip_list_mark(text).strip())
    text = re.sub(r"^(?:\*\s*)?\d{1,4}\s*[.)]?\s+(?=[A-Z])", "", text)
    body = _REFERENCE_IDS.split(text)[0]
    dated = _DATED_AUTHORS.match(body)
    if dated:
        authors = parse_authors(_ET_AL.sub("", dated.group("authors")))
        if _plausible(authors):
            return authors, dated.group("authors"), body
    initialled = _initials_first(body)
    if initialled:
        return initialled
    pieces = re.split(r"(?<=[.?!])\s+|(?<=[A-Za-z]):\s+", body)
    for cut in range(1, min(len(pieces), 5)):
        head = " ".join(pieces[:cut])
        authors = parse_authors(_ET_AL.sub("", head.rstrip(".:")))
        if _plausible(authors):
            return authors, head, body
        if not re.search(r"\b[A-Z]\.$", pieces[cut - 1]):
            break  # only dotted initials ("Smith J. A.") carry a name past a period
    return None, "", body


def _split_title(text: str) -> tuple[str | None, str | None]:
    """``Title of the study. Journal 2012; 8:1`` → (title, rest): the title ends at the first
    sentence end after which the rest reads as a source."""
    for match in re.finditer(r"[.?!]\s+", text):
        rest = text[match.end() :]
        if read_source(rest) is not None:
            return strip_title_period(text[: match.end()].strip()) or None, rest
    head, _, rest = text.partition(". ")
    return strip_title_period(head) or None, rest or None


# ---- what no study took -------------------------------------------------------------------


def unused_identifiers(lines: list[Any], studies: Iterable[Study]) -> list[tuple[int, str, str]]:
    """(line number, kind, value) of every identifier on the page that no study carries."""
    used = {id_key(k, v) for study in studies for k, v in study_ids(study)}
    out = []
    for line in lines:
        for kind, value in line_ids(line):
            key = id_key(kind, value)
            if key not in used and not any(
                kind == "DOI" and u.startswith("doi:") and (u.startswith(key) or key.startswith(u))
                for u in used
            ):
                out.append((line.number, kind, value))
                used.add(key)
    return out
