"""Dates as library formats write them, to CSL dates: ISO 8601 / EDTF (biblatex's ``date``,
RIS's ``DA``, Zotero's ``extra``), and BibTeX's ``year`` + ``month`` (+ ``day``).

EDTF level 0/1 as biblatex reads it (biblatex manual §2.3.8): ``2020``, ``2020-04``,
``2020-04-15``, ranges ``2020-03/2020-04`` and open ends ``2020/``, seasons as months 21–24,
``~`` circa and ``?`` uncertain (both read as circa, the only one CSL has), a time after ``T``
ignored. The year of an EDTF date may be negative; CSL date-parts hold it as it is.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.normalize import SEASONS, month_number

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
_YEAR = re.compile(r"^\{?\s*(?P<year>\d{4})[a-z]?\s*(?:-{1,3}|–)?\s*\}?$")
_MONTH_RANGE = re.compile(r"\s*(?:-+|–|—|/)\s*")


def year_month(
    year: str, month: str = "", day: str = "", division: str = ""
) -> dict[str, Any] | None:
    """BibTeX's ``year``, ``month`` (a number, a name, ``mar--apr``, a season) and ``day``,
    and biblatex's ``yeardivision``, as a CSL date; ``None`` when the year is not a year."""
    found = _YEAR.match(year.strip())
    if not found:
        return None
    parts = [int(found.group("year"))]
    date: dict[str, Any] = {}
    months = [m for m in _MONTH_RANGE.split(month.strip()) if m] if month.strip() else []
    numbers = [_month(m) for m in months]
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


def _month(text: str) -> int | None:
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
