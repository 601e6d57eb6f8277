"""RTF reference lists, for word processors: one paragraph per entry.

Formatting is RTF groups (``{\\i …}``), links are ``HYPERLINK`` fields, and every character
outside ASCII is a ``\\uN?`` escape, so the file is plain ASCII whatever the data. A hanging
indent or a number column (``second-field-align``) is a paragraph indent with a tab.
"""

from __future__ import annotations

from collections.abc import Sequence

from citekit.bibliography import Bibliography, Entry, Run, render
from citekit.record import Record
from citekit.writers.shared.written import ListOptions, Written

NAME = "rtf"

CONTROL = {"i": r"\i", "b": r"\b", "u": r"\ul", "sc": r"\scaps", "sup": r"\super", "sub": r"\sub"}
HEADER = r"{\rtf1\ansi\ansicpg1252\deff0\uc1{\fonttbl{\f0\froman\fcharset0 Times New Roman;}}"
INDENT_TWIPS = 720


Options = ListOptions


def write(records: Sequence[Record], options: ListOptions | None = None) -> Written:
    """The reference list of ``records`` in ``options.style`` as an RTF document."""
    options = options or ListOptions()
    bibliography = render(records, options.style, locale=options.locale)
    lines = [HEADER, r"\f0\fs24"]
    lines += [paragraph(entry, bibliography) for entry in bibliography.entries]
    lines.append("}")
    return Written("\n".join(lines) + "\n", list(bibliography.diagnostics))


def paragraph(entry: Entry, bibliography: Bibliography) -> str:
    """One entry as an RTF paragraph."""
    layout = r"\pard"
    if entry.first or bibliography.hanging_indent:
        layout += rf"\fi-{INDENT_TWIPS}\li{INDENT_TWIPS}\tx{INDENT_TWIPS}"
    if bibliography.line_spacing > 1:
        layout += rf"\sl{240 * bibliography.line_spacing}\slmult1"
    layout += rf"\sa{120 * max(bibliography.entry_spacing, 1)} "
    body = inline(entry, entry.body)
    if entry.first:
        body = inline(entry, entry.first) + r"\tab " + body
    return layout + body + r"\par"


def inline(entry: Entry, runs: Sequence[Run]) -> str:
    """RTF for ``runs``, with their links as HYPERLINK fields."""
    out = []
    for target, group in entry.links(runs):
        text = "".join(_run(run) for run in group)
        if target is None:
            out.append(text)
        else:
            url = escape(target.replace('"', "%22"))
            out.append(rf'{{\field{{\*\fldinst{{HYPERLINK "{url}"}}}}{{\fldrslt{{{text}}}}}}}')
    return "".join(out)


def _run(run: Run) -> str:
    text = escape(run.text)
    controls = "".join(CONTROL[m] for m in CONTROL if m in run.marks)
    return f"{{{controls} {text}}}" if controls else text


def escape(text: str) -> str:
    """``text`` as RTF: specials escaped, non-ASCII as ``\\uN?``, line breaks as spaces."""
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif char in "\r\n\t":
            out.append(" ")
        elif ord(char) < 128:
            out.append(char)
        else:
            encoded = char.encode("utf-16-le")
            for i in range(0, len(encoded), 2):
                unit = int.from_bytes(encoded[i : i + 2], "little")
                out.append(f"\\u{unit - 65536 if unit > 32767 else unit}?")
    return "".join(out)
