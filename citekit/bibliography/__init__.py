"""Styled reference lists: records → CSL style → entries made of formatted runs.

:func:`render` resolves the style (short name, id, dependent style or file; see
:mod:`citekit.styles`), renders every record through citeproc-py with citekit's fixes
(:mod:`.csl`, :mod:`.source`, :mod:`.engine`) and returns a :class:`Bibliography`
whose entries are :class:`Run` lists. The output formats (``citekit.writers.text``,
``markdown``, ``html``, ``rtf``) only serialise runs; none of them sees unescaped markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from citekit.bibliography import engine, source
from citekit.bibliography.csl import loading
from citekit.bibliography.markup import Run, plain, to_runs
from citekit.errors import Diagnostic
from citekit.record import Record
from citekit.styles import DEFAULT_STYLE, ResolvedStyle, StyleError, resolve

__all__ = ["Bibliography", "Entry", "Run", "csl_items", "link_target", "render"]

# Characters the DOI Handbook requires (or recommends) to be percent-encoded in a DOI URL.
_DOI_UNSAFE = '%"# ?<>{}^[]`|\\+'
_LINK_SCHEMES = ("http://", "https://", "ftp://")


@dataclass(frozen=True)
class Entry:
    """One rendered reference: the record, the first field when the style sets it apart
    (``second-field-align``: the number in ``1. Liang L…``), and the rest."""

    record: Record
    first: tuple[Run, ...] | None
    body: tuple[Run, ...]

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def text(self) -> str:
        """The entry as plain text on one line (first field and rest joined by a space)."""
        body = plain(list(self.body))
        return f"{plain(list(self.first))} {body}" if self.first else body

    def target(self, kind: str | None) -> str | None:
        """Where a run linked as ``kind`` points, or ``None`` if it must not be a link."""
        return link_target(kind, self.record) if kind else None

    def links(self, runs: Sequence[Run]) -> list[tuple[str | None, list[Run]]]:
        """``runs`` grouped into stretches that link to one target (``None``: no link)."""
        groups: list[tuple[str | None, list[Run]]] = []
        previous: str | None = None
        for run in runs:
            target = self.target(run.link)
            if groups and run.link == previous and target == groups[-1][0]:
                groups[-1][1].append(run)
            else:
                groups.append((target, [run]))
            previous = run.link
        return groups


@dataclass(frozen=True)
class Bibliography:
    """A rendered reference list and the layout options its style asks for."""

    style: ResolvedStyle
    entries: tuple[Entry, ...]
    hanging_indent: bool = False
    second_field_align: str | None = None
    line_spacing: int = 1
    entry_spacing: int = 1
    # Records the style could not render, or rendered as nothing, each named.
    diagnostics: tuple[Diagnostic, ...] = ()


def link_target(kind: str, record: Record) -> str | None:
    """The URL a DOI, URL, PMID or PMCID of ``record`` links to (never a non-web scheme)."""
    if kind == "doi" and record.DOI:
        encoded = "".join(f"%{ord(c):02X}" if c in _DOI_UNSAFE else c for c in record.DOI)
        return "https://doi.org/" + encoded
    if kind == "url" and record.URL:
        url = record.URL.strip()
        if url.lower().startswith(_LINK_SCHEMES) and not re.search(r"\s", url):
            return quote(url, safe="/:?#[]@!$&'()*+,;=%~-._")
        return None
    if kind == "pmid" and record.PMID and record.PMID.strip().isdigit():
        return f"https://pubmed.ncbi.nlm.nih.gov/{record.PMID.strip()}/"
    if kind == "pmcid" and record.PMCID and re.fullmatch(r"PMC\d+", record.PMCID.strip()):
        return f"https://pmc.ncbi.nlm.nih.gov/articles/{record.PMCID.strip()}/"
    return None


def csl_items(records: Sequence[Record]) -> list[dict[str, Any]]:
    """The CSL-JSON that is rendered: each record's variables, ``custom`` left out.

    With only a journal abbreviation known, it stands in for the full title, which is what
    styles print (the same rule as the CSL-JSON writer's).
    """
    items = []
    for record in records:
        item = record.csl()
        item.pop("custom", None)
        if record.container_title_short:
            item.setdefault("container-title", record.container_title_short)
        items.append(item)
    return items


def render(
    records: Sequence[Record], style: str = DEFAULT_STYLE, *, locale: str | None = None
) -> Bibliography:
    """Render ``records`` as the reference list of ``style``, sorted and numbered by it."""
    resolved = resolve(style)
    try:
        loaded = loading.LoadedStyle(resolved.path, locale or resolved.locale)
    except ValueError as error:
        raise StyleError(str(error)) from error
    if not loaded.has_bibliography():
        raise StyleError(
            f"style {resolved.requested.id!r} defines citations only, no reference list"
        )
    references, keys = source.build_source(csl_items(records), loaded.quotes())
    by_key = dict(zip(keys, records, strict=True))
    rendered, failures = engine.render_entries(loaded, references, keys)
    style_id = resolved.requested.id
    problems = [
        _problem(by_key[key], style_id, f"left out of the reference list: {error!r}")
        for key, error in failures.items()
    ]
    entries = []
    for key, first, rest in rendered:
        body = to_runs(rest)
        if first and not plain(body).strip():
            # The style's first element is the whole entry (one group): nothing to align.
            first, body = None, to_runs(first)
        if not plain(body).strip():
            problems.append(_problem(by_key[key], style_id, "the style renders nothing for it"))
            continue
        entries.append(Entry(by_key[key], tuple(to_runs(first)) if first else None, tuple(body)))
    options = loaded.root.bibliography
    return Bibliography(
        resolved,
        tuple(entries),
        hanging_indent=options.get("hanging-indent", "false") == "true",
        second_field_align=options.get("second-field-align"),
        line_spacing=_int(options.get("line-spacing")),
        entry_spacing=_int(options.get("entry-spacing")),
        diagnostics=tuple(problems),
    )


def _int(value: str | None) -> int:
    try:
        return max(int(value or 1), 0)
    except ValueError:
        return 1


def _problem(record: Record, style: str, message: str) -> Diagnostic:
    """A warning naming the record, the file and line it came from, and the style."""
    found = record.custom.first_place
    origin = found.file if found and found.file else style
    line = found.line if found and found.file else None
    name = record.id or record.title or "record"
    return Diagnostic(origin, line, f"{style}: {name}: {message}", "warning", "not-rendered")
