"""What every writer returns: the text, and every problem met while writing it, as data."""

from __future__ import annotations

from dataclasses import dataclass, field

from citekit.errors import Diagnostic
from citekit.styles import DEFAULT_STYLE


@dataclass(frozen=True)
class Written:
    """The output text and what the writer has to report (fields with no place, gaps that
    BibTeX or biber will warn about, entries a style could not render)."""

    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class ListOptions:
    """What a reference-list writer can be asked: the CSL style (short name, id or file) and
    a locale that overrides the style's own."""

    style: str = DEFAULT_STYLE
    locale: str | None = None
