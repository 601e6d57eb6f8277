"""The record model: one CSL-JSON item, and the names and dates inside it.

Every CSL 1.0.2 variable is a field: the fields are generated from the CSL-JSON schema into
:mod:`citekit._csl_fields`; this module adds what a schema cannot say. Python attribute names
are the CSL keys with hyphens turned into underscores; ``model_dump(by_alias=True)`` gives
the CSL keys back exactly. What CSL has no variable for (the wiki page a study was cited on,
a PDF link, a pii) lives in :class:`Custom`, under the schema's own ``custom`` key.

Invariants, held by validators so that no downstream code has to check them again:

- ``DOI`` is bare and clean (:func:`citekit.normalize.clean_doi`); a value with no DOI in it
  is dropped.
- In ``date-parts`` every part is an integer, a month is 1–12 and a day 1–31. Months 13–16
  and 21–24 are how some producers (and EDTF) write the seasons: they become ``season``.
  A ``raw`` date in ISO 8601/EDTF form (``2012-03``, ``2012/2013``) becomes ``date-parts``.
- ``season`` is a number 1–4 (spring, summer, autumn, winter: the CSL terms ``season-01``
  … ``season-04``); ``"Spring"`` and ``"summer"`` are read as their numbers.
- ``type`` is a CSL type: another name is read as the closest CSL type (:func:`closest_type`).
- A number in a text field is stored as its text (the schema allows a number for ``volume``,
  ``issue``, ``page`` … and CSL treats all of them as text).

What a validator changed or dropped is said, not hidden: :meth:`Record.from_csl` collects a
:class:`Problem` for each, which the CSL-JSON reader turns into diagnostics. Only JSON-type
changes the schema itself allows (a number as ``volume``, ``"2"`` as a season) are not
problems. Records built with ``model_copy(update=…)`` skip validation: copy only values
taken from another record.

Longer than the project's ~500 lines on purpose: the model classes and the validators that
hold their invariants are one unit (splitting them would let a field exist without its
check); the generated field list is already apart, in ``_csl_fields``.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticUndefined

from citekit._csl_fields import (
    CSL_TYPES,
    DATE_VARIABLES,
    STRING_KEYS,
    STRING_OR_NUMBER_KEYS,
    CslDate,
    CslItem,
    CslName,
    CslType,
)
from citekit.dates import SEASONS, month_number
from citekit.errors import Severity
from citekit.normalize import clean_doi, doi_key, fold_ascii

__all__ = [
    "CSL_TYPES",
    "FALLBACK_TYPE",
    "CslType",
    "Custom",
    "Date",
    "FoundOn",
    "Name",
    "Problem",
    "Record",
    "closest_type",
]

# The validation-context key under which validators collect problems (a list).
PROBLEMS = "problems"
# The type an item without a usable type is read as: CSL's plain article.
FALLBACK_TYPE = "article"
# Month numbers that stand for seasons: 13–16 (citeproc-js, Zotero) and 21–24 (EDTF).
SEASON_MONTHS = {13: 1, 14: 2, 15: 3, 16: 4, 21: 1, 22: 2, 23: 3, 24: 4}
SEASON_NAMES = {1: "spring", 2: "summer", 3: "autumn", 4: "winter"}
# A season's name in the month's place (`[[2012, "Spring"]]`) reads as EDTF's season month.
SEASON_MONTHS_BY_NAME = {name: 20 + season for name, season in SEASONS.items()}
_DATE_PARTS = ("year", "month", "day")
# ISO 8601 / EDTF level 0 dates and intervals, as `raw` dates usually are: 2012, 2012-03,
# 2012-03-04, 2012/2013.
_ISO_DATE = re.compile(r"(-?\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Problem:
    """A value a validator changed (``note``) or dropped (``warning``), by CSL key path."""

    field: str
    message: str
    severity: Severity = "warning"


def _problems(info: ValidationInfo) -> list[Problem] | None:
    context = info.context
    return context.get(PROBLEMS) if isinstance(context, dict) else None


def _report(info: ValidationInfo, field: str, message: str, severity: Severity = "warning") -> None:
    problems = _problems(info)
    if problems is not None:
        problems.append(Problem(field, message, severity))


def _attributes(*keys: str) -> tuple[str, ...]:
    return tuple(key.replace("-", "_") for key in keys)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    def csl(self) -> dict[str, Any]:
        """The CSL-JSON form: hyphenated keys, empty values left out."""
        return _prune(self.model_dump(by_alias=True, exclude_none=True))

    def filled(self) -> list[str]:
        """The keys :meth:`csl` holds, found without building it: every writer asks this of
        every record to name what it had no place for, and the whole dump cost a fifth of a
        BibTeX export. Only fields given a value, and those whose default is one, can hold
        anything."""
        keys, defaulted = _keys_of(type(self))
        out = []
        for attribute in (*self.model_fields_set, *defaulted):
            value = getattr(self, attribute)
            if value is None or value == "" or value == [] or value == {}:
                continue
            if isinstance(value, _Model):
                if not value.filled():
                    continue  # a date or object with nothing in it
            elif isinstance(value, dict) and not _prune(value):
                continue
            out.append(keys[attribute])
        return list(dict.fromkeys(out))


def _keys_of(model: type[BaseModel]) -> tuple[dict[str, str], tuple[str, ...]]:
    """``model``'s attribute → CSL key, and its fields whose default is not empty."""
    found = _KEYS.get(model)
    if found is None:
        keys, defaulted = {}, []
        for name, info in model.model_fields.items():
            keys[name] = info.serialization_alias or info.alias or name
            if info.default not in (None, "", PydanticUndefined) or info.default_factory:
                defaulted.append(name)
        found = _KEYS[model] = (keys, tuple(defaulted))
    return found


