"""The render state citekit keeps on the style root: one :class:`RenderState` per style.

CSL decides group and macro suppression from the variables rendering actually called
(:class:`_Calls`, one frame per cs:group, macro or substitution), and a substituted
variable stays out of the reference until its entry is done (:func:`_suppress`,
:func:`restore`). Locales share their style's state (:func:`_style_root`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class RenderState:
    """What citekit's element classes keep while a style renders (see :func:`render_state`).

    Kept on the style root: lxml may hand out a new proxy for any other element later, and
    the root proxy lives as long as the style object holding it.
    """

    # One entry's, reset before each (new_entry); the year suffix is set as it renders.
    capturing_names: bool = False
    first_names: tuple[str, tuple[Any, ...], str] | None = None
    pending_year_suffix: str | None = None
    # Balanced while rendering an entry or a sort key: empty between them.
    call_frames: list[_Calls] = field(default_factory=list)
    suppressed: list[tuple[Any, str, Any]] = field(default_factory=list)
    sorting: bool = False
    # One rendering pass's failures (by item key); the style's year-suffix check, once.
    render_failures: dict[str, Exception] = field(default_factory=dict)
    implicit_year_suffix: bool | None = None

    def new_entry(self) -> None:
        """Start an entry: capture its first names (subsequent-author-substitute)."""
        self.capturing_names, self.first_names = True, None


def _style_root(element: Any) -> Any:
    root = element.get_root()
    return root.style if isinstance(root, model.Locale) else root


def render_state(element: Any) -> RenderState:
    """The render state of the style ``element`` belongs to (a locale's: its style's)."""
    root = _style_root(element)
    state = getattr(root, "render_state", None)
    if state is None:
        state = root.render_state = RenderState()
    return state


def _frames(element: Any) -> list[_Calls]:
    return render_state(element).call_frames


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
    removed = render_state(element).suppressed
    for variable in variables:
        if variable in item.reference:
            removed.append((item.reference, variable, item.reference.pop(variable)))


def restore(element: Any) -> None:
    """Put back the variables a substitution took out (after an entry, a sort key …)."""
    removed = render_state(element).suppressed
    while removed:
        reference, variable, value = removed.pop()
        reference[variable] = value
