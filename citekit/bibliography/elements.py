"""The former home of citekit's CSL element classes, kept so old imports keep working.

The classes now live in :mod:`.csl`, split by CSL concern (issue 9); this module re-exports
the names code and tests imported from here.
"""

from __future__ import annotations

from citekit.bibliography.csl import CITEPROC_ERRORS, CSL_NS, NAME_PARTS
from citekit.bibliography.csl.dates import _Date, _DatePart
from citekit.bibliography.csl.formatting import MarkerFormatter
from citekit.bibliography.csl.groups import _ElseIf, _Group, _If, _Substitute, _Text
from citekit.bibliography.csl.layout import _Layout, _Sort
from citekit.bibliography.csl.loading import ELEMENT_CLASSES, LoadedStyle, load_locale
from citekit.bibliography.csl.names import _Name, _NamePart, _Names
from citekit.bibliography.csl.numbers import (
    RANGED,
    _Label,
    _Number,
    format_page_range,
    number_ranges,
    ordinal,
)
from citekit.bibliography.csl.state import restore

__all__ = [
    "CITEPROC_ERRORS",
    "CSL_NS",
    "ELEMENT_CLASSES",
    "NAME_PARTS",
    "RANGED",
    "LoadedStyle",
    "MarkerFormatter",
    "_Date",
    "_DatePart",
    "_ElseIf",
    "_Group",
    "_If",
    "_Label",
    "_Layout",
    "_Name",
    "_NamePart",
    "_Names",
    "_Number",
    "_Sort",
    "_Substitute",
    "_Text",
    "format_page_range",
    "load_locale",
    "number_ranges",
    "ordinal",
    "restore",
]
