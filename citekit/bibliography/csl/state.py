"""The per-entry render state citekit keeps on the style root: call frames and suppression.

CSL decides group and macro suppression from the variables rendering actually called
(:class:`_Calls`, one frame per cs:group, macro or substitution), and a substituted
variable stays out of the reference until its entry is done (:func:`_suppress`,
:func:`restore`). Locales share their style's state (:func:`_style_root`).
"""

from __future__ import annotations

from typing import Any

from citeproc import model


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
