"""CSL-JSON input: an array of CSL items (or one item), as Zotero, pandoc and citekit write it.

Lets a user restyle or re-export references they already have. Zotero's extra keys are read
back the way its importer reads them (``journalAbbreviation`` → ``container-title-short``,
``shortTitle`` → ``title-short``); keys that are not CSL 1.0.2 variables are reported and
left out, never silently dropped. citekit's own ``custom.found_on`` is read as a list of
places, or as the one object that files written before the list hold.

Coerce and warn, never drop a whole item for one field (as Zotero and pandoc read these
files): an item without a ``type`` is read as an ``article``; what the record model repairs
(a DOI URL, month 13, ``"Spring"``, a type outside CSL, a ``raw`` date) is reported as it
says; a value the model cannot take at all (a name that is not an object, a key a name may
not have) is left out and named. Each report names the item and the field.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from citekit._csl_fields import DATE_VARIABLES
from citekit.errors import Diagnostic
from citekit.parsers import ParseResult
from citekit.record import CSL_TYPES, FALLBACK_TYPE, Problem, Record
from citekit.writers.shared.common import found_on_note
from citekit.writers.shared.zotero import extra_lines

NAME = "csl-json"
# The file suffixes a folder is searched for on this reader's behalf (content decides
# which reader reads a file; these only decide which files in a folder are read).
SUFFIXES = (".json",)
# Detection asks readers by DETECT_ORDER, lowest first (see parsers/__init__.py). Here:
# only a text that is wholly CSL-JSON; nothing else parses as JSON items.
DETECT_ORDER = 10

# Keys other programs write beside the CSL variables, and the variable each stands for.
ALIASES = {"journalAbbreviation": "container-title-short", "shortTitle": "title-short"}
# Every key the model reads: the CSL variables and `custom`.
KNOWN = frozenset(field.alias or name for name, field in Record.model_fields.items())
# A value left out takes one validation round; no item has more bad values than fields.
_ROUNDS = len(KNOWN) + 1


# Keys only Crossref writes (its REST API's works, and the CSL-JSON that DOI content
# negotiation returns for Crossref DOIs): an item holding one is read as Crossref's record.
CROSSREF_SIGNS = frozenset(
    {
        "reference-count", "is-referenced-by-count", "member", "prefix", "indexed",
        "deposited", "published-print", "published-online", "content-domain",
        "short-container-title", "references-count", "created",
    }
)  # fmt: skip
# Crossref's bookkeeping about the deposit, not about the work: left out with one note.
CROSSREF_BOOKKEEPING = frozenset(
    {
        *CROSSREF_SIGNS, "license", "link", "relation", "resource", "score", "journal-issue",
        "alternative-id", "subject", "published", "published-other", "update-policy",
        "funder", "assertion", "institution", "issn-type", "isbn-type", "content-created",
        "approved", "subtitle", "short-title", "original-title", "article-number",
        "update-to", "clinical-trial-number", "archive", "posted", "accepted", "group-title",
        "container-title-short", "language", "abstract", "title", "container-title",
    }
)  # fmt: skip


def _items(text: str) -> list[Any] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict) and isinstance(data.get("message"), dict):
        # A Crossref REST answer: one work, or a list of them.
        message = data["message"]
        data = message["items"] if isinstance(message.get("items"), list) else message
    if isinstance(data, dict):
        data = [data]
    # The schema requires both `type` and `id`; producers that drop one keep the other.
    if isinstance(data, list) and data and all(_item_like(i) for i in data):
        return data
    return None


def _item_like(item: Any) -> bool:
    return isinstance(item, dict) and ("type" in item or "id" in item)


def _undo_writer_additions(record: Record) -> Record:
    """Take back what ``writers.csljson`` derives for Zotero, so a round trip is exact: the
    container title standing in for a lone abbreviation, and the derived note lines."""
    update: dict[str, Any] = {}
    if record.container_title and record.container_title == record.container_title_short:
        update["container_title"] = None
    if record.note:
        derived = {found_on_note(record), *extra_lines(record)}
        kept = [line for line in record.note.split("\n") if line not in derived]
        update["note"] = "\n".join(kept) or None
    return record.model_copy(update=update) if update else record


def matches(text: str) -> bool:
    """True when the whole text is a CSL-JSON item or array of items."""
    return text.lstrip()[:1] in ("[", "{") and _items(text) is not None


def parse(text: str, *, origin: str) -> ParseResult:
    """Read every item, each value the model cannot take reported and the rest kept."""
    result = ParseResult()
    items = _items(text)
    if items is None:
        result.diagnostics.append(_not_items(text, origin))
        return result
    for index in range(len(items)):
        # Each item's decoded JSON is let go once it is a record: a big file's dicts and its
        # records are then never all in memory together.
        item, items[index] = items[index], None
        where = f"item {index + 1} ({item.get('id', 'no id')})"
        problems: list[Problem] = []
        keys = _crossref_keys(item, problems) if CROSSREF_SIGNS & item.keys() else None
        record = _record(keys or _csl_keys(item, problems), problems)
        for problem in problems:
            field = f"{problem.field}: " if problem.field else ""
            message = f"{where}: {field}{problem.message}"
            diagnostic = Diagnostic(origin, None, message, problem.severity, _code(problem))
            result.diagnostics.append(diagnostic)
        if record is not None:
            result.records.append(_undo_writer_additions(record))
    return result


def _not_items(text: str, origin: str) -> Diagnostic:
    """Why ``text`` gave no items: JSON nested deeper than Python's parser goes (thousands of
    levels: no CSL item is), or not CSL-JSON at all."""
    try:
        json.loads(text)
    except RecursionError:
        return Diagnostic(origin, None, "JSON nested too deeply to read", "error", "too-deep")
    except ValueError:
        pass
    return Diagnostic(origin, None, "not a CSL-JSON array", "error", "not-recognised")


def _code(problem: Problem) -> str:
    """The diagnostic code of a problem the model or this reader reported.

    The record model names the field and the severity, not the kind, so the kind is read
    from those: a repair is a note, a value lost or guessed a warning, an item lost an error.
    """
    if problem.severity == "error":
        return "bad-item"
    if not problem.field:
        return "not-read"  # keys with no CSL meaning, the only problem without a field
    if problem.severity == "note":
        return "repaired"
    steps = problem.field.split(".")
    if steps[0] in DATE_VARIABLES or steps[-1] in ("raw", "date-parts", "season"):
        return "bad-date"
    if steps[0] == "type":
        return "bad-type"
    if problem.message.startswith("left out"):
        return "value-dropped"
    return "bad-value"


def _csl_keys(item: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """The item's CSL variables, Zotero's names mapped. The values are the item's own: it is
    fresh from ``json.loads`` and nothing else holds it, so bad values are cut out in place
    (a deep copy would also fail on deeply nested input)."""
    data = {key: value for key, value in item.items() if key in KNOWN}
    unknown = sorted(key for key in item if key not in KNOWN and key not in ALIASES)
    if unknown:
        problems.append(Problem("", "keys with no CSL meaning skipped: " + ", ".join(unknown)))
    for key, target in ALIASES.items():
        if key not in item:
            continue
        if target not in data:
            data[target] = item[key]
        elif data[target] != item[key]:
            message = f"{item[key]!r} differs from {target} {data[target]!r}; {target} kept"
            problems.append(Problem(key, message))
    if "type" not in data:
        problems.append(Problem("type", f"missing; read as {FALLBACK_TYPE!r}"))
        data["type"] = FALLBACK_TYPE
    return data


def _crossref_keys(item: dict[str, Any], problems: list[Problem]) -> dict[str, Any]:
    """A Crossref work as CSL variables, read as citekit's enrichment reads Crossref
    (types such as ``journal-article``, lists of titles and ISSNs, ``published-print``
    before ``issued``, the article number as the page); what the item has in CSL's own
    terms besides (an ``id``, a ``note``, a ``PMID``) is kept."""
    from citekit.enrich.crossref import from_crossref  # imports only for Crossref items

    fields = from_crossref(item).fields
    data: dict[str, Any] = {}
    for name, value in fields.items():
        key = Record.model_fields[name].alias or name
        if isinstance(value, list):
            value = [v.model_dump(by_alias=True, exclude_none=True) for v in value]
        elif hasattr(value, "model_dump"):
            value = value.model_dump(by_alias=True, exclude_none=True)
        data[key] = value
    for key, value in item.items():
        if key in KNOWN and key not in data and isinstance(value, str) and value:
            data[key] = value
    left_out = sorted(k for k in item if k not in KNOWN and k not in CROSSREF_BOOKKEEPING)
    if left_out:
        problems.append(Problem("", "keys with no CSL meaning skipped: " + ", ".join(left_out)))
    if item.get("type") in CSL_TYPES:  # content negotiation already answers in CSL's types
        data["type"] = item["type"]
    data.setdefault("type", FALLBACK_TYPE)
    return data


def _record(data: dict[str, Any], problems: list[Problem]) -> Record | None:
    """The record, after leaving out each value the model rejects (and saying so)."""
    for _ in range(_ROUNDS):
        found: list[Problem] = []
        try:
            record = Record.from_csl(data, problems=found)
        except ValidationError as error:
            left_out = _leave_out(data, error)
            if not left_out:
                first = error.errors()[0]
                problems.append(Problem(_path(first["loc"]), first["msg"], "error"))
                return None
            problems += left_out
            continue
        problems += found
        return record
    return None


def _leave_out(data: dict[str, Any], error: ValidationError) -> list[Problem]:
    """Cut the value each validation error points at out of ``data``; what was cut.

    Every place is found before anything is cut, so the list positions the errors give still
    hold; list items are cut from the last one back for the same reason.
    """
    cuts: dict[tuple[int, Any], tuple[Any, Any, str, str]] = {}
    for detail in error.errors():
        found = _locate(data, detail["loc"])
        if found is not None:
            parent, key, path = found
            cuts.setdefault((id(parent), key), (parent, key, path, detail["msg"]))
    out = []
    for parent, key, path, message in sorted(
        cuts.values(), key=lambda c: c[1] if isinstance(c[1], int) else -1, reverse=True
    ):
        value = parent[key]
        del parent[key]
        out.append(Problem(path, f"left out ({message}): {_short(value)}"))
    return sorted(out, key=lambda p: p.field)


def _locate(data: Any, loc: tuple[int | str, ...]) -> tuple[Any, Any, str] | None:
    """The container and key of the deepest value ``loc`` reaches in ``data`` (a union's
    member names, which end some locations, are not in the data)."""
    parent, key, steps = None, None, []
    current = data
    for step in loc:
        in_dict = isinstance(current, dict) and isinstance(step, str) and step in current
        in_list = isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        if not (in_dict or in_list):
            break
        parent, key = current, step
        current = current[step]
        steps.append(step)
    return (parent, key, _path(tuple(steps))) if parent is not None else None


def _path(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(step) for step in loc)


def _short(value: Any, limit: int = 60) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except RecursionError:  # nested deeper than the encoder goes: say what it starts as
        text = "[[[…" if isinstance(value, list) else "{…"
    return text if len(text) <= limit else text[: limit - 1] + "…"
