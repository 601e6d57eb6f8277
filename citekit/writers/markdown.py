"""Markdown reference lists: one paragraph per entry, italics and links as Markdown.

Text is backslash-escaped wherever a character could start Markdown or HTML markup, so no
title can make a link, an emphasis or a tag; the only markup is what the style asks for.
DOIs and URLs are links (``<https://…>`` when the text is the address itself); formatting
CommonMark has no syntax for (small capitals, super- and subscript, underline) is written
as the equivalent inline HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from citekit.bibliography import Entry, Run, render
from citekit.record import Record
from citekit.writers.shared.written import ListOptions, Written

NAME = "markdown"

# (opening, closing) for each mark, outermost first.
MARKUP = {
    "b": ("**", "**"),
    "i": ("*", "*"),
    "u": ("<u>", "</u>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
# Characters that start Markdown (CommonMark, GFM, pandoc) or HTML markup anywhere in a line;
# "&" only where it would start an entity, "!" is harmless once "[" is escaped.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>~^$|]|&(?=#?\w+;))")
# At the start of a paragraph: a list item, heading or block quote.
_BLOCK_START = re.compile(r"^(\d+)([.)])|^([#>+-])")


Options = ListOptions


def write(records: Sequence[Record], options: ListOptions | None = None) -> Written:
    """The reference list of ``records`` in ``options.style`` as Markdown paragraphs."""
    options = options or ListOptions()
    bibliography = render(records, options.style, locale=options.locale)
    return Written(
        "\n".join(paragraph(entry) + "\n" for entry in bibliography.entries),
        list(bibliography.diagnostics),
    )


def paragraph(entry: Entry) -> str:
    """One entry as a Markdown paragraph."""
    body = _inline(entry, entry.body)
    text = f"{_inline(entry, entry.first)} {body}" if entry.first else body
    # "1. Liang …" would start an ordered list that renumbers the entries.
    return _BLOCK_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def escape(text: str) -> str:
    """``text`` with every character that could start Markdown or HTML markup escaped."""
    return _SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def _inline(entry: Entry, runs: Sequence[Run]) -> str:
    out = []
    for target, group in entry.links(runs):
        text = "".join(_run(run) for run in group)
        if target is None:
            out.append(text)
        elif "".join(r.text for r in group) == target:
            out.append(f"<{target}>")
        else:
            out.append(f"[{text}]({_destination(target)})")
    return "".join(out)


def _run(run: Run) -> str:
    text = escape(run.text)
    # Emphasis must hug the words: spaces go outside the markers.
    lead = text[: len(text) - len(text.lstrip(" "))]
    trail = text[len(text.rstrip(" ")) :]
    core = text.strip(" ")
    if not core:
        return text
    for mark in (m for m in MARKUP if m in run.marks):
        opening, closing = MARKUP[mark]
        core = opening + core + closing
    return lead + core + trail


def _destination(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
