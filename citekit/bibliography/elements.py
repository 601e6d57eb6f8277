"""citeproc-py's CSL elements, with citekit's fixes for the gaps that change a reference list.

citeproc-py 0.11 renders most of CSL, but where its output differs from what the CSL
specification asks for (and what pandoc's citeproc, the reference renderer citekit is tested
against, produces), citekit replaces the element class that does it. The classes are passed
to lxml through citekit's own element-class lookup (:data:`ELEMENT_CLASSES`), so citeproc-py
itself is not patched and other users of it in the same process are not affected. Each fix
names the gap it closes; ``tests/test_bibliography_gaps.py`` shows each one:

- ``_Layout``: with ``second-field-align`` the number and the entry ran together
  (``1.Liang``); one failing entry aborted the whole list; ``subsequent-author-substitute``
  was ignored (MLA's ``———``).
- ``_Name``: initials of hyphenated and lower-case given names (``Ji-woo`` became
  ``J.-. woo .``); ``initialize="false"`` was ignored; formatting and affixes of cs:name
  caught "and" and "et al."; no ``after-inverted-name`` rule; sort keys held "and"/"et al.".
- ``_Date``/``_DatePart``: a localized date ignored its locale's delimiter (``2022Apr``);
  ranges put the shared year last (``Mar–Apr 2021`` for ``2021 Mar–Apr``); dates lost their
  formatting; a season given as a word crashed; day ordinals came from the wrong locale.
- ``_Group``, ``_Text`` (macros): suppression was decided from every branch of a cs:choose,
  not from what rendered (APA printed "(Publication)"); a macro whose variables are all empty
  still printed its terms ("traduit par").
- ``_Substitute``: a variable substituted through a macro was printed again (APA titles).
- ``_If``: ``is-numeric`` accepted a single number only (Chicago lost ``pp.``).
- ``_PageRanges``: ``minimal``, ``chicago-16`` and prefixed page ranges (``3–3``, ``e11–e13``);
  which hyphens of a page, volume or issue become the range delimiter (``629-A13``, ``5–6``).
- ``_Number``: ordinals from the first locale that has any (``3. Aufl.``, not ``3rd Aufl.``).
- ``_Text.quote``/``_Cased``: quotes printed directly (no alternation, punctuation outside
  the closing quote) and text-case that broke acronyms; see :mod:`.markup`.
- ``_Sort``: raw string comparison (``Éclair`` after ``Zola``), markup in keys, one bad
  record stopping the sort.
- ``_Style``: locales loaded without citekit's classes; ``_CompiledXPath``: every XPath
  look-up compiled and evaluated anew (a third of the rendering time).

The source side (:mod:`.source`) handles ids, unknown variables and CSL-JSON markup; year
suffixes and the final clean-up of each entry are in :mod:`.engine`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cmp_to_key
from pathlib import Path
from typing import Any

from citeproc import model
from citeproc.frontend import CitationStylesStyle
from citeproc.source import Name, VariableError
from citeproc.string import String, join
from lxml import etree

from citekit.bibliography import markup
from citekit.bibliography.markup import LEAF, MARKS, QUOTE, Marked, Quotes

CSL_NS = "http://purl.org/net/xbiblio/csl"
NAME_PARTS = ("family", "given", "dropping-particle", "non-dropping-particle", "suffix")

# What citeproc-py raises on data it cannot handle; anything else is a bug to surface.
CITEPROC_ERRORS = (
    AssertionError,
    AttributeError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
    VariableError,
)

# --- Formatter ------------------------------------------------------------------------------


def _marker_wrapper(pair: tuple[str, str]) -> Any:
    return staticmethod(lambda text: markup.wrap(text, pair))


class MarkerFormatter:
    """A citeproc-py formatter that writes formatting as markers (see :mod:`.markup`)."""

    Italic = _marker_wrapper(MARKS["i"])
    Oblique = _marker_wrapper(MARKS["i"])
    Bold = _marker_wrapper(MARKS["b"])
    Light = staticmethod(lambda text: text)
    Underline = _marker_wrapper(MARKS["u"])
    Superscript = _marker_wrapper(MARKS["sup"])
    Subscript = _marker_wrapper(MARKS["sub"])
    SmallCaps = _marker_wrapper(MARKS["sc"])

    @staticmethod
    def preformat(text: object) -> Marked:
        return Marked(markup.clean(text))


def _leaf(text: object) -> Marked:
    return markup.wrap(text, LEAF)


def _display(element: Any, text: Any) -> Any:
    """Mark the edges of an element with a CSL display attribute (block, indent …).

    citekit writes one entry per line and does not lay blocks out; the edges become spaces
    (pandoc starts a new line), so the parts of an entry never run together.
    """
    if text and element.get("display"):
        return markup.wrap(text, (markup.BLOCK, markup.BLOCK))
    return text


# --- Element classes ------------------------------------------------------------------------


class _Cased:
    """CSL text-case as pandoc applies it (see :func:`markup.change_case`)."""

    def case(self, text: Any, language: str | None = None) -> Any:
        mode = self.get("text-case")  # type: ignore[attr-defined]
        if mode is None or text is None:
            return text
        if language is None:  # labels, terms, name and date parts: the style's language
            language = str(_style_root(self).get("default-locale", "en"))[:2]
        if mode == "title" and language != "en":
            return text  # CSL: title case is for English only
        return Marked(markup.change_case(str(text), mode))


class _PageRanges:
    """CSL page-range-format, with the fixes pandoc's citeproc has and citeproc-py lacks.

    ``minimal`` kept only the changed digits even across lengths (``3–33`` became ``3–3``);
    ``chicago-16`` applied the four-digit rule of ``chicago-15`` (``1199–1205`` for
    ``1199–205``); prefixed locators kept the prefix twice (``e11–e13`` for ``e11–13``).

    Which hyphens become the range delimiter follows citeproc-js (:func:`number_ranges`):
    citeproc-py dashed every hyphen of a page (``629–A13``, ``1678S–88S``) and none of a
    volume or issue (``31(5-6)``).
    """

    def _format_last_page(self, first: str, last: str) -> str:
        style = self.get_root().get_option("page-range-format")  # type: ignore[attr-defined]
        return format_page_range(first, last, style)

    def _process(self, value: Any, variable: str) -> Any:
        if variable not in RANGED:
            return super()._process(value, variable)  # type: ignore[misc]
        root = self.get_root()  # type: ignore[attr-defined]
        delimiter = self.get_single_term(name="page-range-delimiter")  # type: ignore[attr-defined]
        return number_ranges(
            str(value),
            variable,
            root.get_option("page-range-format"),
            str(delimiter) if delimiter else "\u2013",
            self.format_number,  # type: ignore[attr-defined]
        )


class _Text(_PageRanges, _Cased, model.Text):
    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        if "macro" not in self.attrib:
            return super().process(item, context, **kwargs)
        # A macro is suppressed like a group when every variable it asked for is empty
        # (pandoc, citeproc-js): no lone "traduit par" or "Available at:" without a value.
        frames = _frames(self)
        frame = _Calls()
        frames.append(frame)
        try:
            # citeproc-py dropped the sort options here, so a name list inside a nested
            # macro sorted as displayed ("Andersen, L., and M. Bauer"), not as a sort key.
            macro = self.get_macro(self.get("macro"))
            context = self if context is None else context
            text = macro.render(item, context, sort_options=kwargs.get("sort_options"))
            language = item.reference.get("language")
            language = str(language)[:2] if language else None
            if language is None:
                language = str(self.get_root().get("default-locale", "en"))[:2]
        finally:
            frames.pop()
        if frames:
            frames[-1].add(frame)
        return (None if frame.called and not frame.rendered else text), language

    def _variable(self, item: Any, context: Any) -> Any:
        variable = self.get("variable")
        try:
            text = super()._variable(item, context)
        except VariableError:
            _called(self, variable, False)
            raise
        _called(self, variable, bool(text))
        if text and variable in RANGED and variable != "page":
            # citeproc-py printed a volume or issue as typed: no range delimiter (31(5-6)).
            text = self._process(text, variable)
        return text

    def quote(self, string: Any) -> Any:
        if self.get("quotes", "false").lower() == "true":
            return markup.wrap(string, QUOTE)
        return string

    def markup(self, text: Any, language: str | None) -> Any:
        if not text:
            return None
        cased = self.case(self.strip_periods(text), language)
        if "macro" not in self.attrib:  # a macro's output is made of leaves already
            cased = _leaf(cased)
        return self.wrap(self.quote(_display(self, self.format(cased))))


class _Number(_PageRanges, _Cased, model.Number):
    def format_number(self, number: Any) -> Any:
        if self.get("form") == "ordinal" or (
            self.get("form") == "long-ordinal"
            and str(number).strip().isdigit()
            and int(number) > 10
        ):
            try:
                return ordinal(int(number), self)
            except ValueError:
                return number
        return super().format_number(number)

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        variable = self.get("variable")
        if variable != "locator":
            _called(self, variable, variable.replace("-", "_") in item.reference)
        return super().process(item, context, **kwargs)

    def markup(self, text: Any) -> Any:
        if not text:
            return None
        return self.wrap(_display(self, self.format(_leaf(self.case(self.strip_periods(text))))))


class _Label(_Cased, model.Label):
    def _is_plural(self, item: Any) -> bool:
        variable = self.get("variable") or ""
        if variable.startswith("number-of"):
            # citeproc-py read this from the citation item, which has no such variable, so
            # the label vanished ("1160" for "1160 p.").
            value = markup.strip_markers(str(item.reference.get(variable.replace("-", "_"), "")))
            return value.isdigit() and int(value) > 1
        return bool(super()._is_plural(item))

    def markup(self, text: Any) -> Any:
        if not text:
            return None
        return self.wrap(self.format(_leaf(self.case(self.strip_periods(text)))))


class _NamePart(_Cased, model.Name_Part):
    def format_part(self, given: Any, family: Any) -> tuple[Any, Any]:
        given, family = super().format_part(given, family)
        # Affixes make citeproc-py's strings "mixed", which its own name join cannot take.
        return (
            Marked(str(given)) if given is not None else None,
            Marked(str(family)) if family is not None else None,
        )


class _DatePart(_Cased, model.Date_Part):
    def process(self, date: Any, context: Any = None) -> Any:
        if self.get("name") == "month" and "month" not in date:
            season = date.get("season")
            if season is not None and not isinstance(season, int):
                return str(season)  # a season written out ("Winter"): print it as given
            form = self.get("form", "long")
            if context is not None:
                for part in context.xpath_search('./cs:date-part[@name="month"]'):
                    form = part.get("form", form)
            if season is not None:
                return self._season(int(season), form)
        if self.get("name") == "day" and "day" in date:
            form = self.get("form")
            if context is not None:  # the style's date-part overrides the locale's
                for part in context.xpath_search('./cs:date-part[@name="day"]'):
                    form = part.get("form", form)
            if form == "ordinal":
                one_only = str(self.get_locale_option("limit-day-ordinals-to-day-1")).lower()
                if one_only != "true" or date.day == 1:
                    return ordinal(int(date.day), self)
        text = super().process(date, context)
        if self.get("name") == "year" and text:
            root = _style_root(self)
            suffix = getattr(root, "pending_year_suffix", None)
            if suffix:
                # CSL: a style that does not print year-suffix gets it after the first year.
                root.pending_year_suffix = None
                return str(text) + suffix
        return text

    def _season(self, season: int, form: str) -> Any:
        """The season term in the month's place, whatever the month's form (CSL 1.0.2,
        Seasons; citeproc-js: "2020 Winter" for a short month too, where en-US has no short
        season terms). citeproc-py printed nothing for a short or numeric month."""
        if not 1 <= season <= 4:
            return None
        name = f"season-{season:02d}"
        term = self.get_single_term(name=name, form="short") if form == "short" else None
        return term or self.get_single_term(name=name)

    def markup(self, text: Any) -> Any:
        if not text:
            return None
        return self.wrap(self.format(_leaf(self.case(self.strip_periods(text)))))


class _Date(model.Date):
    def markup(self, text: Any) -> Any:
        # citeproc-py left dates unformatted ("TODO" in its source): fonts and display.
        return _display(self, self.format(text)) if text else text

    def process(
        self,
        item: Any,
        variable: Any = None,
        show_parts: Any = None,
        context: Any = None,
        **kwargs: Any,
    ) -> Any:
        if variable is None and not self.is_locale_date():
            name = self.get("variable")
            _called(self, name, bool(item.reference.get(name.replace("-", "_"))))
        return super().process(item, variable, show_parts, context, **kwargs)

    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        parts = (
            self.parts(date, show_parts, context)
            if context != self
            else self.parts(date, show_parts)
        )
        if not parts:
            return None
        # A localized date (a cs:date in the locale) is joined with its own delimiter; the
        # calling cs:date in the style only adds affixes and formatting.
        if self.is_locale_date() and self.get("delimiter") is None and context is not None:
            return context.join(parts)
        return self.join(parts)

    def render_date_range(
        self, date_range: Any, show_parts: Any = None, context: Any = None
    ) -> Any:
        begin, end = date_range.begin, date_range.get("end")
        if end is None or end.is_nil():
            return self.render_single_date(begin, show_parts, context)
        differ = _differing_parts(begin, end)
        joiner = self
        if self.is_locale_date() and self.get("delimiter") is None and context is not None:
            joiner = context
        elements = [p for p in self.iterchildren() if p.get("name") in (show_parts or [])]
        out: list[Any] = []
        range_done = False
        for element in elements:
            name = element.get("name")
            if name not in differ:
                text = self._render_part(element, begin, context)
                if text is not None:
                    out.append(text)
            elif not range_done:
                range_done = True
                block = [e for e in elements if e.get("name") in differ]
                shown = [(e, self._render_part(e, begin, context)) for e in block]
                shown = [(e, t) for e, t in shown if t]
                if shown:
                    # The range delimiter takes the place of the suffix of the start's last
                    # part: "September 14–16, 2020", not "14,–16" (citeproc-js, pandoc).
                    shown[-1] = (shown[-1][0], _without_suffix(*shown[-1], context))
                first = joiner.join([t for _, t in shown])
                last = joiner.join(
                    [t for t in (self._render_part(e, end, context) for e in block) if t]
                )
                delimiter = _range_delimiter(block, differ, context)
                if first and last:
                    out.append(String(str(first).rstrip()) + String(delimiter) + last)
                elif first or last:
                    out.append(first or last)
        return joiner.join(out) if out else None

    def _render_part(self, element: Any, date: Any, context: Any) -> Any:
        try:
            return element.render(date, context if context is not self else None)
        except VariableError:
            return None


def _without_suffix(element: Any, text: Any, context: Any) -> Any:
    """``text`` of a date-part without its suffix, the calling cs:date's own date-part's
    suffix first (it overrides the localized date's)."""
    suffix = element.get("suffix")
    if context is not None and hasattr(context, "iterchildren"):
        for part in context.iterchildren():
            if part.get("name") == element.get("name") and part.get("suffix") is not None:
                suffix = part.get("suffix")
    if suffix and str(text).endswith(suffix):
        return String(str(text)[: -len(suffix)])
    return text


_PAGE = re.compile(r"^([^\d]*)(\d+)$")

# The number variables citeproc-js writes ranges of with the page-range delimiter.
RANGED = frozenset({"page", "volume", "issue", "number", "edition"})
# What separates the numbers of a field (citeproc-js's joiners): "&", "and", ";", ",", dashes.
_JOINER = re.compile(r"(\s*&\s*|,\s+and\s+|\s+and\s+|;\s+|,\s+|\s*[-\u2013]+\s*)")
_HYPHEN = re.compile(r"\s*-\s*")
# A number with its prefix (the particle: "e" of e11, "S" of S12) and suffix letters.
_PARTICLE = re.compile(r"^([0-9]*[a-zA-Z]+0*)?([0-9]+(?:[a-zA-Z]*|[-,a-zA-Z]+))$")
_NUMERALS = re.compile(r"^(?:[0-9]+|[ivxlcmIVXLCM]+)$")
_LEADING = re.compile(r"^\d+")
_ROMAN = re.compile(r"^[ivxlcmIVXLCM]+$")
_REFORMABLE = re.compile(r"^[0-9]+[a-z]*$")


def number_ranges(
    value: str, variable: str, page_format: str | None, delimiter: str, number: Any
) -> Any:
    """``value`` of a number variable with its ranges written as citeproc-js writes them.

    A hyphen between two numbers with the same prefix becomes ``delimiter``; a page range
    is then reformatted by ``page_format``. A hyphen stays where the two sides are not a
    range of one kind: ``629-A13``, ``1P-262P``, ``6-7 Suppl``, and (with a
    page-range-format) ``1678S-88S``, whose upper-case suffixes citeproc-js does not
    reformat. Without a page-range-format the second number is not expanded (CSL 1.0.2:
    "page ranges are rendered without reformatting"), so ``321-28`` is ``321–28``.
    """
    page = variable == "page"
    if page:
        value = value.replace("\u2013", "-")  # citeproc-js reads a typed en dash as a hyphen
    pieces = _JOINER.split(value.strip())
    parts, joiners = pieces[::2], pieces[1::2]
    first = _PARTICLE.match(parts[0])
    if not _LEADING.match(first.group(2) if first else parts[0]) and not _ROMAN.match(parts[0]):
        return value  # citeproc-js takes the field for text when it opens with one: TR-2020-01
    out, kept = list(parts), set()
    for i, joiner in enumerate(joiners):
        following = joiners[i + 1] if i + 1 < len(joiners) else ""
        if _HYPHEN.fullmatch(joiner) is None or _HYPHEN.fullmatch(following):
            # Only the last hyphen of a chain joins a range (S1080-6032(22)00139–9).
            joiners[i] = " & " if joiner.strip() == "&" else joiner
            continue
        joiners[i], out[i + 1] = _range(parts[i], parts[i + 1], page, page_format, delimiter)
        if out[i + 1] != parts[i + 1]:
            kept.add(i + 1)  # reformatted: its digits are final (minimal-two's 101–08)
    formatted = [
        number(p) if _NUMERALS.match(p) and n not in kept else p for n, p in enumerate(out)
    ]
    return "".join(str(x) for pair in zip(formatted, [*joiners, ""], strict=True) for x in pair)


def _range(
    first: str, last: str, page: bool, page_format: str | None, delimiter: str
) -> tuple[str, str]:
    """(joiner, last) of the range ``first``-``last``, as citeproc-js's manglePageNumbers."""
    a, b = _PARTICLE.match(first), _PARTICLE.match(last)
    particle_a, number_a = (a.group(1) or "", a.group(2)) if a else ("", first)
    particle_b, number_b = (b.group(1) or "", b.group(2)) if b else ("", last)
    if particle_a != particle_b:
        return "-", last
    lead_a, lead_b = _LEADING.match(number_a), _LEADING.match(number_b)
    if page_format is None and lead_a and lead_b and int(lead_a[0]) > int(lead_b[0]):
        return delimiter, last  # an abbreviated range, left abbreviated
    if page and lead_a and lead_b:
        if _REFORMABLE.match(number_a) and _REFORMABLE.match(number_b):
            return delimiter, format_page_range(first, last, page_format)
        return "-", last
    if _NUMERALS.match(number_a) and _NUMERALS.match(number_b):
        return delimiter, last
    return "-", last


def format_page_range(first: str, last: str, style: str | None) -> str:
    """The second page of a range in CSL page-range-format ``style`` (the first stays)."""
    start, end = _PAGE.match(first.strip()), _PAGE.match(last.strip())
    if not start or not end or (end.group(1) and end.group(1) != start.group(1)):
        return last
    a, b = start.group(2), end.group(2)
    if len(b) < len(a):  # abbreviated in the source (NLM style): 475-82 means 475-482
        b = a[: len(a) - len(b)] + b
    if style is None or style == "expanded" or int(b) <= int(a):
        return end.group(1) + b if style in (None, "expanded") else b
    if style in ("chicago", "chicago-15", "chicago-16"):
        n = int(a)
        if n < 100 or n % 100 == 0:
            style = "expanded"
        elif style != "chicago-16" and len(a) == 4 and len(b) == 4 and _common(a, b) < 2:
            style = "expanded"  # chicago-15: four digits, three changed → all digits
        elif 1 <= n % 100 <= 9:
            style = "minimal"
        else:
            style = "minimal-two"
    if style == "expanded" or len(a) != len(b):
        return b
    keep = len(b) - _common(a, b)
    if style == "minimal-two":
        keep = max(keep, min(2, len(b)))
    return b[len(b) - keep :] if keep else b[-1:]


def _common(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


def ordinal(number: int, element: Any) -> str:
    """``number`` with the ordinal suffix of the first locale in the chain that has any.

    citeproc-py looked each term up across all locales, so an English "ordinal-03" (3rd)
    beat a German "ordinal" (3.) in a German style.
    """
    for locale in _style_root(element).locales:
        for name in (f"ordinal-{number % 100:02d}", f"ordinal-{number % 10:02d}", "ordinal"):
            if name == f"ordinal-{number % 10:02d}" and 11 <= number % 100 <= 13:
                continue  # 11th, 12th, 13th: not 11st (CSL: ordinal-0N matches the last digit)
            try:
                term = locale.get_term(name)
            except IndexError:
                continue
            if term is not None:
                return f"{number}{markup.strip_markers(str(term.single))}"
    return str(number)


def _differing_parts(begin: Any, end: Any) -> set[str]:
    if begin.get("year") != end.get("year"):
        return {"year", "month", "day"}
    if begin.get("month", begin.get("season")) != end.get("month", end.get("season")):
        return {"month", "day"}
    if begin.get("day") != end.get("day"):
        return {"day"}
    return set()


def _range_delimiter(block: Sequence[Any], differ: set[str], context: Any) -> str:
    """The range-delimiter of the largest differing date-part (CSL default: an en dash)."""
    largest = next(n for n in ("year", "month", "day") if n in differ)
    for element in block:
        if element.get("name") == largest:
            delimiter = element.get("range-delimiter")
            if delimiter is None and context is not None:
                for part in context.iterchildren():
                    if part.get("name") == largest and part.get("range-delimiter"):
                        delimiter = part.get("range-delimiter")
            return delimiter if delimiter is not None else "\u2013"
    return "\u2013"


class _Name(model.Name):
    TAG = f"{{{CSL_NS}}}name"

    def get_option(self, name: str, context: Any = None, sort_options: Any = None) -> Any:
        if sort_options is not None:
            # A sort key holds names only: no "and" between them (pandoc, citeproc-js) …
            if name == "and":
                return None
            # … and "sort-only" means the particle is demoted here (van Gogh under G).
            if name == "demote-non-dropping-particle":
                value = super().get_option(name, context, sort_options)
                return "display-and-sort" if value == "sort-only" else value
        return super().get_option(name, context, sort_options)

    def render(self, item: Any, variable: str, context: Any = None, **kwargs: Any) -> Any:
        text = self.markup(self.process(item, variable, context=context, **kwargs))
        root = _style_root(self)
        if (
            text
            and kwargs.get("sort_options") is None
            and getattr(root, "capturing_names", None)
            and getattr(root, "first_names", None) is None
        ):
            # The first names of an entry, for subsequent-author-substitute.
            root.first_names = (variable, _identity(item.reference.get(variable)), str(text))
        return text

    def et_al(self) -> Any:
        if getattr(_style_root(self), "sorting", None):
            return ""  # no "et al." inside a sort key
        return super().et_al()

    def markup(self, text: Any) -> Any:
        # Formatting and affixes of cs:name belong to each name (see process).
        if not text:
            return None
        return _leaf(text) if not isinstance(text, int) else text

    def process(
        self, item: Any, variable: str, context: Any = None, sort_options: Any = None, **_: Any
    ) -> Any:
        """A name list, rendered name by name (citekit's own; see the module docstring).

        citeproc-py formatted the whole list at once, so a style's small capitals or suffix
        on cs:name also caught "and" and "et al." and was not repeated per name; it knew no
        ``after-inverted-name`` delimiter rule.
        """

        def option(name: str) -> Any:
            return self.get_option(name, context, sort_options)

        names = list(item.reference.get(variable.replace("-", "_")) or [])
        form = option("form")
        et_al_min, use_first = option("et-al-min"), option("et-al-use-first")
        truncated = bool(et_al_min) and len(names) > 1 and len(names) >= et_al_min
        # The list must be at least two names longer than what is shown (CSL, pandoc).
        use_last = truncated and option("et-al-use-last") and len(names) >= use_first + 2
        shown = names[:use_first] if truncated else names
        if form == "count":
            return len(shown) + (1 if use_last else 0)
        order = option("name-as-sort-order")
        inverted = [order == "all" or (order == "first" and i == 0) for i in range(len(shown))]
        texts = [
            self._one(n, inv, form, option, context) for n, inv in zip(shown, inverted, strict=True)
        ]
        delimiter = option("delimiter")
        if truncated:
            if use_last:
                last = self._one(names[-1], order == "all", form, option, context)
                return join(texts, delimiter) + String(delimiter) + String("\u2026 ") + last
            et_al = self.et_al()
            if not et_al:
                return join(texts, delimiter)
            rule = option("delimiter-precedes-et-al")
            if not texts:  # et-al-use-first="0": no names, so nothing (pandoc)
                return String("")
            before = _delimiter_applies(rule, len(texts) >= 2, inverted[-1])
            return join(texts, delimiter) + String(delimiter if before else " ") + et_al
        and_ = option("and")
        if and_ is None or len(texts) < 2:
            return join(texts, delimiter)
        term = self.get_single_term("and") if and_ == "text" else self.preformat("&")
        rule = option("delimiter-precedes-last")
        before = _delimiter_applies(rule, len(texts) >= 3, inverted[-2])
        head = join(texts[:-1], delimiter)
        return head + String(delimiter if before else " ") + term + String(" ") + texts[-1]

    def _one(self, name: Any, inverted: bool, form: str, option: Any, context: Any) -> Any:
        """One name, its name-parts formatted, then cs:name's formatting and affixes."""
        given, family, dropping, non_dropping, suffix = name.parts()
        if given is not None and option("initialize-with") is not None:
            given = self.initialize(given, option("initialize-with"), context)
        parts = self.findall("cs:name-part", self.nsmap)
        if form == "short":
            family = " ".join(p for p in (non_dropping, family) if p)
            for part in parts:
                _given, family = part.format_part(None, family)
            text = family
        elif inverted:
            if option("demote-non-dropping-particle") in ("never", "sort-only"):
                family = " ".join(p for p in (non_dropping, family) if p)
                given = " ".join(p for p in (given, dropping) if p)
            else:
                given = " ".join(p for p in (given, dropping, non_dropping) if p)
            for part in parts:
                given, family = part.format_part(given or None, family)
            text = option("sort-separator").join(str(p) for p in (family, given, suffix) if p)
        else:
            family = " ".join(p for p in (dropping, non_dropping, family) if p)
            for part in parts:
                given, family = part.format_part(given, family)
            text = ""
            for piece in (str(p) for p in (given, family, suffix) if p):
                text += piece if not text or text[-1].isspace() else " " + piece
        return self.wrap(self.format(Marked(text))) if text else String("")

    def initialize(self, given: str, mark: str, context: Any) -> str:
        """Initials as CSL describes them, for hyphenated and lower-case parts too.

        ``Jean-Luc`` → ``J.-L.``, ``Ji-woo`` → ``J.-W.`` (a hyphenated name keeps one
        initial per part), ``abu Bakr`` → ``abu B.`` (a lower-case word is a particle, kept
        whole). With ``initialize="false"`` given names stay whole and only the initials
        already there get ``initialize-with`` appended (``James T`` → ``James T.``).
        """
        with_hyphen = self.get_option("initialize-with-hyphen", context)
        initialize = _inherited(self, "initialize", context) != "false"
        tokens: list[str] = []
        for word in given.replace(".", ". ").split():
            word = word.rstrip(".")
            if not word:
                continue
            parts = [p for p in word.split("-") if p]
            if len(parts) > 1 and initialize and parts[0][0].isupper():
                initials = [p[0].upper() for p in parts]
                separator = mark.rstrip() + "-" if with_hyphen else mark
                tokens.append(separator.join(initials) + mark)
            elif len(word) == 1 or (initialize and word[0].isupper()):
                tokens.append(word[0] + mark)
            else:
                # A word kept whole (a particle) stands apart from an initial before it.
                space = " " if tokens and not tokens[-1][-1:].isspace() else ""
                tokens.append(space + word + " ")
        # Only ordinary spaces are trimmed: a no-break space after the last initial stays and
        # takes the place of the space before the family name (pandoc).
        return "".join(tokens).strip(" ")


def _delimiter_applies(rule: str, contextual: bool, after_inverted: bool) -> bool:
    """Whether a delimiter precedes "et al." or the last name, by the CSL rule."""
    return {
        "always": True,
        "never": False,
        "contextual": contextual,
        "after-inverted-name": after_inverted,
    }.get(rule, contextual)


def _identity(names: Any) -> tuple[tuple[Any, ...], ...]:
    return tuple(tuple(n.get(k) for k in ("literal", *NAME_PARTS)) for n in names or ())


def _inherited(element: Any, name: str, context: Any) -> str | None:
    """An inheritable name option: on cs:name, cs:citation/cs:bibliography, or cs:style."""
    value = element.get(name)
    if value is not None:
        return str(value)
    expression = "./ancestor::*[self::cs:citation or self::cs:bibliography][1]"
    parents = (context if context is not None else element).xpath_search(expression)
    for parent in (*parents, element.get_root()):
        value = parent.get(name)
        if value is not None:
            return str(value)
    return None


class _Calls:
    """Variables called and rendered inside one cs:group or substitution, as it renders."""

    def __init__(self) -> None:
        self.called = 0
        self.rendered = 0
        self.variables: set[str] = set()

    def add(self, other: _Calls) -> None:
        self.called += other.called
        self.rendered += other.rendered
        self.variables |= other.variables


def _style_root(element: Any) -> Any:
    root = element.get_root()
    return root.style if isinstance(root, model.Locale) else root


def _frames(element: Any) -> list[_Calls]:
    root = _style_root(element)
    frames = getattr(root, "call_frames", None)
    if frames is None:
        frames = root.call_frames = []
    return frames


def _called(element: Any, variable: str | None, found: bool) -> None:
    """Note that ``variable`` was asked for (CSL group suppression counts these)."""
    frames = _frames(element)
    # year-suffix counts once the entry has one (then "(n.d.-a)" is printed, as in pandoc);
    # before disambiguation gives it one, asking for it suppresses nothing.
    if variable == "year-suffix" and not found:
        return
    if frames and variable and variable != "locator":
        frames[-1].called += 1
        if found:
            frames[-1].rendered += 1
            frames[-1].variables.add(variable.replace("-", "_"))


def _suppress(element: Any, item: Any, variables: set[str]) -> None:
    """Take substituted variables out of the reference until the entry is done (CSL)."""
    root = _style_root(element)
    removed = getattr(root, "suppressed", None)
    if removed is None:
        removed = root.suppressed = []
    for variable in variables:
        if variable in item.reference:
            removed.append((item.reference, variable, item.reference.pop(variable)))


def restore(element: Any) -> None:
    """Put back the variables a substitution took out (after an entry, a sort key …)."""
    root = _style_root(element)
    removed = getattr(root, "suppressed", None) or []
    while removed:
        reference, variable, value = removed.pop()
        reference[variable] = value


class _Group(model.Group):
    """Group suppression from what rendering actually called, not from every branch.

    citeproc-py decided statically: a cs:choose counted as calling a variable if any branch
    did, so a group whose taken branch printed only a term was never suppressed (APA printed
    "(Publication)" for theses).
    """

    def process(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        frames = _frames(self)
        frame = _Calls()
        frames.append(frame)
        output = []
        delimiter = self.get("delimiter", "")
        try:
            for child in self.iterchildren():
                try:
                    if isinstance(child, model.Choose):
                        text = child.render(item, context=context, delimiter=delimiter, **kwargs)
                    else:
                        text = child.render(item, context=context, **kwargs)
                except VariableError:
                    continue
                if text is not None:
                    output.append(text)
        finally:
            frames.pop()
        if frames:
            frames[-1].add(frame)
        if output and not (frame.called and not frame.rendered):
            return self.join(output)
        raise VariableError

    def markup(self, text: Any) -> Any:
        return self.wrap(_display(self, self.format(text))) if text else None


class _Names(model.Names):
    def process(
        self, item: Any, names_context: Any = None, context: Any = None, **kwargs: Any
    ) -> Any:
        for role in self.get("variable", "").split():
            _called(self, role, role.replace("-", "_") in item.reference)
        if names_context is None and self.name is None:
            # A cs:names anywhere inside cs:substitute (also under cs:choose) takes its name,
            # et-al and label from the cs:names being substituted (CSL); citeproc-py looked
            # only at direct children.
            substitute = self.xpath_search("./ancestor::cs:substitute[1]")
            if substitute:
                names_context = substitute[0].getparent()
        target = names_context if names_context is not None else self
        if target.name is None:
            # citeproc-py would insert its own Name class here, bypassing citekit's fixes.
            target.insert(0, _Name())
        return super().process(item, names_context=names_context, context=context, **kwargs)

    def markup(self, text: Any) -> Any:
        return self.wrap(_display(self, self.format(text))) if text else None


class _Substitute(model.Substitute):
    """cs:substitute: the variables a substitute printed are not printed again (CSL).

    citeproc-py only suppressed a variable named directly on the substituting element, so a
    title substituted through a macro (APA, for works without author) came out twice.
    """

    def render(self, item: Any, context: Any = None, **kwargs: Any) -> Any:
        frames = _frames(self)
        for child in self.getchildren():
            frame = _Calls()
            frames.append(frame)
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                text = None
            finally:
                frames.pop()
            if frames:
                frames[-1].add(frame)
            if text:
                _suppress(self, item, frame.variables)
                return text
        return None


# CSL "is-numeric": numbers with letter affixes, joined by hyphens, commas or ampersands.
_NUMERIC = re.compile(
    r"^\s*[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-\u2013,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*\s*$"
)


class _If(model.If):
    def _variable(self, item: Any) -> list[bool]:
        """A variable a substitution took out still counts as present (citeproc-js tests the
        item's data; CSL 1.0.2 suppresses substituted variables in the output only): APA's
        proceedings with an editor kept "(Vol. 7, pp. 12–19). Springer"."""
        results = super()._variable(item)
        taken = {
            variable.replace("-", "_")
            for reference, variable, _ in getattr(_style_root(self), "suppressed", None) or []
            if reference is item.reference
        }
        names = [v.replace("-", "_") for v in self.get("variable").split()]
        return [found or name in taken for found, name in zip(results, names, strict=True)]

    def _is_numeric(self, item: Any) -> list[bool]:
        """is-numeric as CSL defines it: ``869-886`` and ``2, 4`` are numeric too.

        citeproc-py accepted a single number only, so Chicago printed page ranges without
        their ``pp.`` label.
        """
        results = []
        for variable in self.get("is-numeric").split():
            value = item.reference.get(variable.replace("-", "_"))
            text = markup.strip_markers(str(value)) if value is not None else ""
            results.append(bool(_NUMERIC.match(text)))
        return results


class _ElseIf(_If):
    pass


class _Layout(model.Layout):
    """Bibliography layout: entries rendered one by one, the first field kept apart."""

    def render_bibliography(self, citation_items: Sequence[Any]) -> list[Any]:
        # Kept on the root: lxml may hand out a new proxy for this element later, and the
        # root proxy lives as long as the style object holding it.
        failures: dict[str, Exception] = {}
        self.get_root().render_failures = failures
        root = self.get_root()
        substitute = self.getparent().get("subsequent-author-substitute")
        previous: tuple[Any, ...] | None = None
        out = []
        for item in citation_items:
            root.capturing_names, root.first_names = True, None
            try:
                text = self._entry(item)
                names = root.first_names
                if text is not None and substitute is not None and names and previous:
                    text = self._substitute_names(item, str(text), names, previous, substitute)
                previous = names[:2] if names else None
                out.append(text)
            except CITEPROC_ERRORS as error:
                failures[item.key] = error
                out.append(None)
                previous = None
            finally:
                root.capturing_names = False
        return out

    def _entry(self, item: Any) -> Any:
        """One entry, rendered (None if it renders nothing)."""
        root = self.get_root()
        aligned = self.getparent().get("second-field-align") is not None
        implicit_suffix = getattr(root, "implicit_year_suffix", None)
        if implicit_suffix is None:  # once per style: it searches the whole document
            implicit_suffix = not root.xpath_search('.//cs:text[@variable="year-suffix"]')
            root.implicit_year_suffix = implicit_suffix
        self.repressed = {}
        suffix = item.reference.get("year_suffix")
        root.pending_year_suffix = str(suffix) if suffix and implicit_suffix else None
        try:
            body = self._children(item, aligned)
            return self.format(self.wrap(body)) if body is not None else None
        finally:
            restore(self)
            root.pending_year_suffix = None

    def _substitute_names(
        self,
        item: Any,
        text: str,
        names: tuple[str, tuple[Any, ...], str],
        previous: tuple[Any, ...],
        substitute: str,
    ) -> Any:
        """CSL subsequent-author-substitute: repeated names become the substitute (———).

        citeproc-py ignored the option. ``complete-all`` (the default) replaces the whole name
        list; the other rules replace matching names one by one, so the entry is rendered
        again with those names as literals.
        """
        variable, identity, rendered = names
        rule = self.getparent().get("subsequent-author-substitute-rule", "complete-all")
        same = 0
        for mine, theirs in zip(identity, previous[1], strict=False):
            if mine != theirs:
                break
            same += 1
        whole = same == len(identity) == len(previous[1])
        if rule == "complete-all":
            if not whole:
                return text
            return text.replace(rendered, str(_leaf(markup.clean(substitute))), 1)
        count = {"complete-each": len(identity) if whole else 0, "partial-each": same}.get(
            rule, 1 if same else 0
        )
        if not count:
            return text
        original = item.reference[variable.replace("-", "_")]
        literal = [Name(literal=markup.clean(substitute))] * count
        item.reference[variable.replace("-", "_")] = literal + list(original[count:])
        root = self.get_root()
        root.capturing_names = False
        try:
            rendered_again = self._entry(item)
        finally:
            item.reference[variable.replace("-", "_")] = original
        return str(rendered_again) if rendered_again is not None else text

    def _children(self, item: Any, aligned: bool) -> Any:
        output = []
        for child in self.iterchildren():
            try:
                text = child.render(item)
            except VariableError:
                continue
            if text is not None:
                if aligned and not output:
                    text = text + String(markup.FIELD_BREAK)
                output.append(text)
        return join(output, "") if output else None


class _Sort(model.Sort):
    """Sort keys compared as citeproc-js compares them.

    citeproc-py compared raw lower-cased strings: markup and punctuation counted, accents
    sorted after ``z`` (``Éclair`` after ``Zola``). citekit compares keys as citeproc-js
    does (:func:`markup.sort_key`); empty keys sort last in either direction, and ties keep
    the input order (citeproc-js registers items in input order).
    """

    def sort(self, items: list[Any], context: Any) -> list[Any]:
        root = _style_root(self)
        root.sorting = True
        try:
            columns = self._columns(items, context)
        finally:
            root.sorting = False

        def compare(left: int, right: int) -> int:
            for values, descending in columns:
                a, b = values[left], values[right]
                if a is None or b is None:
                    if a is b:
                        continue
                    return 1 if a is None else -1
                if a != b:
                    result = -1 if a < b else 1
                    return -result if descending else result
            return 0

        order = sorted(range(len(items)), key=cmp_to_key(compare))
        return [items[i] for i in order]

    def _columns(self, items: list[Any], context: Any) -> list[tuple[list[Any], bool]]:
        columns = []
        for key in self.findall("cs:key", self.nsmap):
            descending = key.get("sort", "ascending").lower() == "descending"
            values = []
            for item in items:
                # One item at a time: a record citeproc-py cannot handle sorts last instead
                # of stopping the list (it is reported when its entry fails to render).
                try:
                    # An empty key sorts last, a macro's as a variable's (CSL 1.0.2,
                    # Sorting: "Items with an empty sort key value are placed at the end of
                    # the sort, both for ascending and descending sorts"; citeproc-js).
                    values.append(_sort_value(key.sort_keys([item], context)[0]))
                except CITEPROC_ERRORS:
                    values.append(None)
                finally:
                    restore(self)
            columns.append((values, descending))
        return columns


def _sort_value(value: Any) -> tuple[Any, ...] | None:
    if value is None:
        return None
    key = markup.sort_key(str(value))
    return key or None


class _Style(model.Style):
    def set_locale_list(self, output_locale: str, validate: bool = True) -> None:
        """The locale chain of CSL (style locales, then locale files), with citekit's classes."""
        self.locales = []
        added: set[str] = set()

        def add_style_locale(lang: str | None) -> None:
            expression = (
                f'./cs:locale[@xml:lang="{lang}"]' if lang else "./cs:locale[not(@xml:lang)]"
            )
            self.locales.extend(self.xpath_search(expression)[:1])

        def add_file_locale(lang: str) -> None:
            if lang not in added:
                added.add(lang)
                self.locales.append(load_locale(lang))

        from citeproc import LANGUAGE_NAMES, PRIMARY_DIALECTS

        language = output_locale.split("-")[0]
        add_style_locale(output_locale)
        add_style_locale(language)
        add_style_locale(None)
        if output_locale in LANGUAGE_NAMES:
            add_file_locale(output_locale)
        if language in PRIMARY_DIALECTS:
            add_file_locale(PRIMARY_DIALECTS[language])
        add_file_locale("en-US")
        for locale in self.locales:
            locale.style = self


ELEMENT_CLASSES = {
    "style": _Style,
    "layout": _Layout,
    "text": _Text,
    "number": _Number,
    "label": _Label,
    "name-part": _NamePart,
    "date": _Date,
    "date-part": _DatePart,
    "name": _Name,
    "names": _Names,
    "group": _Group,
    "substitute": _Substitute,
    "sort": _Sort,
    "if": _If,
    "else-if": _ElseIf,
}


_XPATHS: dict[str, etree.XPath] = {}


class _CompiledXPath:
    """citeproc-py evaluates an XPath expression on every look-up (an option's inheritance,
    a macro, the layout), compiling it each time: a third of the rendering time. Each
    expression is compiled once, and its result kept per element on the document's root
    (the style does not change while it renders; holding the element keeps lxml handing out
    the same proxy for it, so the cache hits)."""

    nsmap: dict[str, str]

    def xpath_search(self, expression: str) -> Any:
        root = self.getroottree().getroot()
        cache = root.__dict__.get("_xpath_cache")
        if cache is None:
            cache = root.__dict__["_xpath_cache"] = {}
        found = cache.get((self, expression))
        if found is None:
            compiled = _XPATHS.get(expression)
            if compiled is None:
                compiled = _XPATHS[expression] = etree.XPath(expression, namespaces=self.nsmap)
            found = cache[(self, expression)] = compiled(self)
        return list(found)


def _element_classes() -> dict[str | None, type]:
    """Every CSL element class, each with compiled XPath; citekit's fixes where it has them."""
    # Only subclasses of citeproc-py's element classes are made: a new direct subclass of
    # CitationStylesElement would join the lookup citeproc-py builds for everyone.
    classes: dict[str | None, type] = {None: model.CitationStylesElement}
    for cls in model.CitationStylesElement.__subclasses__():
        name = cls.__name__.replace("_", "-").lower()
        fixed = ELEMENT_CLASSES.get(name)
        classes[name] = fixed or type(cls.__name__, (_CompiledXPath, cls), {})
    for name, fixed in ELEMENT_CLASSES.items():
        classes[name] = type(fixed.__name__, (_CompiledXPath, fixed), {})
    return classes


def _parser() -> etree.XMLParser:
    lookup = etree.ElementNamespaceClassLookup()
    namespace = lookup.get_namespace(CSL_NS)
    namespace.update(_element_classes())
    parser = etree.XMLParser(remove_comments=True, encoding="UTF-8", no_network=True)
    parser.set_element_class_lookup(lookup)
    return parser


_PARSER = _parser()


def load_locale(lang: str) -> Any:
    """The root of citeproc-py's locale file for ``lang``, parsed with citekit's classes."""
    from citeproc import LOCALES_PATH

    path = Path(LOCALES_PATH) / f"locales-{lang}.xml"
    if not path.is_file():
        raise ValueError(f"{lang!r} is not a known locale")
    return etree.parse(str(path), _PARSER).getroot()


class LoadedStyle(CitationStylesStyle):
    """A CSL style parsed with citekit's element classes, without schema validation.

    Validation is left out on purpose: pandoc does not validate either, and citeproc-py only
    warns, so it would cost time without changing the output.
    """

    def __init__(self, path: Path, locale: str | None = None) -> None:
        try:
            self.xml = etree.parse(str(path), _PARSER)
        except (OSError, etree.XMLSyntaxError) as error:
            raise ValueError(f"cannot read style {path}: {error}") from error
        self.root = self.xml.getroot()
        if not isinstance(self.root, _Style):
            raise ValueError(f"{path} is not a CSL style")
        if locale:
            # Title case and default terms follow the locale in use, not only the file's.
            self.root.set("default-locale", locale)
        self.root.set_locale_list(locale or self.root.get("default-locale", "en-US"), False)

    def term(self, name: str, default: str) -> str:
        """A locale term's single form, or ``default``."""
        value = self.root.get_single_term(name)
        return markup.strip_markers(str(value)) if value else default

    def quotes(self) -> Quotes:
        """The locale's quotation marks."""
        return Quotes(
            (self.term("open-quote", "“"), self.term("close-quote", "”")),
            (self.term("open-inner-quote", "‘"), self.term("close-inner-quote", "’")),
        )

    def punctuation_in_quote(self) -> bool:
        """Whether the locale puts commas and full stops inside closing quotes."""
        value = self.root.get_locale_option("punctuation-in-quote")
        return str(value).lower() == "true"
