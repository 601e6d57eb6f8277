"""Formatting as markers, CSL display and text-case: what every element class shares.

- :class:`MarkerFormatter` writes fonts as markers (see :mod:`..markup`);
  :func:`_leaf` marks rendered text, :func:`_display` the edges of a ``display`` element.
- ``_Cased``: text-case as pandoc applies it, which keeps acronyms
  (``test_title_case_keeps_acronyms_and_lowercase_markup``).
"""

from __future__ import annotations

from typing import Any

from citekit.bibliography import markup
from citekit.bibliography.csl.state import _style_root
from citekit.bibliography.markup import LEAF, MARKS, Marked


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
