"""Groups, macros, substitution and conditions: what CSL suppresses and what it tests.

- ``_Group``, ``_Text`` (macros): suppression was decided from every branch of a
  cs:choose, not from what rendered (APA printed "(Publication)";
  ``test_group_with_only_a_term_is_suppressed``); a macro whose variables are all empty
  still printed its terms ("traduit par").
- ``_Substitute``: a variable substituted through a macro was printed again (APA titles;
  ``test_substituted_title_is_not_repeated``).
- ``_If``: ``is-numeric`` accepted a single number only (Chicago lost ``pp.``;
  ``test_page_ranges_are_numeric``); a substituted variable no longer counted
  (``test_a_substituted_variable_still_counts_in_conditions``).
- ``_Text.quote``: quotes printed directly (no alternation, punctuation outside the closing
  quote; ``test_punctuation_inside_closing_quotes``); see :mod:`..markup`.

The call frames these count in are in :mod:`.state`.
"""

from __future__ import annotations

import re
from typing import Any

from citeproc import model
from citeproc.source import VariableError

from citekit.bibliography import markup
from citekit.bibliography.csl.formatting import _Cased, _display, _leaf
from citekit.bibliography.csl.numbers import RANGED, _PageRanges
from citekit.bibliography.csl.state import _called, _Calls, _frames, _suppress, render_state
from citekit.bibliography.markup import QUOTE


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
            for reference, variable, _ in render_state(self).suppressed
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
