"""Output formats. Each module has ``NAME``, an ``Options`` dataclass (what it can be asked)
and ``write(records, options) -> Written`` (the text and what it had to report).

The helpers the writers share (field profiles, TeX text, common values) are in
:mod:`citekit.writers.shared`. ``WRITERS`` is the registry the CLI's ``--format`` choices come
from; :func:`options` turns keyword options into a writer's typed ones, and refuses an option
the format does not use rather than ignore it.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

from citekit.errors import CitekitError
from citekit.writers.shared.written import ListOptions, Written

# Format name → module, in the order the CLI lists them. bibtex … csl-json: records; text,
# markdown, html, rtf: reference lists in a CSL style.
_MODULES = {
    "bibtex": "bibtex",
    "biblatex": "biblatex",
    "ris": "ris",
    "csl-json": "csljson",
    "text": "text",
    "markdown": "markdown",
    "html": "html",
    "rtf": "rtf",
}


class _Writers(Mapping[str, ModuleType]):
    """The registry, importing a writer when it is first asked for: a run loads the one
    format it writes, and a BibTeX export never loads the CSL processor the reference-list
    writers stand on (a third of citekit's start-up)."""

    def __getitem__(self, name: str) -> ModuleType:
        module = importlib.import_module(f"citekit.writers.{_MODULES[name]}")
        assert name == module.NAME, f"citekit.writers.{_MODULES[name]} writes {module.NAME}"
        return module

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


WRITERS: Mapping[str, ModuleType] = _Writers()


class OptionError(CitekitError):
    """An option given to a writer that does not use it (``-f ris --ascii``)."""

    def __init__(self, fmt: str, name: str) -> None:
        self.fmt, self.name = fmt, name
        users = [other for other in WRITERS if name in option_names(other)]
        where = f" (only {', '.join(users)} use it)" if users else ""
        super().__init__(f"-f {fmt} does not use --{name}{where}")


def option_names(fmt: str) -> list[str]:
    """The options writer ``fmt`` takes."""
    return [f.name for f in dataclasses.fields(WRITERS[fmt].Options)]


def options(fmt: str, **given: Any) -> Any:
    """Writer ``fmt``'s options from keywords; one it does not take is an :class:`OptionError`."""
    for name in given:
        if name not in option_names(fmt):
            raise OptionError(fmt, name)
    return WRITERS[fmt].Options(**given)


__all__ = ["WRITERS", "ListOptions", "OptionError", "Written", "option_names", "options"]
