"""Crossref's work message (and DOI content negotiation's CSL-JSON) → citekit record fields.

Crossref documents the message in its REST API format (``api_format.md``): titles, container
titles and ISSNs are lists, dates are ``{"date-parts": [[y, m, d]]}``, titles and abstracts may
carry JATS or HTML markup, and records deposited decades ago often have names in capitals.
Nothing in an answer is trusted: every value is type-checked, markup is removed and text is
tidied before it can reach a writer (which escapes it again for its own format).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, get_args

from citekit.names import fix_caps
from citekit.normalize import clean_issn, clean_language, expand_pages, tidy_prose
from citekit.record import CslType, Date, Name

# Crossref work types (api.crossref.org/types) → CSL 1.0.2 item types.
CROSSREF_TO_CSL_TYPE = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book-part": "chapter",
    "book-section": "chapter",
    "book-track": "chapter",
    "book": "book",
    "edited-book": "book",
    "monograph": "book",
    "reference-book": "book",
    "book-set": "book",
    "book-series": "book",
    "proceedings-article": "paper-conference",
    "proceedings": "book",
    "proceedings-series": "book",
    "posted-content": "article",
    "dissertation": "thesis",
    "report": "report",
    "report-component": "report",
    "report-series": "report",
    "dataset": "dataset",
    "database": "dataset",
    "component": "document",
    "standard": "standard",
    "standard-series": "standard",
    "reference-entry": "entry",
    "peer-review": "review",
    "journal": "periodical",
    "journal-issue": "periodical",
    "journal-volume": "periodical",
    "grant": "document",
    "other": "document",
}
FALLBACK_TYPE = "document"
CSL_TYPES = frozenset(get_args(CslType))

# Crossref keys copied as plain text into the record attribute of the same meaning.
CROSSREF_TEXT_FIELDS = {
    "volume": "volume",
    "issue": "issue",
    "publisher": "publisher",
    "publisher-location": "publisher_place",
    "edition-number": "edition",
}
# CSL-JSON (content negotiation) keys taken as plain text, by record attribute.
CSL_TEXT_FIELDS = {
    "title": "title",
    "container-title": "container_title",
    "container-title-short": "container_title_short",
    "collection-title": "collection_title",
    "volume": "volume",
    "issue": "issue",
    "number": "number",
    "edition": "edition",
    "publisher": "publisher",
    "publisher-place": "publisher_place",
    "genre": "genre",
    "number-of-pages": "number_of_pages",
}
# Markup elements that separate text (a paragraph, a heading); inline ones (<i>, <sub>) do not.
_BLOCK_TAGS = {
    "p",
    "sec",
    "title",
    "div",
    "br",
    "li",
    "list-item",
    "list",
    "label",
    "caption",
    "table",
    "tr",
    "td",
    "abstract",
}
_ABSTRACT_HEADINGS = {"abstract", "summary"}
# Control characters (C0 and C1, bar white space) would corrupt a RIS line or a terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_RESOLVER = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """What a source says about a DOI: record fields plus what conflict checks compare."""

    fields: dict[str, Any]
    # Every title the source gives (with and without subtitle, original language, short).
    titles: tuple[str, ...] = ()
    # Every year it gives (print, online, issued): a paper may be online a year before print.
    years: frozenset[int] = frozenset()
    # The page range and the article number.
    pages: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------
# Text


class _TextOnly(HTMLParser):
    """Collect the text of JATS/HTML markup; block elements become spaces."""

    def __init__(self, *, drop_heading: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._drop_heading = drop_heading
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local in _BLOCK_TAGS:
            self.parts.append(" ")
        if local == "title" and self._drop_heading and not "".join(self.parts).strip():
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        local = tag.rsplit(":", 1)[-1]
        if local == "title" and self._heading is not None:
            heading = "".join(self._heading).strip()
            # "Abstract" as the abstract's own heading is a label, not content.
            if heading.casefold().rstrip(":") not in _ABSTRACT_HEADINGS:
                self.parts.append(heading)
            self._heading = None
        if local in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        (self._heading if self._heading is not None else self.parts).append(data)


def plain_text(value: Any, *, abstract: bool = False) -> str | None:
    """Text without markup, entities decoded, control characters dropped, spaces tidied."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    if "<" in value:
        parser = _TextOnly(drop_heading=abstract)
        parser.feed(value)
        parser.close()
        value = "".join(parser.parts)
    else:
        value = html.unescape(value)
    value = _CONTROL.sub("", value)
    return tidy_prose(value) or None