_KEYS: dict[type, tuple[dict[str, str], tuple[str, ...]]] = {}


def _prune(value: Any) -> Any:
    """Drop empty lists and objects, which CSL readers treat as present-but-blank."""
    if isinstance(value, dict):
        return _pruned_dict(value)
    if isinstance(value, list):
        return [_prune(v) if isinstance(v, dict | list) else v for v in value]
    return value


def _pruned_dict(value: dict[str, Any]) -> dict[str, Any]:
    # Called for every record in every export: containers only are recursed into, and a
    # false value is dropped only when it is an empty text, list or object (0 stays).
    out = {}
    for key, item in value.items():
        if isinstance(item, dict | list):
            item = _prune(item)
            if not item:
                continue
        elif item == "":
            continue
        out[key] = item
    return out


class Name(_Model, CslName):
    """A CSL name: a person split into parts, or one ``literal`` for an organisation."""

    @property
    def display(self) -> str:
        """``Family, Given`` (or the literal), as BibTeX and RIS want it."""
        if self.literal:
            return self.literal
        family = " ".join(p for p in (self.non_dropping_particle, self.family) if p)
        given = " ".join(p for p in (self.given, self.dropping_particle) if p)
        parts = [family or ""]
        if self.suffix:
            parts.append(self.suffix)
        if given:
            parts.append(given)
        return ", ".join(parts)


class Date(_Model, CslDate):
    """A CSL date: one or two ``date-parts`` (a range), a season, or a literal or raw text."""

    @model_validator(mode="before")
    @classmethod
    def _hold_invariants(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict):
            return data
        return _checked_date(dict(data), info)

    @property
    def year(self) -> int | None:
        return self.date_parts[0][0] if self.date_parts and self.date_parts[0] else None

    @property
    def month(self) -> int | None:
        first = self.date_parts[0] if self.date_parts else []
        return first[1] if len(first) > 1 else None

    @property
    def day(self) -> int | None:
        first = self.date_parts[0] if self.date_parts else []
        return first[2] if len(first) > 2 else None

    @property
    def empty(self) -> bool:
        """True when nothing of the date is left to print."""
        return not (self.date_parts or self.season or self.literal or self.raw)


# --------------------------------------------------------------------------------------
# Date invariants (on the input dict, before pydantic checks the types)


