"""RIS values in CSL terms: the type table, dates and the ``SN`` identifiers (names:
``citekit.names.ris_name``).

Rules followed:
- The RIS specification (Research Information Systems, 2011): the reference types, the
  ``YYYY/MM/DD/other`` date (every part but the year may be empty; ``other`` is free text such
  as a season), ``AU`` as ``Family, Given, Suffix``.
- Zotero's RIS import translator (RIS.js), the reference for what each tag means: its
  ``importTypeMap`` (degenerate types such as ``JFULL``, ``EDBOOK``, ``CPAPER``, ``WEB``)
  mapped on to CSL through Zotero's own item-type → CSL table; a name without a comma is a
  single-field (institutional) name; date parts given as ``0`` are unknown parts.
- What real exports write where the spec is loose: Embase and Ovid's ``Family I.`` authors
  without a comma, Zotero's ``2019/10//undefined``, Ovid's ``2019//``, EndNote's ``March 15``
  with the year in ``PY``, ISO dates, Scopus's ``03064530 (ISSN)`` and ProQuest's repeated
  ``0894-9867, 0894-9867``.
"""

from __future__ import annotations

import re
from typing import Any

from citekit.normalize import SEASONS, clean_issn, month_number, squash
from citekit.parsers.grammar.dates import edtf

# TY → CSL type: RIS.js's import map (its export types and the degenerate ones it reads),
# each Zotero item type as Zotero's CSL export names it.
TY_TO_CSL = {
    "JOUR": "article-journal", "JFULL": "article-journal", "ABST": "article-journal",
    "EJOUR": "article-journal", "GEN": "article-journal",
    "MGZN": "article-magazine", "CTLG": "article-magazine",
    "NEWS": "article-newspaper",
    "BOOK": "book", "EBOOK": "book", "EDBOOK": "book", "CLSWK": "book", "SER": "book",
    "CHAP": "chapter", "ECHAP": "chapter",
    "CONF": "paper-conference", "CPAPER": "paper-conference",
    "RPRT": "report", "GOVDOC": "report", "STAND": "report",
    "THES": "thesis",
    "ELEC": "webpage", "WEB": "webpage",
    "BLOG": "post-weblog",
    "DATA": "dataset", "DBASE": "dataset",
    "COMP": "software",
    "PAT": "patent",
    "MANSCPT": "manuscript", "INPR": "manuscript", "PAMP": "manuscript",
    "UNBILL": "manuscript", "UNPD": "manuscript",
    "MAP": "map",
    "ENCYC": "entry-encyclopedia",
    "DICT": "entry-dictionary",
    "CASE": "legal_case", "LEGAL": "legal_case",
    "BILL": "bill",
    "STAT": "legislation",
    "HEAR": "hearing",
    "MPCT": "motion_picture", "ADVS": "motion_picture", "VIDEO": "motion_picture",
    "MULTI": "motion_picture",
    "SOUND": "song", "MUSIC": "song",
    "PCOMM": "personal_communication", "ICOMM": "personal_communication",
    "ART": "graphic", "CHART": "graphic", "FIGURE": "graphic",
    "SLIDE": "speech",
    "AGGR": "document", "ANCIENT": "document", "EQUA": "document", "GRNT": "document",
}  # fmt: skip
# RIS.js reads a TY it does not know as a journal article.
DEFAULT_TYPE = "article-journal"

# The month may be a name (`2024/Mar/15`, PubMed records exported by EndNote).
_RIS_DATE = re.compile(
    r"^(?P<year>\d{1,4})(?:/(?P<month>\d{0,2}|[A-Za-z]{3,9}\.?)"
    r"(?:/(?P<day>\d{0,2})(?:[/\s](?P<other>.*))?)?)?$"
)
_SEASON = re.compile(r"(spring|summer|autumn|fall|winter)", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})\b")
_WORD = re.compile(r"[A-Za-z]+\.?")
_DAY = re.compile(r"\b([1-9]|[12]\d|3[01])\b")


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
    season = _SEASON.search(other)
    if season and len(numbers) == 1:
        date["season"] = SEASONS[season.group(1).lower()]
    return date


def _in_words(text: str, fallback_year: str) -> dict[str, Any] | None:
    years = _YEAR.findall(text)
    year = years[0] if years else fallback_year.strip()[:4]
    if not year.isdigit() or not int(year):
        return None
    parts = [int(year)]
    rest = _YEAR.sub(" ", text)
    months = [month_number(w) for w in _WORD.findall(rest) if month_number(w)]
    date: dict[str, Any] = {}
    if months:
        parts.append(months[0])  # type: ignore[arg-type]
        day = _DAY.search(rest)
        if day:
            parts.append(int(day.group(1)))
    else:
        season = _SEASON.search(rest)
        if season:
            date["season"] = SEASONS[season.group(1).lower()]
    date["date-parts"] = [parts]
    return date


# ISSN: 8 characters, the last a digit or X; ISBN: 10 or 13 (ISO 3297, ISO 2108).
_LABEL = re.compile(r"\((?:issn|isbn|print|electronic|linking|online|e-?issn|pbk|hbk)\)", re.I)


def split_sn(raw: str) -> tuple[str | None, str | None, list[str]]:
    """``SN``'s identifiers by shape: (ISSNs, ISBNs, anything else)."""
    issns, isbns, other = [], [], []
    for token in re.split(r"[,;]\s*|\s+", _LABEL.sub(" ", raw)):
        token = re.sub(r"^E(?=\d{4}-?\d{3}[\dXx]$)", "", token)  # ERIC's electronic ISSN
        bare = token.replace("-", "").strip()
        if not bare:
            continue
        if len(bare) == 8 and re.fullmatch(r"\d{7}[\dXx]", bare):
            issns.append(token)
        elif len(bare) in (10, 13) and re.fullmatch(r"\d{9}[\dXx]|\d{13}", bare):
            if token not in isbns:
                isbns.append(token)
        else:
            other.append(token)
    return clean_issn(" ".join(issns)), ", ".join(isbns) or None, other
