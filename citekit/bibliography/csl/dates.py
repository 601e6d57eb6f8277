"""Dates: cs:date and cs:date-part.

A localized date ignored its locale's delimiter (``2022Apr``;
``test_space_between_year_and_month``); ranges put the shared year last (``Mar–Apr 2021``
for ``2021 Mar–Apr``; ``test_date_ranges_keep_the_style_order``) and kept the suffix before
the delimiter (``test_a_date_range_drops_the_suffix_before_the_delimiter``); dates lost
their formatting; a season given as a word crashed
(``test_a_season_prints_in_the_months_place``); day ordinals came from the wrong locale.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from citeproc import model
from citeproc.source import VariableError
from citeproc.string import String

from citekit.bibliography.csl.formatting import _Cased, _display, _leaf
from citekit.bibliography.csl.numbers import ordinal
from citekit.bibliography.csl.state import _called, render_state


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
            state = render_state(self)
            suffix = state.pending_year_suffix
            if suffix:
                # CSL: a style that does not print year-suffix gets it after the first year.
                state.pending_year_suffix = None
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
