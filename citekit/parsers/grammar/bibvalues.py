"""BibTeX values before they mean anything: macros, ``#`` concatenation, inheritance, raw
values and ``file`` fields; and the report a BibTeX read gathers.

A field's value is ``{…}``, ``"…"``, a number, an ``@string`` macro (or a month macro), or
pieces joined by ``#`` (BibTeX's manual, "The Database"); ``crossref`` and ``xdata`` parents
give their fields as biber does (biblatex manual §3.13: a parent's ``title`` becomes a child
chapter's ``booktitle``). A ``file`` field is JabRef's, Zotero's or Mendeley's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from bibtexparser.model import Entry

from citekit.errors import Diagnostic
from citekit.parsers.grammar.bibfields import MONTH_MACROS, NOT_INHERITED, PART_TITLES, PARTS


class Report:
    """What the reader left out, gathered per kind so a big file gets one line per kind."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.kinds: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        self.unread: Counter[str] = Counter()  # field name -> entries it was left out of

    def add(self, code: str, severity: str, message: str, key: str) -> None:
        keys = self.kinds[(code, severity, message)]
        if key not in keys:
            keys.append(key)

    def diagnostics(self) -> list[Diagnostic]:
        out = []
        for (code, severity, message), keys in self.kinds.items():
            named = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
            text = f"{message}: {named}"
            out.append(Diagnostic(self.origin, None, text, severity, code))  # type: ignore[arg-type]
        if self.unread:
            fields = ", ".join(f"{name} ({n})" for name, n in sorted(self.unread.items()))
            message = f"fields with no CSL variable left out (entries): {fields}"
            out.append(Diagnostic(self.origin, None, message, "note", "not-read"))
        return out


def value_text(raw: str, macros: dict[str, str], report: Report, key: str | None) -> str:
    """A field's raw value (``{…}``, ``"…"``, a number, a macro, or pieces joined by ``#``)
    as the TeX text it stands for."""
    pieces = []
    for piece in _concatenated(raw.strip()):
        if piece[:1] in '{"' and len(piece) > 1:
            pieces.append(piece[1:-1])
        elif piece.isdigit():
            pieces.append(piece)
        elif piece.lower() in macros:
            pieces.append(macros[piece.lower()])
        elif piece.lower() in MONTH_MACROS:
            pieces.append(MONTH_MACROS[piece.lower()])
        else:
            if key is not None:
                report.add("unknown-macro", "warning", f"@string {piece!r} not defined", key)
            pieces.append(piece)
    return "".join(pieces)


def _concatenated(raw: str) -> list[str]:
    """``mar # "--" # apr`` → ``['mar', '"--"', 'apr']``: split at ``#`` outside values."""
    pieces, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            pieces.append(raw[start:index].strip())
            start = index + 1
    pieces.append(raw[start:].strip())
    return [p for p in pieces if p]


def entry_fields(entry: Entry, macros: dict[str, str], report: Report) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in entry.fields:
        name = item.key.lower().strip()
        value = value_text(str(item.value), macros, report, entry.key)
        if name not in out or not out[name]:
            out[name] = value
    return out


def inherit(
    entry: Entry, own: dict[str, str], fields: dict[str, dict[str, str]], report: Report
) -> dict[str, str]:
    """The entry's fields with what its ``xdata`` and ``crossref`` parents give."""
    data = dict(own)
    kind = entry.entry_type.lower()
    for link in ("xdata", "crossref"):
        for parent_key in (k.strip() for k in data.get(link, "").split(",") if k.strip()):
            parent = fields.get(parent_key) or _case_insensitive(fields, parent_key)
            if parent is None:
                report.add("missing-parent", "warning", f"{link} names no entry", entry.key)
                continue
            for name, value in parent.items():
                if name in NOT_INHERITED:
                    continue
                if link == "crossref" and kind in PARTS and name in PART_TITLES:
                    name = PART_TITLES[name]
                data.setdefault(name, value)
    return data


def _case_insensitive(fields: dict[str, dict[str, str]], key: str) -> dict[str, str] | None:
    return next((v for k, v in fields.items() if k.lower() == key.lower()), None)


_ESCAPED = re.compile(r"\\([_%&#$~{}])|[{}]")


def raw_value(value: str) -> str:
    """A value that is not TeX text (a URL, DOI, date, path): escapes undone, braces gone,
    and nothing else touched (``~`` in a URL is a tilde, not a space)."""
    return _ESCAPED.sub(lambda m: m.group(1) or "", value).strip()


def file_paths(raw: str) -> list[str]:
    """The PDFs of a ``file`` field: JabRef's and Zotero's ``Description:path:type``,
    Mendeley's ``:path:pdf``, or a bare path; items split at ``;``, parts at ``:``, each
    unless escaped with a backslash."""
    out = []
    raw = raw.replace("$\\backslash$", "\\")  # Mendeley writes C$\backslash$:/…
    for item in re.split(r"(?<!\\);", raw):
        parts = [re.sub(r"\\(.)", r"\1", p) for p in re.split(r"(?<!\\):", item.strip("{} "))]
        if len(parts) >= 3:
            path, kind = ":".join(parts[1:-1]), parts[-1]
        else:
            path, kind = ":".join(parts), ""
        path = path.strip()
        if path and (path.lower().endswith(".pdf") or "pdf" in kind.lower()):
            out.append(path)
    return out
