"""BibTeX and BibLaTeX libraries (``.bib``): a co-author's file, JabRef's, Better BibTeX's.

bibtexparser v2 splits the file into blocks (entries, ``@string``, comments, and the blocks
it could not parse, each with its line); everything after that is here: ``@string`` and
month macros, ``#`` concatenation and inheritance (``parsers/grammar/bibvalues.py``), TeX →
CSL text (``parsers/grammar/tex.py``), names and dates (``citekit.names``, ``citekit.dates``),
and each field to its CSL variable — the mappings of Zotero's and pandoc's BibTeX
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
    PEOPLE,
    SERIES_NUMBERED,
    SUBTYPES,
    TEXT,
    TITLES,
    TYPE_KEYS,
    TYPES,
)
from citekit.parsers.grammar.bibvalues import (
    Report,
    entry_fields,
    file_paths,
    inherit,
    raw_value,
    value_text,
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


def matches(text: str) -> bool:
    """True when ``text`` holds a BibTeX entry (``@article{key,`` at the start of a line)."""
    return _ENTRY.search(text[:200_000]) is not None


def parse(text: str, *, origin: str) -> ParseResult:
    """Read every entry; each block that fails and each value left out is reported."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    result = ParseResult()
    report = Report(origin)
    macros = {s.key.lower(): s.value for s in library.strings}
    resolved = {k: value_text(v, macros, report, None) for k, v in macros.items()}
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
    own = [entry_fields(e, resolved, report) for e in entries]
    by_key: dict[str, dict[str, str]] = {}
    for entry, data in zip(entries, own, strict=True):
        by_key.setdefault(entry.key, data)  # a crossref to a repeated key means the first
    for entry, data in zip(entries, own, strict=True):
        if entry.entry_type.lower() in ("xdata", "set"):
            continue  # biblatex §3.13/§3.14: data for other entries, never cited themselves
        record = _record(entry, inherit(entry, data, by_key, report), origin, report, result)
        if record is not None:
            result.records.append(record)
    result.diagnostics += report.diagnostics()
    if not entries and not library.failed_blocks:
        result.diagnostics.append(
            Diagnostic(origin, None, "no BibTeX entry found", "error", "not-recognised")
        )
    return result


# --- one record -----------------------------------------------------------------------


def _record(
    entry: Entry, data: dict[str, str], origin: str, report: Report, result: ParseResult
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


def _type(kind: str, data: dict[str, str], key: str, report: Report) -> str:
    subtype = plain(data.get("entrysubtype", "")).lower()
    if kind == "article" and subtype in SUBTYPES:
        return SUBTYPES[subtype]
    if kind in TYPES:
        return TYPES[kind]
    report.add("unknown-type", "warning", f"entry type @{kind} unknown, read as a document", key)
    return "document"


def _text(value: str, key: str, report: Report, *, title: bool = False) -> str:
    decoded = decode(value, title=title)
    for command in decoded.unknown:
        report.add("unknown-command", "note", f"TeX command {command} has no meaning here", key)
    return decoded.text


def _read_text(data: dict[str, str], csl: dict[str, Any], key: str, report: Report) -> None:
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
    title: str, data: dict[str, str], subtitle: str, addon: str, key: str, report: Report
) -> str:
    """A title with its biblatex subtitle (``Title: Subtitle``) and addon (``. Addon``)."""
    if data.get(subtitle):
        title += ": " + _text(data[subtitle], key, report, title=True)
    if data.get(addon):
        title += ". " + _text(data[addon], key, report, title=True)
    return title


def _read_people(data: dict[str, str], csl: dict[str, Any], key: str, report: Report) -> None:
    for name, variable in PEOPLE.items():
        if data.get(name):
            people = _people(data[name], key, report)
            if people:
                csl[variable] = people


def _people(raw: str, key: str, report: Report) -> list[dict[str, str]]:
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
    kind: str, data: dict[str, str], csl: dict[str, Any], key: str, report: Report
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


def _read_dates(data: dict[str, str], csl: dict[str, Any], key: str, report: Report) -> None:
    issued = dates.issued(
        *(
            raw_value(data.get(name, ""))
            for name in ("date", "year", "month", "day", "yeardivision")
        )
    )
    if issued:
        csl["issued"] = issued
    elif data.get("year") or data.get("date"):
        report.add("bad-date", "warning", "date not understood, kept as written", key)
        csl["issued"] = {"literal": raw_value(data.get("date") or data.get("year", ""))}
    for name, variable in DATES.items():
        if data.get(name):
            csl[variable] = dates.edtf(raw_value(data[name])) or {"raw": raw_value(data[name])}


def _read_identifiers(data: dict[str, str], csl: dict[str, Any], key: str, report: Report) -> None:
    if data.get("doi"):
        doi = clean_doi(raw_value(data["doi"]))
        if doi:
            csl["DOI"] = doi
        else:
            report.add("bad-doi", "warning", "doi is not a DOI, left out", key)
    if data.get("url"):
        url = raw_value(data["url"])
        doi = clean_doi(url) if "doi.org/" in url else None
        if doi and "DOI" not in csl:
            csl["DOI"] = doi
        csl["URL"] = url
    eprint = raw_value(data.get("eprint", ""))
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
        pdfs = file_paths(data["file"])
        if pdfs:
            csl["custom"] = {"pdf": pdfs}
    if data.get("library"):
        library = plain(data["library"])
        source, _, number = library.rpartition(", ")
        if source and re.fullmatch(r"[\w.:/-]+", number):
            csl["source"], csl["call-number"] = source, number
        else:
            csl["source"] = library


def _read_notes(
    kind: str, data: dict[str, str], csl: dict[str, Any], key: str, report: Report
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
