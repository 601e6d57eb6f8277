"""VitaminDWiki pages: JSON front matter, then a Markdown body that pastes PubMed citations.

Front matter is Hugo's JSON form: an object at the very top with no delimiters, or between
``---``/``;;;`` lines (https://gohugo.io/content-management/front-matter/). The body is read
line by line (``markdown.read_lines``) and the citations in it by the NLM grammar
(``nlm.read_studies``). Every record carries the page's identity in ``custom.found_on``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from citekit.errors import Diagnostic
from citekit.parsers import ParseResult
from citekit.parsers.markdown import read_lines
from citekit.parsers.nlm import read_studies
from citekit.record import Record

NAME = "wiki"
_DELIMITED = re.compile(
    r"\A\ufeff?\s*(?P<fence>---|;;;)[ \t]*\n(?P<json>\{.*?\})\s*\n(?P=fence)[ \t]*(?:\n|\Z)",
    re.DOTALL,
)
_FRONT_KEYS = ("title", "slug", "tiki_page_id", "date", "aliases", "categories", "tags")


def matches(text: str) -> bool:
    """True when ``text`` opens with a JSON front matter object that names a page."""
    front, _ = _front_matter(text)
    return front is not None and any(k in front for k in _FRONT_KEYS)


def _front_matter(text: str) -> tuple[dict[str, Any] | None, int]:
    """The front matter object and the offset where the body starts (``None, 0`` if absent)."""
    delimited = _DELIMITED.match(text)
    if delimited:
        try:
            data = json.loads(delimited.group("json"))
        except ValueError:
            return None, 0
        return (data, delimited.end()) if isinstance(data, dict) else (None, 0)
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped.startswith("{"):
        return None, 0
    try:
        data, end = json.JSONDecoder().raw_decode(stripped)
    except ValueError:
        return None, 0
    if not isinstance(data, dict):
        return None, 0
    return data, len(text) - len(stripped) + end


def parse(text: str, *, origin: str) -> ParseResult:
    """Parse one wiki page into one record per cited study."""
    front, body_at = _front_matter(text)
    diagnostics: list[Diagnostic] = []
    if front is None:
        front = {}
        if text.lstrip().startswith(("{", "---", ";;;")):
            diagnostics.append(
                Diagnostic(origin, 1, "front matter is not a JSON object; read as body")
            )
    first_line = text.count("\n", 0, body_at) + 1
    lines = read_lines(text[body_at:], first_line)
    page = _page(front)
    records = []
    for study in read_studies(lines):
        item = study.csl()
        item.setdefault("custom", {})["found_on"] = {"file": origin, "line": study.line, **page}
        records.append(Record.from_csl(item))
        diagnostics += [Diagnostic(origin, study.line, problem) for problem in study.problems()]
    if not records:
        diagnostics.append(Diagnostic(origin, None, "page has no citation"))
    return ParseResult(records, diagnostics)


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
