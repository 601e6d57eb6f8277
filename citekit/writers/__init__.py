"""Output formats. Each module has ``NAME`` and ``write(records, **options) -> str``.

(``latex`` and ``common`` are helpers the writers share, not formats.)

``WRITERS`` is the registry the CLI's ``--format`` choices come from.
"""

from __future__ import annotations

from types import ModuleType

from citekit.writers import biblatex, bibtex, csljson, html, markdown, ris, rtf, text

# bibtex … csl-json: records; text, markdown, html, rtf: reference lists in a CSL style.
WRITERS: dict[str, ModuleType] = {
    module.NAME: module for module in (bibtex, biblatex, ris, csljson, text, markdown, html, rtf)
}

__all__ = ["WRITERS"]
