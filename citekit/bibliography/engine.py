"""Rendering a reference list: register, sort, disambiguate, render, finish.

:func:`render_entries` drives citeproc-py over a style loaded with citekit's element classes
(:mod:`.csl`) and references built by :mod:`.source`: it assigns year suffixes where
citations would be ambiguous (:func:`assign_year_suffixes`), renders the entries, and
finishes each marked string — the DOI link taking in its ``https://doi.org/`` prefix,
spaces and punctuation merged at seams, apostrophes typographic, quotes resolved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from citeproc.frontend import CitationStylesBibliography
from citeproc.source import BibliographySource, Citation, CitationItem
from citeproc.string import String

from citekit.bibliography import markup
from citekit.bibliography.csl import CITEPROC_ERRORS
from citekit.bibliography.csl.formatting import MarkerFormatter
from citekit.bibliography.csl.loading import LoadedStyle
from citekit.bibliography.csl.state import render_state, restore
from citekit.bibliography.markup import LEAF, LINKS, Quotes
from citekit.keys import suffix_letters

_DOI_PREFIX = re.compile(
    f"(https?://(?:dx\\.)?doi\\.org/)((?:{LEAF[0]}|{LEAF[1]})*){LINKS['doi'][0]}"
)


def render_entries(
    style: LoadedStyle, source: BibliographySource, keys: Sequence[str]
) -> tuple[list[tuple[str, str | None, str]], dict[str, Exception]]:
    """Render every key: (key, first field or None, rest) in bibliography order, and failures.

    The strings are marked (see :mod:`.markup`) with quotes, links and punctuation resolved.
    """
    bibliography = CitationStylesBibliography(style, source, MarkerFormatter)
    for key in keys:
        bibliography.register(Citation([_Item(key)]))
    bibliography.sort()
    # citeproc-py finds a citation number with list.index: quadratic in long numbered lists.
    bibliography.positions = {key: n for n, key in enumerate(bibliography.keys, start=1)}
    assign_year_suffixes(style, bibliography)
    rendered = bibliography.bibliography()
    failures = dict(render_state(style.root).render_failures)
    quotes = style.quotes()
    in_quote = style.punctuation_in_quote()
    out = []
    for key, text in zip(bibliography.keys, rendered, strict=True):
        if text is None:
            continue
        parts = [_finish(p, quotes, in_quote) for p in str(text).split(markup.FIELD_BREAK, 1)]
        first, rest = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
        out.append((key, first, rest))
    return out, failures


def _finish(text: str, quotes: Quotes, in_quote: bool) -> str:
    # A DOI printed after https://doi.org/ links with its prefix, as pandoc links it.
    text = _DOI_PREFIX.sub(lambda m: LINKS["doi"][0] + m.group(1) + m.group(2), text)
    text = markup.collapse_spaces(text.replace(markup.BLOCK, " "))
    text = markup.fix_punctuation(text)
    text = _style_typography(text)
    text = markup.resolve_quotes(text, quotes, in_quote)
    return _strip(text)


_LINKED = re.compile(
    f"[{''.join(o for o, _ in LINKS.values())}].*?[{''.join(c for _, c in LINKS.values())}]"
)


def _style_typography(text: str) -> str:
    """The style's own text read as pandoc reads it: a straight apostrophe becomes ’.
    Identifiers (DOI, URL) keep theirs."""
    out, last = [], 0
    for match in _LINKED.finditer(text):
        out.append(_typography(text[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_typography(text[last:]))
    return "".join(out)


def _typography(text: str) -> str:
    return text.replace("'", "\u2019")


def _strip(text: str) -> str:
    """Leading and trailing spaces removed, even where markers stand around them."""
    return re.sub(
        r"^((?:[\ue000-\ue01f])*)\s+", r"\1", re.sub(r"\s+((?:[\ue000-\ue01f])*)$", r"\1", text)
    )


class _Item(CitationItem):
    """A citation item that looks its reference up once (citeproc-py walks item → citation →
    bibliography → source on every variable test)."""

    @property
    def number(self) -> int:
        positions = getattr(self.bibliography, "positions", None)
        return positions[self.key] if positions else super().number

    @property
    def reference(self) -> Any:
        cached = self.__dict__.get("_reference")
        if cached is None:
            cached = self.__dict__["_reference"] = self.bibliography.source[self.key]
        return cached


def assign_year_suffixes(style: LoadedStyle, bibliography: CitationStylesBibliography) -> None:
    """Give entries whose citations would read the same a year suffix: 2020a, 2020b.

    citeproc-py does no disambiguation. This is the part that shows in a reference list, as
    citeproc-js does it: entries whose citation renders the same and whose names cannot tell
    them apart get ``year-suffix`` letters in bibliography order. With
    ``disambiguate-add-names`` a citation can show every name, so the whole name lists are
    compared; given names count as far as the ``givenname-disambiguation-rule`` shows them.
    """
    citation = style.root.citation
    if citation is None or citation.get("disambiguate-add-year-suffix", "false") != "true":
        return
    by_names = citation.get("disambiguate-add-names", "false") == "true"
    rule = None
    if citation.get("disambiguate-add-givenname", "false") == "true":
        rule = citation.get("givenname-disambiguation-rule", "by-cite")
    groups: dict[tuple[Any, ...], list[Any]] = {}
    for item in bibliography.items:
        cite = Citation([_Item(item.key)])
        cite.bibliography = bibliography
        try:
            text = citation.render(cite, [], lambda _item: None)
        except CITEPROC_ERRORS:
            continue
        finally:
            restore(citation)
        key: tuple[Any, ...] = (markup.strip_markers(str(text or "")),)
        if by_names or rule:
            key += (_name_identity(item.reference, by_names, rule),)
        groups.setdefault(key, []).append(item)
    for items in groups.values():
        if len(items) > 1:
            # Letters in bibliography order, ties in input order (citeproc-js): the items
            # were grouped in that order.
            for index, item in enumerate(items):
                item.reference["year_suffix"] = String(suffix_letters(index))


def _name_identity(reference: Any, every_name: bool, rule: str | None) -> tuple[Any, ...]:
    """The names a citation could show to tell entries apart: all of them when names may be
    added, else the first."""
    for role in ("author", "editor", "translator"):
        names = reference.get(role)
        if names:
            names = names if every_name else names[:1]
            return tuple(_shown_name(n, i, rule) for i, n in enumerate(names))
    return ()


def _shown_name(name: Any, index: int, rule: str | None) -> tuple[Any, ...]:
    family = name.get("family") or name.get("literal")
    given = name.get("given") or ""
    if rule in ("all-names", "by-cite") or (rule == "primary-name" and index == 0):
        return (family, given)
    if rule == "all-names-with-initials" or (rule == "primary-name-with-initials" and index == 0):
        return (family, "".join(w[:1] for w in given.replace("-", " ").replace(".", " ").split()))
    return (family, None)
