"""VitaminDWiki pages: JSON front matter, then a Markdown body that pastes citations.

Front matter is Hugo's JSON form: an object at the very top with no delimiters, or between
``---``/``;;;`` lines (https://gohugo.io/content-management/front-matter/). The body is read
line by line (``grammar.markdown``); the studies on it are found twice over: by their source
lines in any grammar citekit knows (``grammar.layout``: PubMed, publishers, book chapters),
then by every DOI or PMID no study took (``grammar.anchors``: free-form journal lines, bullet
lists, PMC headers, the reference list pasted under a study). An identifier that still ends
up in no record is reported with its line. Every record carries the page's identity in
``custom.found_on``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from citekit.errors import Diagnostic
from citekit.parsers import ParseResult
from citekit.parsers.grammar.anchors import complete_studies
from citekit.parsers.grammar.identifiers import unused_identifiers
from citekit.parsers.grammar.layout import clean_title, read_page
from citekit.parsers.grammar.markdown import read_lines
from citekit.record import Record

NAME = "wiki"
# The file suffixes a folder is searched for on this reader's behalf (content decides
# which reader reads a file; these only decide which files in a folder are read).
SUFFIXES = (".md", ".markdown")
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# a front matter object at the very top; a wiki page may quote any other format.
DETECT_ORDER = 20
_DELIMITED = re.compile(
    r"\A\ufeff?\s*(?P<fence>---|;;;)[ \t]*\n(?P<json>\{.*?\})\s*\n(?P=fence)[ \t]*(?:\n|\Z)",
    re.DOTALL,
)
_PAGE_KEY = re.compile(r'"(?:tiki_page_id|slug|aliases)"\s*:')
_FRONT_KEYS = ("title", "slug", "tiki_page_id", "date", "aliases", "categories", "tags")


def matches(text: str) -> bool:
    """True when ``text`` opens with a front matter object that names a page (even a broken
    one: the page is still a wiki page, and its parse says what is wrong with the header)."""
    front, _, _ = _front_matter(text)
    if front is not None:
        return any(k in front for k in _FRONT_KEYS)
    head = text.lstrip("\ufeff \t\r\n")[:4000]
    return head.startswith(("{", "---", ";;;")) and bool(_PAGE_KEY.search(head))


def _front_matter(text: str) -> tuple[dict[str, Any] | None, int, str | None]:
    """The front matter object, the offset where the body starts, and what was wrong with
    the front matter if it could not be read (``None, 0, None`` when there is none)."""
    try:
        delimited = _DELIMITED.match(text)
        if delimited:
            data = json.loads(delimited.group("json"))
            if isinstance(data, dict):
                return data, delimited.end(), None
            return None, delimited.end(), "front matter is not a JSON object"
        stripped = text.lstrip("\ufeff \t\r\n")
        if not stripped.startswith("{"):
            return None, 0, None
        data, end = json.JSONDecoder().raw_decode(stripped)
    except json.JSONDecodeError as error:
        return (
            None,
            _header_end(text),
            f"front matter is not valid JSON (line {error.lineno}: {error.msg})",
        )
    except RecursionError:
        return None, _header_end(text), "front matter is nested too deeply to read"
    if not isinstance(data, dict):
        return None, 0, None
    return data, len(text) - len(stripped) + end, None


def _header_end(text: str) -> int:
    """Where the body starts after a front matter block that could not be parsed: after the
    closing delimiter, or after the first line that is a lone ``}``."""
    closing = re.search(r"^(?:---|;;;|\})[ \t]*$", text[3:], re.MULTILINE)
    if not closing:
        return 0
    return 3 + closing.end()


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse one wiki page into one record per cited study."""
    front, body_at, problem = _front_matter(text)
    diagnostics: list[Diagnostic] = []
    if problem:
        diagnostics.append(
            Diagnostic(
                origin,
                1,
                f"{problem}; the page's title, slug and id are lost",
                "warning",
                "bad-front-matter",
            )
        )
    first_line = text.count("\n", 0, body_at) + 1
    lines = read_lines(text[body_at:], first_line)
    page = _page(front or {})
    records = []
    studies = complete_studies(lines, *read_page(lines), page=page.get("page_title"))
    if studies and not studies[0].title and isinstance(page.get("page_title"), str):
        titled = _title_from_page(studies[0], lines, page["page_title"])
        if titled:
            diagnostics.append(
                Diagnostic(origin, studies[0].line, titled, "warning", "title-from-page")
            )
    for study in studies:
        item = study.csl()
        item.setdefault("custom", {})["found_on"] = {"file": origin, "line": study.line, **page}
        records.append(Record.from_csl(item))
        diagnostics += [
            Diagnostic(origin, study.line, message, "warning", code)
            for code, message in study.problems()
        ]
    for number, kind, value in unused_identifiers(lines, studies):
        diagnostics.append(
            Diagnostic(
                origin,
                number,
                f"{kind} {value} is on the page but in no record",
                "warning",
                # doi-unused, pmid-unused, pmcid-unused: one code per kind of identifier
                f"{kind.lower()}-unused",
            )
        )
    if not records:
        diagnostics.append(
            Diagnostic(origin, None, "page has no citation", "warning", "no-citation")
        )
    return ParseResult(records, diagnostics)


def _title_from_page(study: Any, lines: list[Any], page_title: str) -> str | None:
    """A page that opens with the citation itself (``J Investig Med. 2011 Aug; …``), or whose
    first study is known by an identifier alone (a ``PMID:`` line under a pasted abstract),
    names the study in its own title, with the wiki's additions (``– Holick 1995``,
    ``(nope)``): that title, cleaned, is the study's. Says so, since it is the wiki's wording,
    not the journal's."""
    opens = not any(line.kind in ("text", "heading", "bullet") for line in lines[: study.first])
    if not opens and study.anchor is None:
        return None  # a source line with text above it that is not its title: leave it
    title = clean_title(re.sub(r"\s*\([a-z][^()]*\)\s*$", "", page_title))
    if not title:
        return None
    study.title = title
    return "citation has no title of its own; the page's title is used"


def _page(front: dict[str, Any]) -> dict[str, Any]:
    page: dict[str, Any] = {}
    if isinstance(front.get("title"), str):
        page["page_title"] = front["title"]
    if isinstance(front.get("slug"), str):
        page["slug"] = front["slug"]
    if isinstance(front.get("tiki_page_id"), int):
        page["tiki_page_id"] = front["tiki_page_id"]
    if isinstance(front.get("date"), str):
        page["page_date"] = front["date"]
    return page
