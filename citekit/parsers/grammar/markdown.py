"""Markdown lines reduced to what the citation grammar reads: plain text plus link targets.

VitaminDWiki bodies are Hugo Markdown with inline HTML and shortcodes. citekit does not need a
full CommonMark tree, only each line's kind (heading, rule, bullet, picture, PDF link, text), its
text with the markup removed, and the targets of its links (a DOI is taken from a link's target,
not its text).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["blank", "heading", "rule", "bullet", "media", "text"]

_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_MD_LINK = re.compile(
    r"\[(?P<text>[^\]]*)\]\((?P<href>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)"
)
_AUTOLINK = re.compile(r"<(?P<href>https?://[^>\s]+)>")
_HTML_LINK = re.compile(
    r"<a\b[^>]*?href=[\"'](?P<href>[^\"']*)[\"'][^>]*>(?P<text>.*?)</a>", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|~~)(?=\S)(.+?)(?<=\S)\1")
_LONE_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__)(?!\w)|\*\*")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*(.*?)\s*#*\s*$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
# The PubMed web page puts the journal, the rest of the source and the DOI on lines of their
# own ("Nutrients" / ". 2022 Feb 5;14(3):567." / " doi: …"); these lines continue the one above.
_CONTINUATION = re.compile(r"^(?:\s*\.\s+(?:1[5-9]|20)\d\d\b|\s+(?:doi:|Epub\b|eCollection\b))")
_LINK_LINE = re.compile(r"^\s*(?:https?://|doi:|10\.\d{4,9}/)\S*", re.IGNORECASE)
_ANCHOR = re.compile(r"\s*\{#[\w:.-]+\}\s*$")
# Spaces a copy from a PDF put inside a DOI: "dx.doi. org/10.3945/…", "10.1093/ije/ dyn017",
# "10.1016/j. jsbmb.2010.02.021", "10.1016/S0302- 2838(…)", "10.4161/derm .26738". The piece
# after the space is rejoined when it reads as the rest of a DOI (it holds a digit).
_BROKEN_DOI = re.compile(
    r"(doi\.)\s+(org/)|(10\.\d{4,9}/(?:[^\s\"<>]*[./-])?)\s(?=[\w.]*\d)(?=[\w.(]+)|"
    r"(10\.\d{4,9}/[\w.-]+)\s(?=\.\d)"
)
_DOUBLED_PERIOD = re.compile(r"(?<=[A-Za-z])\.\.(?=\s)")
_WIDE_GAP = re.compile(r"(?<=\S)(?:\t|\s{2,})(?=\S)")
_PDF = re.compile(r"\.pdf\b|fa-file-pdf|download the pdf", re.IGNORECASE)


@dataclass
class Line:
    """One source line: its number (1-based), kind, plain text and link targets."""

    number: int
    kind: Kind
    text: str
    raw: str
    links: list[str] = field(default_factory=list)
    heading_level: int = 0
    # The identifiers on the line, worked out once (``identifiers.line_ids``): a page asks for
    # them from several places, and long reference lists make that the parser's hot path.
    ids: list[tuple[str, str]] | None = field(default=None, repr=False, compare=False)

    @property
    def spaced(self) -> str:
        """The text with the source's wide gaps kept as tabs: publishers' by-lines separate
        names by runs of spaces alone (``Onur Akın  Aysun Bideci``)."""
        if not _WIDE_GAP.search(self.raw):
            return self.text
        return to_text(_WIDE_GAP.sub(" \ue000 ", self.raw))[0].replace(" \ue000 ", "\t")

    @property
    def is_pdf_link(self) -> bool:
        if "pdf" not in self.raw.lower():
            return False  # links are part of the raw line: no "pdf" anywhere, no PDF link
        return any(_PDF.search(h) for h in self.links) or bool(_PDF.search(self.raw))


def to_text(raw: str) -> tuple[str, list[str]]:
    """Strip inline Markdown/HTML from ``raw``; return the text and the link targets in order."""
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(match.group("href"))
        return match.groupdict().get("text") or match.group("href")

    text = raw
    # Most lines are plain prose: each rule runs only where its markup can be present.
    if "{{" in text:
        text = _SHORTCODE.sub(" ", text)
    if "<" in text:
        text = _IMG_TAG.sub(" ", text)
        text = _HTML_LINK.sub(keep, text)
    if "](" in text:
        text = _IMAGE.sub(" ", text)
        text = _MD_LINK.sub(keep, text)
    if "<" in text:
        text = _AUTOLINK.sub(keep, text)
        text = _TAG.sub("", text)
    if "*" in text or "_" in text or "~" in text:
        previous = None
        while previous != text:
            previous = text
            text = _EMPHASIS.sub(r"\2", text)
        text = _LONE_EMPHASIS.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "&" in text:
        text = html.unescape(text)
    text = " ".join(text.replace("\u00a0", " ").split())
    if "10." in text or "doi." in text:
        text = _BROKEN_DOI.sub(_rejoin, text)
    if ".." in text:
        text = _DOUBLED_PERIOD.sub(".", text)  # "J Oral Sci.. 2009": an abbreviation's period
    return text, links


def _rejoin(match: re.Match[str]) -> str:
    return "".join(g for g in match.groups() if g)


def _unwrap(text: str) -> list[tuple[int, str]]:
    """Rejoin soft-wrapped lines: (offset of the first physical line, logical line).

    PubMed's text exports wrap at 80 columns and leave a space at each wrap point, so a line
    ending in white space continues on the next one (unless that is blank, a heading, a rule or
    a list item, which always start a line of their own).
    """
    physical = text.splitlines()
    out: list[tuple[int, str]] = []
    joining = False
    for offset, raw in enumerate(physical):
        starts_block = (
            not raw.strip() or _HEADING.match(raw) or _RULE.match(raw) or _BULLET.match(raw)
        )
        continues = bool(_CONTINUATION.match(raw))
        if continues:
            # Pasted with blank lines between ("Neurology" / "" / ". 2023 Jan;…"): drop them.
            while len(out) > 1 and not out[-1][1].strip():
                out.pop()
            continues = bool(out) and bool(out[-1][1].strip())
        if (joining and not starts_block and out) or continues:
            first, so_far = out[-1]
            glue = "" if raw.lstrip().startswith(".") else " "
            out[-1] = (first, so_far.rstrip() + glue + raw.strip())
        else:
            out.append((offset, raw))
        joining = (
            bool(raw.strip())
            and raw != raw.rstrip()
            and not _HEADING.match(raw)
            and not _LINK_LINE.match(raw)
        )
    return out


def read_lines(text: str, first_line: int = 1) -> list[Line]:
    """Classify every line of a Markdown body; ``first_line`` is the number of its first line."""
    out = []
    for offset, raw in _unwrap(text):
        number = first_line + offset
        if not raw.strip():
            out.append(Line(number, "blank", "", raw))
            continue
        if _RULE.match(raw):
            out.append(Line(number, "rule", "", raw))
            continue
        heading = _HEADING.match(raw)
        body = _ANCHOR.sub("", heading.group(2)) if heading else re.sub(r"^\s*>\s?", "", raw)
        bullet = not heading and _BULLET.match(body)
        if bullet:
            body = body[bullet.end() :]
        plain, links = to_text(body)
        kind: Kind
        if heading:
            kind = "heading"
        elif not plain:
            kind = "media" if (_IMAGE.search(raw) or _IMG_TAG.search(raw) or links) else "blank"
        elif bullet:
            kind = "bullet"
        else:
            kind = "text"
        line = Line(number, kind, plain, raw, links, len(heading.group(1)) if heading else 0)
        if kind == "text" and line.is_pdf_link and len(plain) < 120:
            line.kind = "media"
        out.append(line)
    return out