def _checked_date(data: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    key = "date_parts" if "date_parts" in data else "date-parts"
    if data.get("season") is not None:
        data["season"] = _season(data["season"], info)
    raw = data.get("raw")
    if not data.get(key) and isinstance(raw, str):
        parsed = _iso_parts(raw)
        if parsed:
            data[key] = parsed
            del data["raw"]
            _report(info, "raw", f"{raw!r} read as date-parts {parsed}", "note")
        elif raw.strip():
            _report(info, "raw", f"{raw!r} is not an ISO 8601 date; kept as written, no year")
    if data.get(key) is None:
        return data
    parts, season = _parts(data[key], info)
    data[key] = parts or None
    if season is not None:
        if data.get("season") is None:
            data["season"] = season
        elif data["season"] != season:
            message = f"its month stands for season {season}, season is {data['season']}; kept"
            _report(info, "date-parts", message + " season")
    return data


def _iso_parts(raw: str) -> list[list[int]] | None:
    ends = raw.strip().split("/")
    if len(ends) > 2:
        return None
    parts = []
    for end in ends:
        match = _ISO_DATE.fullmatch(end.strip())
        if not match:
            return None
        parts.append([int(n) for n in match.groups() if n is not None])
    return parts


def _season(value: Any, info: ValidationInfo) -> int | None:
    number: int | None = None
    if isinstance(value, str) and value.strip().isdigit():
        number = int(value)  # the schema allows the season as a string
    elif isinstance(value, str) and value.strip().lower() in SEASONS:
        number = SEASONS[value.strip().lower()]
        _report(info, "season", f"{value!r} read as {number}", "note")
        return number
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
    if number is not None and 1 <= number <= 4:
        return number
    if number in SEASON_MONTHS:
        season = SEASON_MONTHS[number]
        _report(info, "season", f"{number} read as {season} ({SEASON_NAMES[season]})", "note")
        return season
    _report(info, "season", f"{value!r} is not a season (1–4 or spring … winter); dropped")
    return None


def _parts(value: Any, info: ValidationInfo) -> tuple[list[list[int]], int | None]:
    """Clean ``date-parts``, and the season its first month encodes (if it encodes one)."""
    if not isinstance(value, list):
        _report(info, "date-parts", f"{value!r} is not a list of dates; dropped")
        return [], None
    if len(value) > 2:
        _report(info, "date-parts", f"more than a start and an end; {value[2:]} dropped")
    out: list[list[int]] = []
    season = None
    for index, raw in enumerate(value[:2]):
        numbers, found = _one_date(raw, "start" if index == 0 else "end", info)
        if index == 0:
            season = found
            if not numbers:
                if len(value) > 1:
                    _report(info, "date-parts", "a range without a start; its end dropped")
                break
        elif found is not None and found != season:
            _report(info, "date-parts", f"the end's season {found} dropped")
        if numbers:
            out.append(numbers)
    return out, season


def _one_date(raw: Any, which: str, info: ValidationInfo) -> tuple[list[int], int | None]:
    """One ``[year, month, day]``: integers, month 1–12, day 1–31; where a part is not, it
    and the parts after it are dropped (a day means nothing without its month)."""
    if not isinstance(raw, list):
        _report(info, "date-parts", f"{which} {raw!r} is not a list of numbers; dropped")
        return [], None
    if len(raw) > 3:
        _report(info, "date-parts", f"{which}: {raw[3:]} after the day dropped")
    numbers: list[int] = []
    for position, value in enumerate(raw[:3]):
        label, rest = _DATE_PARTS[position], " and what follows" if position < len(raw) - 1 else ""
        number = _integer(value)
        if number is None and position == 1 and isinstance(value, str):
            name = value.strip().lower()
            number = SEASON_MONTHS_BY_NAME.get(name) or month_number(value)
            if number is not None and name not in SEASONS:
                _report(info, "date-parts", f"month {value!r} read as {number}", "note")
        if number is None:
            _report(info, "date-parts", f"{which} {label} {value!r} is not a number; dropped{rest}")
            break
        if position == 1 and number in SEASON_MONTHS:
            season = SEASON_MONTHS[number]
            read = f"month {value!r} read as season {season} ({SEASON_NAMES[season]})"
            _report(info, "date-parts", read, "note")
            if rest:
                _report(info, "date-parts", f"{which}: the day after season {season} dropped")
            return numbers, season
        if position and not 1 <= number <= (12 if position == 1 else 31):
            _report(info, "date-parts", f"{which} {label} {number} out of range; dropped{rest}")
            break
        numbers.append(number)
    return numbers, None


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def closest_type(name: str) -> str:
    """The CSL type a non-CSL type name most likely means, else ``article``.

    The same words in another order or spelling (``journal-article``, ``journalArticle``,
    ``legal-case``, ``Book``) are that type; a near miss (``article-jounral``) is the type it
    is one or two letters from. Anything else is CSL's catch-all ``article``.
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", "-", name.strip())
    words = sorted(w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w)
    if not words:
        return FALLBACK_TYPE
    for csl in CSL_TYPES:
        if sorted(re.split(r"[-_]", csl)) == words:
            return csl
    close = difflib.get_close_matches("-".join(words), CSL_TYPES, n=1, cutoff=0.8)
    return close[0] if close else FALLBACK_TYPE


# --------------------------------------------------------------------------------------
# citekit's own data, and the record


class FoundOn(_Model):
    """Where a reference was found: the input file and line, and the wiki page's identity."""

    file: str | None = None
    line: int | None = None
    page_title: str | None = None
    slug: str | None = None
    tiki_page_id: int | None = None
    page_date: str | None = None


class Custom(_Model):
    """What citekit knows that CSL has no variable for (CSL-JSON's ``custom`` object)."""

    # Every place the work was found, in input order: one work cited on several pages (or twice
    # on one) is one record once duplicates are merged.
    found_on: list[FoundOn] = Field(default_factory=list)
    pdf: list[str] = Field(default_factory=list)
    pii: str | None = None
    document_type: str | None = None
    # A reference pasted from a study's own reference list: the citing studies ("doi:…",
    # "pmid:…" or a title; several when the work is in several pages' lists), so a user can
    # keep the studies a page is about and leave out the literature they cite. Empty for a
    # study cited in its own right.
    reference_of: list[str] = Field(default_factory=list)
    # field name -> where its value came from ("parsed", "crossref", ...); filled by enrichment.
    provenance: dict[str, str] = Field(default_factory=dict)

    @field_validator("reference_of", mode="before")
    @classmethod
    def _one_citing_study_is_a_list(cls, value: Any) -> Any:
        """Parsers give the one study whose list holds the reference (older files: a string)."""
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @field_validator("found_on", mode="before")
    @classmethod
    def _one_place_is_a_list(cls, value: Any) -> Any:
        """Parsers and CSL-JSON files written before the list give one place (or null)."""
        if value is None:
            return []
        if isinstance(value, dict | FoundOn):
            return [value]
        return value

    @property
    def first_place(self) -> FoundOn | None:
        """Where the work was first found, for messages that name one place."""
        return self.found_on[0] if self.found_on else None


def _fold(text: str) -> str:
    return _NOT_ALNUM.sub("", fold_ascii(text.casefold()).lower())


class Record(_Model, CslItem[Name, Date]):
    """One bibliographic item in CSL-JSON shape."""

    # Parsers make records before the key stage gives them ids (keys.py), and most of what
    # they read are journal articles.
    id: str = ""
    type: CslType = "article-journal"
    # Factories, not shared defaults: pydantic deep-copies a mutable default for every
    # record it builds, which was a third of building one (see _fresh_list_defaults).
    custom: Custom = Field(default_factory=Custom)

    @field_validator("type", mode="before")
    @classmethod
    def _csl_type(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, str) and value in CSL_TYPES:
            return value
        guess = closest_type(value) if isinstance(value, str) else FALLBACK_TYPE
        _report(info, "type", f"{value!r} is not a CSL type; read as {guess!r}")
        return guess

    @field_validator(*_attributes(*STRING_KEYS, *STRING_OR_NUMBER_KEYS), mode="before")
    @classmethod
    def _numbers_as_text(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return value
        text = str(int(value)) if float(value).is_integer() else str(value)
        key = cls._key(info.field_name)
        if key not in STRING_OR_NUMBER_KEYS:
            _report(info, key, f"a number where CSL has text; read as {text!r}", "note")
        return text

    @field_validator("DOI")
    @classmethod
    def _bare_doi(cls, value: str | None, info: ValidationInfo) -> str | None:
        if not value:
            return None
        doi = clean_doi(value)
        if doi is None:
            _report(info, "DOI", f"{value!r} is not a DOI; dropped")
        elif doi != value:
            _report(info, "DOI", f"{value!r} read as {doi!r}", "note")
        return doi

    @field_validator(*_attributes(*DATE_VARIABLES), mode="wrap")
    @classmethod
    def _dates(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Any:
        """Dates name their problems by the variable they are in (``issued.date-parts``);
        a date given as text is read as its ``raw`` form; a date left empty is none."""
        key = cls._key(info.field_name)
        if isinstance(value, str | int) and not isinstance(value, bool):
            _report(info, key, f"a date as text, {str(value)!r}; read as its raw form", "note")
            value = {"raw": str(value)}
        problems = _problems(info)
        start = len(problems) if problems is not None else 0
        date = handler(value)
        if problems is not None:
            problems[start:] = [replace(p, field=f"{key}.{p.field}") for p in problems[start:]]
        return None if isinstance(date, Date) and date.empty else date

    @classmethod
    def _key(cls, attribute: str | None) -> str:
        field = cls.model_fields[attribute or ""]
        return field.alias or attribute or ""

    @classmethod
    def from_csl(cls, data: dict[str, Any], *, problems: list[Problem] | None = None) -> Record:
        """Build a record from a CSL-JSON item (hyphenated keys).

        With ``problems`` given, every value the validators change or drop is added to it.
        """
        context = {PROBLEMS: problems} if problems is not None else None
        return cls.model_validate(data, context=context)

    @property
    def year(self) -> int | None:
        return self.issued.year if self.issued else None

    @property
    def work_doi(self) -> str | None:
        """The DOI as two records' DOIs are compared (lower case), or ``None`` when there is
        none or it is cut short: a suffix without a digit (``10.1016/j``) names a publisher."""
        if self.DOI and re.search(r"\d", self.DOI.partition("/")[2]):
            return doi_key(self.DOI)
        return None

    @property
    def work_pmid(self) -> str | None:
        """The PMID as compared: digits only, without leading zeros."""
        return re.sub(r"\D", "", self.PMID or "").lstrip("0") or None

    @property
    def identity(self) -> str:
        """The work this record describes, stable across runs: unlike ``id`` (the citation
        key, which changes with the key pattern and with the other records of an export),
        it depends on the record alone.

        ``doi:<DOI in lower case>``; else ``pmid:<digits>``; else ``work:`` and 16 hex digits
        of the SHA-256 of the title, year and first author's family name (or literal), each
        folded to lower-case ASCII letters and digits and joined by U+001F. A DOI whose
        suffix has no digit (``10.1016/j``, a DOI cut short) names no work and is passed
        over, as in dedup. Records with none of these (no title, year or author) share one
        identity.
        """
        if self.work_doi:
            return "doi:" + self.work_doi
        if self.work_pmid:
            return "pmid:" + self.work_pmid
        first = self.author[0] if self.author else None
        who = (first.family or first.literal or "") if first else ""
        text = "\x1f".join((_fold(self.title or ""), str(self.year or ""), _fold(who)))
        return "work:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _fresh_list_defaults(model: type[BaseModel]) -> None:
    """Give ``model``'s generated list fields (the 27 CSL name variables) ``list`` as their
    default factory instead of a ``[]`` default.

    Each is the same empty list either way; but pydantic deep-copies a mutable default
    every time a record is built without that field, 27 ``copy.deepcopy`` calls per record,
    about 40 % of building one. The fields come from the generated ``_csl_fields`` (its
    schema-given ``= []``), so they are changed here, once, and the schema rebuilt.
    """
    for info in model.model_fields.values():
        if isinstance(info.default, list) and not info.default:
            info.default = PydanticUndefined
            info.default_factory = list
    model.model_rebuild(force=True)


_fresh_list_defaults(Record)
