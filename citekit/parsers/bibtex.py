"""BibTeX and BibLaTeX libraries (``.bib``): a co-author's file, JabRef's, Better BibTeX's.

bibtexparser v2 splits the file into blocks (entries, ``@string``, comments, and the blocks
it could not parse, each with its line); everything after that is here: ``@string`` and
month macros and ``#`` concatenation, TeX → CSL text (``parsers/grammar/tex.py``), names,
dates, and each field to its CSL variable — the mappings of Zotero's and pandoc's BibTeX
readers where they agree, and of the biblatex manual (§2.1 entry types, §2.2 fields) for
the BibLaTeX fields. ``crossref`` and ``xdata`` are inherited as biber does (a parent's title
becomes a child chapter's ``booktitle``). Better BibTeX's and Zotero's ``Key: value`` lines
in ``extra`` and ``note`` become the fields they name.

Nothing is dropped unannounced: a block that does not parse, a field with no CSL variable, a
macro nobody defined or a TeX command with no meaning is reported (one line per kind per
file, naming the entries).
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from typing import Any

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from citekit import dates
from citekit.errors import Diagnostic
from citekit.names import bibtex_names
from citekit.normalize import clean_doi, clean_language
from citekit.parsers import ParseResult
from citekit.parsers.grammar.bibfields import (
    BABEL_CODES,
    BOOKKEEPING,
    DATES,
    GENRES,
    HANDLED,
    MONTH_MACROS,
    NOT_INHERITED,
    PART_TITLES,
    PARTS,
    PEOPLE,
    SERIES_NUMBERED,
    SUBTYPES,
    TEXT,
    TITLES,
    TYPE_KEYS,
    TYPES,
)
from citekit.parsers.grammar.tex import decode, plain
from citekit.record import Problem, Record

NAME = "bibtex"
# The file suffixes a folder is searched for on this reader's behalf.
SUFFIXES = (".bib", ".bibtex", ".biblatex")
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# ``@type{key,`` lines; notes and abstracts may hold DOIs.
DETECT_ORDER = 50

# bibtexparser logs each block it cannot parse; this reader reports them as diagnostics.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

_ENTRY = re.compile(
    r"^[ \t]*@(?!(?:string|preamble|comment)\b)[A-Za-z]+[ \t]*[{(][ \t]*[^\s,={}()]*[ \t]*,",
    re.MULTILINE | re.IGNORECASE,
)

_EXTRA_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z -]*?)\s*:\s*(.+?)\s*$")
_PMID_NOTE = re.compile(r"^\s*(PMID|PMCID)\s*:\s*(\S+)\s*$", re.IGNORECASE)
_FILE_PART = re.compile(r"(?:\\.|[^:;\\])*")


def matches(text: str) -> bool:
    """True when ``text`` holds a BibTeX entry (``@article{key,`` at the start of a line)."""
    return _ENTRY.search(text[:200_000]) is not None


def parse(text: str, *, origin: str) -> ParseResult:
    """Read every entry; each block that fails and each value left out is reported."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    result = ParseResult()
    report = _Report(origin)
    macros = {s.key.lower(): s.value for s in library.strings}
    resolved = {k: _value(v, macros, report, None) for k, v in macros.items()}
    entries = list(library.entries)
    for block in library.failed_blocks:
        if isinstance(block, DuplicateBlockKeyBlock) and isinstance(
            block.ignore_error_block, Entry
        ):
            entries.append(block.ignore_error_block)
            report.add("duplicate-key", "note", "citation keys used twice (both read)", block.key)
        elif isinstance(block, ParsingFailedBlock):
            line = (block.start_line or 0) + 1
            head = (block.raw or "").strip().splitlines()[0][:60] if block.raw else ""
            message = f"entry not read: not valid BibTeX ({head!r})"
            result.diagnostics.append(Diagnostic(origin, line, message, "error", "bad-entry"))
    entries.sort(key=lambda e: e.start_line or 0)
    own = [_fields(e, resolved, report) for e in entries]
    by_key: dict[str, dict[str, str]] = {}
    for entry, data in zip(entries, own, strict=True):
        by_key.setdefault(entry.key, data)  # a crossref to a repeated key means the first
    for entry, data in zip(entries, own, strict=True):
        if entry.entry_type.lower() in ("xdata", "set"):
            continue  # biblatex §3.13/§3.14: data for other entries, never cited themselves
        record = _record(entry, _inherit(entry, data, by_key, report), origin, report, result)
        if record is not None:
            result.records.append(record)
    result.diagnostics += report.diagnostics()
    if not entries and not library.failed_blocks:
        result.diagnostics.append(
            Diagnostic(origin, None, "no BibTeX entry found", "error", "not-recognised")
        )
    return result


class _Report:
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


# --- values ---------------------------------------------------------------------------


def _value(raw: str, macros: dict[str, str], report: _Report, key: str | None) -> str:
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


def _fields(entry: Entry, macros: dict[str, str], report: _Report) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in entry.fields:
        name = item.key.lower().strip()
        value = _value(str(item.value), macros, report, entry.key)
        if name not in out or not out[name]:
            out[name] = value
    return out


def _inherit(
    entry: Entry, own: dict[str, str], fields: dict[str, dict[str, str]], report: _Report
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


# --- one record -----------------------------------------------------------------------


def _record(
    entry: Entry, data: dict[str, str], origin: str, report: _Report, result: ParseResult
) -> Record | None:
    kind = entry.entry_type.lower()
    csl: dict[str, Any] = {"id": entry.key, "type": _type(kind, data, entry.key, report)}
    line = (entry.start_line or 0) + 1
    _read_text(data, csl, entry.key, report)
    _read_people(data, csl, entry.key, report)
    _read_containers(kind, data, csl, entry.key, report)
    _read_numbers(kind, csl["type"], data, csl)
    _read_dates(data, csl, entry.key, report)
    _read_identifiers(data, csl, entry.key, report)
    _read_notes(kind, data, csl, entry.key, report)
    for name in data:
        known = name in TEXT or name in TITLES or name in PEOPLE or name in DATES
        if not (known or name in HANDLED or BOOKKEEPING.match(name)):
            report.unread[name] += 1
    csl["custom"] = {"found_on": [{"file": origin, "line": line}], **csl.get("custom", {})}
    problems: list[Problem] = []
    try:
        record = Record.from_csl(csl, problems=problems)
    except ValueError as error:
        message = f"entry {entry.key!r} not read: {error}".splitlines()[0]
        result.diagnostics.append(Diagnostic(origin, line, message, "error", "bad-entry"))
        return None
    for problem in problems:
        where = f"{problem.field}: " if problem.field else ""
        message = f"entry {entry.key!r}: {where}{problem.message}"
        result.diagnostics.append(Diagnostic(origin, line, message, problem.severity, "repaired"))
    return record


def _type(kind: str, data: dict[str, str], key: str, report: _Report) -> str:
    subtype = plain(data.get("entrysubtype", "")).lower()
    if kind == "article" and subtype in SUBTYPES:
        return SUBTYPES[subtype]
    if kind in TYPES:
        return TYPES[kind]
    report.add("unknown-type", "warning", f"entry type @{kind} unknown, read as a document", key)
    return "document"


def _text(value: str, key: str, report: _Report, *, title: bool = False) -> str:
    decoded = decode(value, title=title)
    for command in decoded.unknown:
        report.add("unknown-command", "note", f"TeX command {command} has no meaning here", key)
    return decoded.text


def _read_text(data: dict[str, str], csl: dict[str, Any], key: str, report: _Report) -> None:
    for name, variable in TEXT.items():
        if data.get(name) and variable not in csl:
            csl[variable] = _text(data[name], key, report)
    if "keyword" in csl:
        csl["keyword"] = ", ".join(
            k.strip() for k in re.split(r"[,;]", csl["keyword"]) if k.strip()
        )
    for name, variable in TITLES.items():
        if data.get(name):
            csl[variable] = _text(data[name], key, report, title=True)
    if "title" in csl:
        csl["title"] = _joined(csl["title"], data, "subtitle", "titleaddon", key, report)
    if data.get("language") or data.get("langid"):
        raw = plain(data.get("langid") or data.get("language", ""))
        csl["language"] = BABEL_CODES.get(raw.lower()) or clean_language(raw)


def _joined(
    title: str, data: dict[str, str], subtitle: str, addon: str, key: str, report: _Report
) -> str:
    """A title with its biblatex subtitle (``Title: Subtitle``) and addon (``. Addon``)."""
    if data.get(subtitle):
        title += ": " + _text(data[subtitle], key, report, title=True)
    if data.get(addon):
        title += ". " + _text(data[addon], key, report, title=True)
    return title


def _read_people(data: dict[str, str], csl: dict[str, Any], key: str, report: _Report) -> None:
    for name, variable in PEOPLE.items():
        if data.get(name):
            people = _people(data[name], key, report)
            if people:
                csl[variable] = people


def _people(raw: str, key: str, report: _Report) -> list[dict[str, str]]:
    out = []
    for parts in bibtex_names(raw):
        if parts is None:
            report.add("et-al", "note", "'and others' (et al.) stands for names not given", key)
        elif "literal" in parts:
            out.append({"literal": plain(parts["literal"])})
        else:
            name = {part: plain(value) for part, value in parts.items()}
            out.append({k: v for k, v in name.items() if v})
    return [n for n in out if n]


def _read_containers(
    kind: str, data: dict[str, str], csl: dict[str, Any], key: str, report: _Report
) -> None:
    journal = data.get("journaltitle") or data.get("journal")
    if journal:
        container = _text(journal, key, report)
        csl["container-title"] = _joined(
            container, data, "journalsubtitle", "journaltitleaddon", key, report
        )
    elif data.get("booktitle"):
        container = _text(data["booktitle"], key, report, title=True)
        csl["container-title"] = _joined(
            container, data, "booksubtitle", "booktitleaddon", key, report
        )
    elif data.get("howpublished"):
        published = plain(data["howpublished"])
        if re.match(r"https?://", published):
            csl.setdefault("URL", published)
        else:
            # How a @misc was published: a website's or a series' name, which is where
            # citekit's writers put a container title (pandoc reads it as the publisher).
            csl["container-title"] = _text(data["howpublished"], key, report)
    elif kind == "online" and data.get("organization"):
        # biblatex §2.1.1: the organisation behind an online resource; Zotero's website title.
        csl["container-title"] = _text(data.pop("organization"), key, report)
    for name in ("institution", "school", "organization"):
        if data.get(name) and "publisher" not in csl:
            csl["publisher"] = _text(data[name], key, report)
    genre = data.get("type")
    if genre and kind == "article" and plain(genre).lower() in ("article", "journal article"):
        genre = None  # Web of Science's document type: the entry type says it already
    if genre:
        text = plain(genre)
        csl["genre"] = TYPE_KEYS.get(text.lower(), _text(genre, key, report, title=True))
    elif kind in GENRES:
        csl["genre"] = GENRES[kind]


def _read_numbers(kind: str, csl_type: str, data: dict[str, str], csl: dict[str, Any]) -> None:
    pages = data.get("pages") or data.get("article-number") or data.get("eid")
    if pages:
        # An article number (Web of Science, Scopus, biblatex's eid) is the page of an
        # online-only article, as PubMed and citekit's other readers hold it.
        pages = plain(pages)
        csl["page"] = re.sub(r"\s*(?:-+|–|—)\s*", "-", pages)
    number = plain(data.get("number", "")) or None
    issue = plain(data.get("issue", "")) or None
    if csl_type in ("article-journal", "article-magazine", "article-newspaper", "review"):
        csl["issue"] = issue or number
        if issue and number:
            csl["number"] = number
    elif kind in SERIES_NUMBERED and data.get("series"):
        csl["collection-number"] = number
        csl["issue"] = issue
    else:
        csl["number"] = number
        csl["issue"] = issue
    for variable in ("issue", "number", "collection-number"):
        if csl.get(variable) is None:
            csl.pop(variable, None)


def _read_dates(data: dict[str, str], csl: dict[str, Any], key: str, report: _Report) -> None:
    issued = dates.issued(
        *(_raw(data.get(name, "")) for name in ("date", "year", "month", "day", "yeardivision"))
    )
    if issued:
        csl["issued"] = issued
    elif data.get("year") or data.get("date"):
        report.add("bad-date", "warning", "date not understood, kept as written", key)
        csl["issued"] = {"literal": _raw(data.get("date") or data.get("year", ""))}
    for name, variable in DATES.items():
        if data.get(name):
            csl[variable] = dates.edtf(_raw(data[name])) or {"raw": _raw(data[name])}


def _read_identifiers(data: dict[str, str], csl: dict[str, Any], key: str, report: _Report) -> None:
    if data.get("doi"):
        doi = clean_doi(_raw(data["doi"]))
        if doi:
            csl["DOI"] = doi
        else:
            report.add("bad-doi", "warning", "doi is not a DOI, left out", key)
    if data.get("url"):
        url = _raw(data["url"])
        doi = clean_doi(url) if "doi.org/" in url else None
        if doi and "DOI" not in csl:
            csl["DOI"] = doi
        csl["URL"] = url
    eprint = _raw(data.get("eprint", ""))
    kind = plain(data.get("eprinttype") or data.get("archiveprefix", "")).lower()
    if eprint:
        if kind in ("pubmed", "pmid"):
            csl.setdefault("PMID", eprint)
        elif kind in ("pmc", "pmcid"):
            csl.setdefault("PMCID", eprint)
        elif kind == "arxiv":
            csl.setdefault("URL", f"https://arxiv.org/abs/{eprint}")
            csl.setdefault("number", f"arXiv:{eprint}")
        elif kind in ("doi",):
            csl.setdefault("DOI", clean_doi(eprint))
        else:
            report.add("not-read", "note", f"eprint of type {kind or 'none'!r} left out", key)
    if data.get("file"):
        pdfs = _files(data["file"])
        if pdfs:
            csl["custom"] = {"pdf": pdfs}
    if data.get("library"):
        library = plain(data["library"])
        source, _, number = library.rpartition(", ")
        if source and re.fullmatch(r"[\w.:/-]+", number):
            csl["source"], csl["call-number"] = source, number
        else:
            csl["source"] = library


_ESCAPED = re.compile(r"\\([_%&#$~{}])|[{}]")


def _raw(value: str) -> str:
    """A value that is not TeX text (a URL, DOI, date, path): escapes undone, braces gone,
    and nothing else touched (``~`` in a URL is a tilde, not a space)."""
    return _ESCAPED.sub(lambda m: m.group(1) or "", value).strip()


def _files(raw: str) -> list[str]:
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


def _read_notes(
    kind: str, data: dict[str, str], csl: dict[str, Any], key: str, report: _Report
) -> None:
    """``note``, ``annote`` and ``addendum`` as the note; ``Key: value`` lines in ``extra``
    (Zotero's and Better BibTeX's place for fields BibTeX lacks) and the ``PMID:`` lines
    citekit's own writers put in the note, as the fields they name."""
    kept = []
    for name in ("note", "annote", "annotation", "addendum", "extra"):
        if not data.get(name):
            continue
        if name == "extra":
            lines = [_text(line, key, report) for line in data[name].splitlines()]
        else:
            lines = [_text(data[name], key, report)]
        for line in lines:
            if not line.strip():
                continue
            if _extra_field(line, csl, extra=name == "extra"):
                continue
            kept.append(line.strip())
    if kept:
        csl["note"] = "\n".join(kept)


def extra_variable(key: str) -> str | None:
    """The CSL variable a Zotero ``extra`` line names: ``original-date``, ``Original Date``
    and ``originalDate`` all name ``original-date``; ``PMID`` its own."""
    kebab = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", key.strip())
    kebab = re.sub(r"[\s_]+", "-", kebab).lower()
    return _CSL_VARIABLES.get(kebab)


_CSL_VARIABLES = {
    (f.alias or name).lower(): f.alias or name
    for name, f in Record.model_fields.items()
    if name not in ("custom", "id")
}


def _extra_field(line: str, csl: dict[str, Any], *, extra: bool) -> bool:
    match = _PMID_NOTE.match(line)
    if match:
        csl.setdefault(match.group(1).upper(), match.group(2).rstrip("."))
        return True
    if not extra:
        return False
    match = _EXTRA_LINE.match(line)
    if not match:
        return False
    variable = extra_variable(match.group(1))
    if variable is None or variable in csl:
        return False
    value = match.group(2)
    if variable.endswith("date") or variable in ("accessed", "issued"):
        csl[variable] = dates.edtf(value) or {"raw": value}
    elif variable == "type":
        csl["type"] = value
    else:
        csl[variable] = value
    return True
