"""Numbers: cs:number, cs:label, number ranges, page-range formats and ordinals.

- ``_PageRanges``: ``minimal``, ``chicago-16`` and prefixed page ranges (``3–3``,
  ``e11–e13``); which hyphens of a page, volume or issue become the range delimiter
  (``629-A13``, ``5–6``) (``test_page_range_formats``, ``test_number_ranges_as_citeproc_js``,
  ``test_volume_and_issue_ranges_are_dashed``).
- ``_Number``: ordinals from the first locale that has any (``3. Aufl.``, not
  ``3rd Aufl.``; ``test_ordinals_follow_the_locale``).
- ``_Label``: a ``number-of-…`` label read from the reference, not the citation item.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from citekit.bibliography import markup
from citekit.bibliography.csl.formatting import _Cased, _display, _leaf
from citekit.bibliography.csl.state import _called, _style_root


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
