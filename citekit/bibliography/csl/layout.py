"""The bibliography's cs:layout and cs:sort.

- ``_Layout``: with ``second-field-align`` the number and the entry ran together
  (``1.Liang``; ``test_space_after_the_citation_number``); one failing entry aborted the
  whole list
  (``test_a_record_citeproc_py_cannot_render_is_reported_and_the_rest_kept``);
  ``subsequent-author-substitute`` was ignored (MLA's ``———``;
  ``test_subsequent_author_substitute``).
- ``_Sort``: raw string comparison (``Éclair`` after ``Zola``), markup in keys, one bad
  record stopping the sort (``test_sorting_folds_accents_and_ignores_punctuation``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cmp_to_key
from typing import Any

from citeproc import model
from citeproc.source import Name, VariableError
from citeproc.string import String, join

from citekit.bibliography import markup
from citekit.bibliography.csl import CITEPROC_ERRORS
from citekit.bibliography.csl.formatting import _leaf
from citekit.bibliography.csl.state import render_state, restore


class _Layout(model.Layout):
    """Bibliography layout: entries rendered one by one, the first field kept apart."""

    def render_bibliography(self, citation_items: Sequence[Any]) -> list[Any]:
        state = render_state(self)
        failures: dict[str, Exception] = {}
        state.render_failures = failures
        substitute = self.getparent().get("subsequent-author-substitute")
        previous: tuple[Any, ...] | None = None
        out = []
        for item in citation_items:
            state.new_entry()
            try:
                text = self._entry(item)
                names = state.first_names
                if text is not None and substitute is not None and names and previous:
                    text = self._substitute_names(item, str(text), names, previous, substitute)
                previous = names[:2] if names else None
                out.append(text)
            except CITEPROC_ERRORS as error:
                failures[item.key] = error
                out.append(None)
                previous = None
            finally:
                state.capturing_names = False
        return out

    def _entry(self, item: Any) -> Any:
        """One entry, rendered (None if it renders nothing)."""
        root, state = self.get_root(), render_state(self)
        aligned = self.getparent().get("second-field-align") is not None
        implicit_suffix = state.implicit_year_suffix
        if implicit_suffix is None:  # once per style: it searches the whole document
            implicit_suffix = not root.xpath_search('.//cs:text[@variable="year-suffix"]')
            state.implicit_year_suffix = implicit_suffix
        self.repressed = {}
        suffix = item.reference.get("year_suffix")
        state.pending_year_suffix = str(suffix) if suffix and implicit_suffix else None
        try:
            body = self._children(item, aligned)
            return self.format(self.wrap(body)) if body is not None else None
        finally:
            restore(self)
            state.pending_year_suffix = None

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
        render_state(self).capturing_names = False
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
        state = render_state(self)
        state.sorting = True
        try:
            columns = self._columns(items, context)
        finally:
            state.sorting = False

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
