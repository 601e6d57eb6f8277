"""Reference lists pasted under a study: which lines are one, and an entry read whole.

A list under a *References* heading (to the next heading as high, a rule or the wiki's own
commentary), or a run of two or more numbered entries that open with an author list and hold
a year. An entry is read as authors, title and source on one line, in the orders reference
lists use: Vancouver (``Holick MF. Vitamin D deficiency. N Engl J Med 2007; 357:266-81``),
author-year (``McKenzie RL, Liley JB (2006) Title. Journal 5:343–352``) and Springer's initials
first (``N.C. Bozkurt, E. Cakal, The relation of …``).
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import YEAR
from citekit.names import parse_authors
from citekit.normalize import strip_title_period
from citekit.parsers.grammar.layout import COMMENTARY
from citekit.parsers.grammar.loose import JOURNAL_WORDS, read_source
from citekit.parsers.grammar.nlm import SourceLine
from citekit.parsers.grammar.sources import CITE_AS, line_source

REFERENCES_HEAD = re.compile(
    r"^(?:\d+\.?\s*)?(?:References?(?: list| cited)?|Bibliography|Literature cited|Works cited|"
    r"Cited literature|Citations|Notes and references|Footnotes|Sources|Literatur)"
    r"(?:\s*\(\d+\))?\s*:?$",
    re.IGNORECASE,
)

_LIST_ITEM = re.compile(r"^\s*(?:\[?\d{1,4}[.)\]]?\s+|\d{1,4}\.(?=[A-Z]))")


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
        if line.kind in ("heading", "text", "bullet") and REFERENCES_HEAD.match(line.text):
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


def strip_list_mark(text: str) -> str:
    """``1.``, ``39a.``, ``[16]``, ``162.Karbasi``, ``10 Slinin``, ``o Prince RL``: the
    numbering of a reference list."""
    return re.sub(
        r"^\s*(?:\[?\d{1,4}[a-z]?[.)\]]\s*|\d{1,4}\s+(?=[A-Z])|[a-z]\s+(?=[A-Z][a-z]+\s[A-Z]{1,3}\b))",
        "",
        text,
    )


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
    authors, head, body = reference_authors(text)
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


def reference_authors(text: str) -> tuple[list[dict[str, str]] | None, str, str]:
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
    text = CITE_AS.sub("", strip_list_mark(text).strip())
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
