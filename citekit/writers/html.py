"""HTML reference lists: a fragment to paste into a page, every piece of data escaped.

The structure is citeproc-js's (``csl-bib-body``, ``csl-entry``, ``csl-left-margin`` and
``csl-right-inline`` for numbered styles), with inline styles for the hanging indent and
the number column so that the list looks right without a stylesheet. Text, attribute values
and link targets are escaped; only ``http``, ``https`` and ``ftp`` addresses become links.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from citekit.bibliography import Bibliography, Entry, Run, render
from citekit.record import Record
from citekit.writers.shared.written import ListOptions, Written

NAME = "html"

# Tags for each mark, outermost first.
TAGS = {
    "b": ("<b>", "</b>"),
    "i": ("<i>", "</i>"),
    "u": ('<span style="text-decoration:underline;">', "</span>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
HANGING_INDENT = "padding-left: 2em; text-indent: -2em;"
LEFT_MARGIN = "float: left; padding-right: 0.5em; text-align: right; width: 2em;"
RIGHT_INLINE = "margin: 0 0.4em 0 2.5em;"


Options = ListOptions


def write(records: Sequence[Record], options: ListOptions | None = None) -> Written:
    """The reference list of ``records`` in ``options.style`` as an HTML fragment."""
    options = options or ListOptions()
    bibliography = render(records, options.style, locale=options.locale)
    lines = ['<div class="csl-bib-body">']
    lines += [f"  {entry_html(entry, bibliography)}" for entry in bibliography.entries]
    lines.append("</div>")
    return Written("\n".join(lines) + "\n", list(bibliography.diagnostics))


def entry_html(entry: Entry, bibliography: Bibliography) -> str:
    """One entry as a ``csl-entry`` div."""
    styles = []
    if bibliography.hanging_indent and not entry.first:
        styles.append(HANGING_INDENT)
    if bibliography.line_spacing > 1:
        styles.append(f"line-height: {bibliography.line_spacing};")
    if bibliography.entry_spacing > 0:
        styles.append(f"margin-bottom: {bibliography.entry_spacing}em;")
    style = f' style="{" ".join(styles)}"' if styles else ""
    ident = html.escape(re.sub(r"\s+", "-", entry.id), quote=True)
    body = inline(entry, entry.body)
    if entry.first:
        body = (
            f'<div class="csl-left-margin" style="{LEFT_MARGIN}">{inline(entry, entry.first)}'
            f'</div><div class="csl-right-inline" style="{RIGHT_INLINE}">{body}</div>'
        )
    return f'<div class="csl-entry" id="ref-{ident}"{style}>{body}</div>'


def inline(entry: Entry, runs: Sequence[Run]) -> str:
    """Escaped HTML for ``runs``, with their links."""
    out = []
    for target, group in entry.links(runs):
        text = "".join(_run(run) for run in group)
        if target is None:
            out.append(text)
        else:
            out.append(f'<a href="{html.escape(target, quote=True)}">{text}</a>')
    return "".join(out)


def _run(run: Run) -> str:
    text = html.escape(run.text, quote=False)
    for mark in reversed([m for m in TAGS if m in run.marks]):
        opening, closing = TAGS[mark]
        text = opening + text + closing
    return text
