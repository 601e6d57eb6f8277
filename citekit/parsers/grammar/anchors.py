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

Nothing is dropped silently: ``identifiers.unused_identifiers`` names every identifier on the
page that ended up in no study. How identifiers are read off a line is ``identifiers``; how a
reference list is told from other lists, and one entry read whole, is ``references``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import first_date, online_date
from citekit.names import parse_byline
from citekit.normalize import DOI_IN_TEXT, squash
from citekit.parsers.grammar.identifiers import (
    after_identifiers,
    before_identifiers,
    give,
    id_key,
    identifier_only,
    lacks,
    line_ids,
    study_ids,
)
from citekit.parsers.grammar.layout import (
    AFFILIATION_LINE,
    COMMENTARY,
    GENERIC_HEADING,
    author_block,
    clean_title,
    is_emphasis_only,
    is_title_line,
    read_body,
)
from citekit.parsers.grammar.loose import is_journal, looks_like_journal, read_source
from citekit.parsers.grammar.nlm import SourceLine
from citekit.parsers.grammar.references import (
    REFERENCES_HEAD,
    read_reference,
    real_byline,
    reference_authors,
    reference_lines,
    strip_list_mark,
    under_references_heading,
)
from citekit.parsers.grammar.sources import IDS_LINE, line_source
from citekit.parsers.grammar.study import Study

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
        if lacks(owner, kind):
            give(owner, kind, value)
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
    return identifier_only(lines[index]) and any(
        lacks(owner, kind) for kind, _ in line_ids(lines[index])
    )


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


# ---- one citation around its identifier --------------------------------------------------


def _anchored(lines: list[Any], index: int, ids: list[tuple[str, str]], floor: int) -> Study:
    line = lines[index]
    study = Study(source=SourceLine(journal="", issued=None), line=line.number)
    study.first, study.after, study.anchor = index, index + 1, index
    for kind, value in ids:
        give(study, kind, value)
    text = strip_list_mark(line.text)
    before = before_identifiers(text)
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
            study.source.issued = first_date(after_identifiers(text, linked))
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
                    study.source.issued = first_date(after_identifiers(text, title))
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
        if not identifier_only(lines[at]):
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
        if entry and reference_authors(above.text)[0] is not None:
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
            if GENERIC_HEADING.match(text) and not REFERENCES_HEAD.match(text):
                continue  # "### Abstract": the study's header is above it
            if not REFERENCES_HEAD.match(text):
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
        and (IDS_LINE.match(lines[at].text) or (line_ids(lines[at]) and identifier_only(lines[at])))
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
