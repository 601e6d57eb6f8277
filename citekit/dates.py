"""Dates, in every form citekit's readers find them, to CSL dates (``{"date-parts": …}``).

One module for every written date, so that each reader reads a month, a season or a range
the same way (CSL's seasons are 1–4: spring, summer, autumn, winter):

- NLM dates (``parse_date``; *Citing Medicine*, ch. 1 "Journals"): ``YYYY Mon DD``, month
  ranges ``2021 Mar-Apr`` and ``2020 Dec-2021 Jan``, seasons ``2020 Winter``, a bare year; and
  the grammar atoms (``YEAR``, ``MONTH``, ``SEASON``, ``DATE``) the source-line grammars use;
- dates written in prose (``prose_date``, ``online_date``; free-form journal lines and
  publishers' pages): ``8 April 2014``, ``Dec 2014``, ``(2012)``, ``Published online …``;
- ISO 8601/EDTF and BibTeX's fields (``edtf``, ``year_month``, ``issued``): EDTF level 0/1 as
  biblatex reads it (biblatex manual §2.3.8): ``2020``, ``2020-04``, ``2020-04-15``, ranges
  ``2020-03/2020-04`` and open ends ``2020/``, seasons as months 21–24, ``~`` circa and ``?``
  uncertain (both read as circa, the only one CSL has), a time after ``T`` ignored; the year
  may be negative. BibTeX's ``year`` + ``month`` (+ ``day``), month names and ranges;
- RIS dates (``ris_date``; the RIS specification's ``YYYY/MM/DD/other``, Zotero's RIS.js:
  a part given as ``0`` is unknown), ISO dates, and dates in words (``JUN 8`` with ``PY``);
- EBSCO's Source dates (``parse_ebsco_date``; EBSCOhost's "Detailed Record" display):
  ``Mar2025``, ``Mar/Apr2020``, ``Spring2009``, ``8/30/2017``, ``2nd Quarter2019``, and the
  Spanish interface's month abbreviations; ERIC's ``Mar 2009``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.normalize import squash

# ---- months and seasons ----------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# CSL's season numbers: 1 spring, 2 summer, 3 autumn, 4 winter.
SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}


def month_number(name: str) -> int | None:
    """``Apr``/``April``/``apr.`` → 4; anything else → ``None``."""
    return MONTHS.get(name.strip().rstrip(".").lower())


# ---- NLM dates and the grammar atoms -------------------------------------------------

YEAR = r"(?:1[5-9]|20)\d\d"
MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
SEASON = r"(?:Spring|Summer|Autumn|Fall|Winter)"
DAY = r"\d{1,2}"
# "2022", "2022 Apr", "2022 Apr 5", "2021 Mar-Apr", "2020 Dec-2021 Jan", "2020 Winter",
# "2022 Apr 5-11".
DATE = (
    rf"{YEAR}(?:\s+(?:{MONTH}|{SEASON})(?:\s+{DAY}(?!\d))?"
    rf"(?:\s*-\s*(?:{YEAR}\s+)?(?:{MONTH}|{SEASON}|{DAY})(?:\s+{DAY}(?!\d))?)?)?"
)
_DATE_PART = re.compile(rf"(?P<year>{YEAR})(?:\s+(?P<mon>{MONTH}|{SEASON})(?:\s+(?P<day>{DAY}))?)?")


def parse_date(text: str) -> dict[str, Any] | None:
    """An NLM date (``2022 Apr 5``, ``2021 Mar-Apr``, ``2020 Winter``) as a CSL date."""
    text = squash(text)
    first = _DATE_PART.match(text)
    if not first:
        return None
    start = date_parts(first.group("year"), first.group("mon"), first.group("day"))
    result: dict[str, Any] = {}
    season = first.group("mon") and SEASONS.get(first.group("mon").lower())
    if season:
        result["season"] = season
    rest = text[first.end() :].strip()
    end = None
    if rest.startswith("-"):
        end = _range_end(rest[1:].strip(), start)
    result["date-parts"] = [start, end] if end and end != start else [start]
    return result


def date_parts(year: str, mon: str | None, day: str | None) -> list[int]:
    """``2022``, ``Apr``, ``5`` → ``[2022, 4, 5]``; a day without a known month is dropped."""
    parts = [int(year)]
    month = month_number(mon) if mon else None
    if month:
        parts.append(month)
        if day:
            parts.append(int(day))
    return parts


def _range_end(text: str, start: list[int]) -> list[int] | None:
    full = _DATE_PART.match(text)
    if full:
        if SEASONS.get((full.group("mon") or "").lower()):
            return None
        return date_parts(full.group("year"), full.group("mon"), full.group("day"))
    mon = re.match(rf"(?P<mon>{MONTH})(?:\s+(?P<day>{DAY}))?", text)
    if mon and month_number(mon.group("mon")):
        return date_parts(str(start[0]), mon.group("mon"), mon.group("day"))
    day = re.match(rf"({DAY})\b", text)
    if day and len(start) == 3:
        return [*start[:2], int(day.group(1))]
    return None


# ---- dates in prose ----------------------------------------------------------------------

PARENS_YEAR = re.compile(rf"\((?:[^()]*?\s)?(?P<year>{YEAR})\)")
WRITTEN_DATE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})\s+)?(?P<mon>{MONTH})\s+(?:(?P<day2>\d{{1,2}}),?\s+)?(?P<year>{YEAR})"
    rf"|(?P<year2>{YEAR})\s+(?P<mon2>{MONTH})(?:\s+(?P<day3>\d{{1,2}})\b)?"
)
BARE_YEAR = re.compile(rf"(?<![\d/.-]){YEAR}(?![\d/-])")


def prose_date(text: str) -> dict[str, Any] | None:
    """The first date written in ``text``: a day-month-year, month-year or bare year."""
    dated = WRITTEN_DATE.search(text)
    year_at = PARENS_YEAR.search(text) or BARE_YEAR.search(text)
    if dated and (not year_at or dated.start() <= year_at.start() + 6):
        year = int(dated.group("year") or dated.group("year2"))
        month = month_number(dated.group("mon") or dated.group("mon2"))
        day = dated.group("day") or dated.group("day2") or dated.group("day3")
        parts = [year] + ([month] if month else []) + ([int(day)] if month and day else [])
        return {"date-parts": [parts]}
    if year_at:
        year = year_at.group("year") if "year" in year_at.re.groupindex else year_at.group(0)
        return {"date-parts": [[int(year)]]}
    return None


ONLINE_DATE = re.compile(
    r"\b(?:published\s+online|first\s+published(?:\s+online)?|online\s+first|epub|"
    r"available\s+online)\s*"
    rf"(?:on\s+)?:?\s*(?:(?:\d{{1,2}}\s+)?{MONTH}\s+(?:\d{{1,2}},?\s+)?{YEAR}|{YEAR}\s+{MONTH}"
    r"(?:\s+\d{1,2})?)",
    re.IGNORECASE,
)


def online_date(text: str) -> dict[str, Any] | None:
    """The date a ``Published online 3 October 2012`` / ``Published online 2014 Jun 27`` note
    gives: CSL's ``available-date`` (the issue date is the journal's own)."""
    found = ONLINE_DATE.search(text)
    return prose_date(found.group(0)) if found else None


def first_date(text: str) -> dict[str, Any] | None:
    """The first date written in ``text`` (``Dec 2014``, ``(2012)``, ``8 April 2014``)."""
    return prose_date(_URLS.sub(" ", text))


_URLS = re.compile(r"https?://\S+|\b10\.\d{4,9}/\S+")


def day_month_year(text: str) -> dict[str, Any] | None:
    """``15 February 2022`` (publishers' pages) as a CSL date."""
    day, month, year = text.split()
    number = month_number(month)
    return {"date-parts": [[int(year), number, int(day)]]} if number else None


# ---- ISO 8601 / EDTF and BibTeX ------------------------------------------------------

_PLAIN_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def plain_iso(text: str) -> dict[str, Any] | None:
    """``2022-02-15``, ``2022-02`` or ``2022`` and nothing else (Zotero's Extra lines)."""
    found = _PLAIN_ISO.match(text)
    return {"date-parts": [[int(p) for p in found.groups() if p]]} if found else None


def compact_date(text: str) -> dict[str, Any] | None:
    """``20220215`` (MEDLINE's ``DEP``): eight digits, read as they stand."""
    found = re.fullmatch(r"(\d{4})(\d\d)(\d\d)", text)
    return {"date-parts": [[int(g) for g in found.groups()]]} if found else None


_EDTF_DAY = re.compile(
    r"^(?P<year>-?\d{1,4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?)?"
    r"(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?(?P<flag>[~?%]{0,2})$"
)
# EDTF seasons 21-24 (spring … winter) are CSL seasons 1-4.
_EDTF_SEASON_BASE = 20


def edtf(text: str) -> dict[str, Any] | None:
    """An ISO 8601/EDTF date or range as a CSL date; ``None`` when it is not one."""
    text = text.strip()
    if not text:
        return None
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        start = _one(start_text) if start_text not in ("", "..") else None
        end = _one(end_text) if end_text not in ("", "..") else None
        if start is None or (end is None and end_text not in ("", "..")):
            return None
        parts, circa, season = start
        # An open end (`2020/`) has no place in CSL date-parts: the start stands alone.
        date: dict[str, Any] = {"date-parts": [parts, end[0]] if end else [parts]}
    else:
        one = _one(text)
        if one is None:
            return None
        parts, circa, season = one
        date = {"date-parts": [parts]}
    if season:
        date["season"] = season
    if circa:
        date["circa"] = True
    return date


def _one(text: str) -> tuple[list[int], bool, int | None] | None:
    match = _EDTF_DAY.match(text.strip())
    if not match:
        return None
    parts = [int(match.group("year"))]
    season = None
    month = int(match.group("month")) if match.group("month") else None
    if month and _EDTF_SEASON_BASE < month <= _EDTF_SEASON_BASE + 4:
        season = month - _EDTF_SEASON_BASE
    elif month:
        if not 1 <= month <= 12:
            return None
        parts.append(month)
        if match.group("day"):
            day = int(match.group("day"))
            if not 1 <= day <= 31:
                return None
            parts.append(day)
    return parts, bool(match.group("flag")), season


# A year, with the letter some files add to tell two works of a year apart (2012a) or the
# open end of a range (2005--): the year is the year.
_TEX_YEAR = re.compile(r"^\{?\s*(?P<year>\d{4})[a-z]?\s*(?:-{1,3}|–)?\s*\}?$")
_MONTH_RANGE = re.compile(r"\s*(?:-+|–|—|/)\s*")


def year_month(
    year: str, month: str = "", day: str = "", division: str = ""
) -> dict[str, Any] | None:
    """BibTeX's ``year``, ``month`` (a number, a name, ``mar--apr``, a season) and ``day``,
    and biblatex's ``yeardivision``, as a CSL date; ``None`` when the year is not a year."""
    found = _TEX_YEAR.match(year.strip())
    if not found:
        return None
    parts = [int(found.group("year"))]
    date: dict[str, Any] = {}
    months = [m for m in _MONTH_RANGE.split(month.strip()) if m] if month.strip() else []
    numbers = [_tex_month(m) for m in months]
    if numbers and all(numbers):
        parts.append(numbers[0])  # type: ignore[arg-type]
        if day.strip().isdigit() and len(numbers) == 1:
            parts.append(int(day))
        date["date-parts"] = [parts]
        if len(numbers) > 1 and numbers[-1] != numbers[0]:
            date["date-parts"].append([parts[0], numbers[-1]])
    else:
        date["date-parts"] = [parts]
        season = SEASONS.get((division or month).strip().lower())
        if season:
            date["season"] = season
    return date


def _tex_month(text: str) -> int | None:
    text = text.strip().strip("{}")
    if text.isdigit():
        number = int(text)
        return number if 1 <= number <= 12 else None
    return month_number(text)


def issued(date: str, year: str, month: str, day: str, division: str) -> dict[str, Any] | None:
    """A TeX entry's date: biblatex's ``date`` (Zotero and pandoc prefer it) when it parses,
    else ``year``/``month``/``day``; a ``date`` that does not parse falls back likewise."""
    from_date = edtf(date) if date else None
    if from_date:
        if division and "season" not in from_date:
            season = SEASONS.get(division.strip().lower())
            if season:
                from_date["season"] = season
        return from_date
    return year_month(year, month, day, division) if year else None


# ---- RIS -----------------------------------------------------------------------------

# The month may be a name (`2024/Mar/15`, PubMed records exported by EndNote).
_RIS_DATE = re.compile(
    r"^(?P<year>\d{1,4})(?:/(?P<month>\d{0,2}|[A-Za-z]{3,9}\.?)"
    r"(?:/(?P<day>\d{0,2})(?:[/\s](?P<other>.*))?)?)?$"
)
_SEASON_WORD = re.compile(r"(spring|summer|autumn|fall|winter)", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"\b(\d{4})\b")
_MONTH_WORD = re.compile(r"[A-Za-z]+\.?")
_DAY_NUMBER = re.compile(r"\b([1-9]|[12]\d|3[01])\b")


def ris_date(raw: str, year: str = "") -> dict[str, Any] | None:
    """A RIS date (``2009/03/15/``, ``2009///Spring``, ``2009``), an ISO date, or a date in
    words (``JUN 8``, ``March 15, 2009``) as a CSL date; ``year`` (from ``PY``) completes a
    date given without one, as RIS.js does. ``None`` when there is no year at all."""
    text = squash(raw)
    found = _RIS_DATE.match(text)
    if found:
        return _from_parts(found.group("year"), found.group("month"), found.group("day"),
                           found.group("other") or "")  # fmt: skip
    iso = edtf(text) if re.match(r"^-?\d{4}-\d", text) else None
    if iso:
        return iso
    return _in_words(text, year)


def _from_parts(year: str, month: str, day: str, other: str) -> dict[str, Any] | None:
    # A part given as 0 is unknown, and so is everything after it (RIS.js).
    numbers: list[int] = []
    if month and not month.isdigit():
        month = str(month_number(month) or 0)
    for part, top in ((year, 9999), (month, 12), (day, 31)):
        value = int(part) if part and part.isdigit() else 0
        if not value or value > top:
            break
        numbers.append(value)
    if not numbers:
        return None
    date: dict[str, Any] = {"date-parts": [numbers]}
    season = _SEASON_WORD.search(other)
    if season and len(numbers) == 1:
        date["season"] = SEASONS[season.group(1).lower()]
    return date


def _in_words(text: str, fallback_year: str) -> dict[str, Any] | None:
    years = _FOUR_DIGITS.findall(text)
    year = years[0] if years else fallback_year.strip()[:4]
    if not year.isdigit() or not int(year):
        return None
    parts = [int(year)]
    rest = _FOUR_DIGITS.sub(" ", text)
    months = [month_number(w) for w in _MONTH_WORD.findall(rest) if month_number(w)]
    date: dict[str, Any] = {}
    if months:
        parts.append(months[0])  # type: ignore[arg-type]
        day = _DAY_NUMBER.search(rest)
        if day:
            parts.append(int(day.group(1)))
    else:
        season = _SEASON_WORD.search(rest)
        if season:
            date["season"] = SEASONS[season.group(1).lower()]
    date["date-parts"] = [parts]
    return date


# ---- EBSCO ---------------------------------------------------------------------------

# Month abbreviations of the Spanish interface's Source dates ("nov2020"); English ones are
# in the NLM grammar's MONTH.
_SPANISH_MONTHS = {"ene": 1, "abr": 4, "ago": 8, "dic": 12}
# Mar2025, Mar/Apr2020, Jan-Mar2020, Spring2009, Fall/Winter2010, Winter2019/2020, 8/30/2017,
# 2nd Quarter2019, 2021.
EMONTH = rf"(?:{MONTH}|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic)\.?)"
EBSCO_DATE = (
    rf"(?:\d{{1,2}}/\d{{1,2}}/{YEAR}"
    rf"|(?:\d(?:st|nd|rd|th)\s+Quarter\s*)?{YEAR}"
    rf"|(?:{EMONTH}|{SEASON})(?:\s*[-/]\s*(?:{EMONTH}|{SEASON}))?\s*\d{{0,2}},?\s*{YEAR}(?:/{YEAR})?)"
)


def numeric_date(text: str) -> dict[str, Any] | None:
    """``8/30/2017`` → 2017-08-30; ``20250301`` → 2025-03-01; ``Mar2025`` → 2025-03."""
    text = squash(text)
    m = re.fullmatch(rf"(\d{{1,2}})/(\d{{1,2}})/({YEAR})", text)
    if m:
        return {"date-parts": [[int(m.group(3)), int(m.group(1)), int(m.group(2))]]}
    m = re.fullmatch(rf"({YEAR})(\d\d)(\d\d)", text)
    if m and 1 <= int(m.group(2)) <= 12:
        parts = [int(m.group(1)), int(m.group(2))]
        if int(m.group(3)):
            parts.append(int(m.group(3)))
        return {"date-parts": [parts]}
    return parse_ebsco_date(text)


def _ebsco_month(name: str) -> int | None:
    return month_number(name) or _SPANISH_MONTHS.get(name.lower().rstrip("."))


def parse_ebsco_date(text: str) -> dict[str, Any] | None:
    """An EBSCO Source date (``Mar2025``, ``Spring2009``, ``Mar/Apr2020``, ``8/30/2017``)."""
    text = squash(text).rstrip(",.")
    m = re.fullmatch(rf"(\d{{1,2}})/(\d{{1,2}})/({YEAR})", text)
    if m:
        return {"date-parts": [[int(m.group(3)), int(m.group(1)), int(m.group(2))]]}
    m = re.fullmatch(rf"(?:\d(?:st|nd|rd|th)\s+Quarter\s*)?({YEAR})", text)
    if m:
        return {"date-parts": [[int(m.group(1))]]}
    m = re.fullmatch(
        rf"(?P<a>{EMONTH}|{SEASON})(?:\s*[-/]\s*(?P<b>{EMONTH}|{SEASON}))?\s*(?P<day>\d{{1,2}})?,?\s*"
        rf"(?P<year>{YEAR})(?:/(?P<year2>{YEAR}))?",
        text,
    )
    if not m:
        return None
    year = int(m.group("year"))
    first, second = m.group("a"), m.group("b")
    season = SEASONS.get(first.lower())
    if season:
        return {"date-parts": [[year]], "season": season}
    start = [year, _ebsco_month(first) or 1]
    if m.group("day"):
        start.append(int(m.group("day")))
    end_month = _ebsco_month(second) if second else None
    if end_month and end_month != start[1]:
        return {"date-parts": [start, [year, end_month]]}
    return {"date-parts": [start]}


def eric_date(text: str) -> dict[str, Any] | None:
    """An ERIC Source date (``Mar 2009``, ``Spring 2010``, ``2008``)."""
    m = re.match(
        rf"(?:(?P<mon>{MONTH}|{SEASON})\s+)?(?:(?P<day>\d{{1,2}})\s+)?(?P<year>{YEAR})", text
    )
    if not m:
        return None
    if m.group("mon") and SEASONS.get(m.group("mon").lower()):
        return {"date-parts": [[int(m.group("year"))]], "season": SEASONS[m.group("mon").lower()]}
    return {"date-parts": [date_parts(m.group("year"), m.group("mon"), m.group("day"))]}