def _first_text(value: Any) -> str | None:
    """The first usable string of a Crossref list (or a bare string)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        text = plain_text(item)
        if text:
            return text
    return None


def _all_text(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in (plain_text(i) for i in items) if t]


def join_subtitle(title: str | None, subtitle: str | None) -> str | None:
    """``Title: Subtitle`` unless the title already carries it."""
    if not title or not subtitle or subtitle.casefold() in title.casefold():
        return title
    return f"{title} {subtitle}" if title[-1] in ":?!.—–" else f"{title}: {subtitle}"


# --------------------------------------------------------------------------------------
# Names, dates, numbers


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _fix_given(given: str) -> str:
    # Dotted initials ("J. R.") stay as they are; whole given names in capitals are fixed.
    return " ".join(w if "." in w or len(w) == 1 else fix_caps(w) for w in given.split())


def person(raw: Any) -> Name | None:
    """A CSL name from a Crossref contributor or a CSL name object."""
    if not isinstance(raw, dict):
        return None
    family = plain_text(raw.get("family"))
    given = plain_text(raw.get("given"))
    literal = plain_text(raw.get("name")) or plain_text(raw.get("literal"))
    if not family:
        return Name(literal=literal or given) if (literal or given) else None
    if _shouting(family):
        # Old deposits spell names in capitals (SMITH, JOHN); the person's name is Smith, John.
        family = fix_caps(family)
        given = _fix_given(given) if given else None
    elif given and _shouting(given) and len(given.replace(".", "").replace(" ", "")) > 3:
        given = _fix_given(given)
    return Name(
        family=family,
        given=given,
        suffix=plain_text(raw.get("suffix")),
        non_dropping_particle=plain_text(raw.get("non-dropping-particle")),
        dropping_particle=plain_text(raw.get("dropping-particle")),
    )


def people(raw: Any) -> list[Name]:
    """CSL names from a list of contributors; malformed entries are skipped."""
    if not isinstance(raw, list):
        return []
    return [name for name in (person(item) for item in raw) if name]


def date(raw: Any) -> Date | None:
    """A CSL date from ``{"date-parts": [[y, m, d]]}``; unknown or impossible parts end it."""
    if not isinstance(raw, dict):
        return None
    parts = raw.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    clean: list[int] = []
    for value, (low, high) in zip(parts[0], ((1, 9999), (1, 12), (1, 31)), strict=False):
        number = _integer(value)
        if number is None or not low <= number <= high:
            break
        clean.append(number)
    return Date(date_parts=[clean]) if clean else None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def _issn(message: dict[str, Any]) -> str | None:
    typed = message.get("issn-type")
    values: list[str] = []
    if isinstance(typed, list):
        # Print first: it is the ISSN most catalogues file the journal under.
        order = {"print": 0, "electronic": 1}
        entries = [e for e in typed if isinstance(e, dict) and isinstance(e.get("value"), str)]
        entries.sort(key=lambda e: order.get(str(e.get("type")), 2))
        values = [e["value"] for e in entries]
    values += _all_text(message.get("ISSN"))
    return clean_issn(", ".join(values))


def _isbn(value: Any) -> str | None:
    return ", ".join(dict.fromkeys(_all_text(value))) or None


def _years(*dates: Date | None) -> frozenset[int]:
    return frozenset(d.year for d in dates if d is not None and d.year is not None)


# --------------------------------------------------------------------------------------
# The two sources


def from_crossref(message: dict[str, Any]) -> Found:
    """Record fields from a Crossref ``/works/{doi}`` message."""
    out: dict[str, Any] = {}
    kind = message.get("type")
    out["type"] = CROSSREF_TO_CSL_TYPE.get(kind, FALLBACK_TYPE) if isinstance(kind, str) else None
    main = _first_text(message.get("title"))
    out["title"] = join_subtitle(main, _first_text(message.get("subtitle")))
    out["author"] = people(message.get("author"))
    out["editor"] = people(message.get("editor"))
    out["container_title"] = _first_text(message.get("container-title"))
    out["container_title_short"] = _first_text(message.get("short-container-title"))
    for key, name in CROSSREF_TEXT_FIELDS.items():
        out[name] = plain_text(message.get(key))
    page = expand_pages(plain_text(message.get("page")))
    article_number = plain_text(message.get("article-number"))
    # Online-only journals number articles instead of paging them; styles print either as pages.
    out["page"] = page or article_number
    printed = date(message.get("published-print"))
    online = date(message.get("published-online"))
    issued = date(message.get("issued"))
    out["issued"] = printed or issued or online
    if online and online != out["issued"]:
        out["available_date"] = online
    out["ISSN"] = _issn(message)
    out["ISBN"] = _isbn(message.get("ISBN"))
    out["abstract"] = plain_text(message.get("abstract"), abstract=True)
    out["language"] = clean_language(plain_text(message.get("language")))
    out["DOI"] = plain_text(message.get("DOI"))
    titles = [out["title"], main, *_all_text(message.get("original-title"))]
    titles += _all_text(message.get("short-title"))
    return Found(
        fields={k: v for k, v in out.items() if v not in (None, [], "")},
        titles=tuple(dict.fromkeys(t for t in titles if t)),
        years=_years(printed, online, issued),
        pages=tuple(p for p in (page, article_number) if p),
    )


def from_csl(item: dict[str, Any]) -> Found:
    """Record fields from a CSL-JSON item (DOI content negotiation: DataCite, mEDRA …)."""
    out: dict[str, Any] = {}
    kind = item.get("type")
    if isinstance(kind, str):
        out["type"] = kind if kind in CSL_TYPES else CROSSREF_TO_CSL_TYPE.get(kind, FALLBACK_TYPE)
    for key, name in CSL_TEXT_FIELDS.items():
        out[name] = _first_text(item.get(key))
    out["container_title_short"] = out["container_title_short"] or _first_text(
        item.get("journalAbbreviation")
    )
    out["author"] = people(item.get("author"))
    out["editor"] = people(item.get("editor"))
    out["page"] = expand_pages(_first_text(item.get("page")))
    out["issued"] = date(item.get("issued"))
    out["available_date"] = date(item.get("available-date"))
    out["ISSN"] = clean_issn(", ".join(_all_text(item.get("ISSN"))))
    out["ISBN"] = _isbn(item.get("ISBN"))
    out["abstract"] = plain_text(item.get("abstract"), abstract=True)
    out["language"] = clean_language(_first_text(item.get("language")))
    out["DOI"] = _first_text(item.get("DOI"))
    url = _first_text(item.get("URL"))
    # A resolver link for the DOI itself says nothing the DOI does not.
    out["URL"] = url if url and not _RESOLVER.match(url) else None
    titles = [out["title"], _first_text(item.get("title-short"))]
    titles += _all_text(item.get("original-title"))
    return Found(
        fields={k: v for k, v in out.items() if v not in (None, [], "")},
        titles=tuple(dict.fromkeys(t for t in titles if t)),
        years=_years(out["issued"], out["available_date"]),
        pages=tuple(p for p in (out["page"],) if p),
    )
