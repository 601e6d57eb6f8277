"""The grammar of an EBSCO record's ``Source`` field, in each database's form.

Rules followed:
- EBSCO's citation display of the ``Source`` field (EBSCOhost help, "Detailed Record"):
  ``<Journal>. <MonYYYY|SeasonYYYY|YYYY|M/D/YYYY>, Vol. <v> Issue <i>, p<first>-<last>. <n>p.``
  with ``Supplement`` parts, ``pN.PAG-N.PAG`` for "no pagination", ``ArtID``/e-locators;
- ERIC's ``<Journal>, v<vol> n<issue> p<pages> <Mon> <YYYY>``; CINAHL's ``Journal (ABBREV),
  Mar2022; 31(5-6): 512-523. (12p)``; APA PsycInfo's ``Journal, Vol 324(5), Aug, 2020. pp.
  471-480.``; MEDLINE's NLM source with the full title and the MedlineTA in brackets; and a
  book's imprint in catalogue (ISBD) form, ``Place : Publisher. Year. 1160 p.``

The dates in it are read by ``citekit.dates`` (``parse_ebsco_date``, ``eric_date``).
"""

from __future__ import annotations

import re
from typing import Any

from citekit.dates import (
    EBSCO_DATE,
    MONTH,
    SEASON,
    SEASONS,
    YEAR,
    date_parts,
    eric_date,
    parse_date,
    parse_ebsco_date,
)
from citekit.normalize import expand_pages, squash

_SOURCE = re.compile(
    rf"^(?P<journal>.*?)[.,;]?\s*(?P<date>(?<![\w/]){EBSCO_DATE})(?![\w/])"
    r"(?:\s+(?P<dsupp>(?:Special\s+)?Supplement(?:\s+\d+)?|Special Issue))?"
    r"\s*(?:,|\.|$)\s*(?P<rest>.*)$"
)

# CINAHL: "Journal of Clinical Nursing (J CLIN NURS), Mar2022; 31(5-6): 512-523. (12p)"
_CINAHL = re.compile(
    rf"^(?P<journal>.+?)\s*\([A-Z0-9 &.-]+\),\s*(?P<date>{EBSCO_DATE});\s*(?P<volume>[^(:]+?)"
    r"\s*(?:\((?P<issue>[^)]+)\))?\s*:\s*(?P<pages>[\w-]+)\.?\s*(?:\((?P<count>\d+)p\))?\.?$"
)

# APA PsycInfo: "JAMA: Journal of the American Medical Association, Vol 324(5), Aug, 2020.
# pp. 471-480."
_PSYCINFO = re.compile(
    r"^(?P<journal>.+?),\s*Vol\.?\s*(?P<volume>[^(,]+?)\s*(?:\((?P<issue>[^)]+)\))?,\s*"
    rf"(?:(?P<mon>{MONTH}|{SEASON})(?:\s+(?P<day>\d{{1,2}}))?,\s*)?(?P<year>{YEAR})\.?"
    r"(?:\s*pp?\.\s*(?P<pages>[\w-]+)\.?)?(?:\s*No Pagination Specified\.?)?$"
)

# A book's Source in catalogue (ISBD) form: "Totowa, N.J. : Humana Press. 2010. 1160 p."
_IMPRINT = re.compile(
    rf"^(?P<place>[^:;]{{2,60}}?)\s*:\s*(?P<publisher>[^.:;]+?)[.,]\s*(?:c|©)?(?P<year>{YEAR})\.?"
    r"(?:\s*(?P<count>\d+)\s*p\.?)?$"
)

# EBSCO's descriptions of illustrations, which are not bibliographic data.
_ILLUSTRATIONS = re.compile(
    r"\b\d+\s+(?:Color |Black and White )?(?:Photographs?|Charts?|Diagrams?|Graphs?|Maps?|"
    r"Illustrations?|Cartoons?|Tables?)\b|\b\d+/\d+p\b",
    re.IGNORECASE,
)

_ERIC = re.compile(
    r"^(?P<journal>.+?),?\s+v(?P<volume>[\w./-]+)(?:\s+n(?P<issue>[\w./-]+))?"
    rf"(?:\s+p(?P<pages>[\w.,-]+?))?(?:\s+(?P<date>(?:{MONTH}\s+|{SEASON}\s+)?(?:\d{{1,2}}\s+)?{YEAR}))?"
    r"\.?(?:\s+(?P<count>\d+)\s*pp?\.?)?$"
)

_VOLUME = re.compile(r"\bVol\.?\s*(?P<volume>[\w.]+(?:\s*[-/]\s*[\w.]+)?)", re.IGNORECASE)

_ISSUE = re.compile(
    r"\b(?:Issue|Iss\.|No\.)\s*(?P<issue>[\w.]+(?:\s*[-/]\s*[\w.]+)?)", re.IGNORECASE
)

_SUPPLEMENT = re.compile(
    r"\b(?P<supp>(?:Special\s+)?Supplement(?:\s+[\w.]+)?|Suppl\.?(?:\s*[\w.]+)?)", re.IGNORECASE
)

_PAGES = re.compile(
    r"(?:^|[\s,])p(?:p\.?)?\s?(?P<pages>[A-Za-z]*\d[\w.]*(?:\s*-\s*[\w.]+)?|N\.PAG(?:-N\.PAG)?)"
    r"(?:\([A-Z]\))?\.?(?=[\s,;]|$)"  # a newspaper edition mark: pA14(L)
)

_PAGE_COUNT = re.compile(r"(?:^|[\s,.])(?P<count>\d+)\s*p\.?(?=[\s,;]|$)")

_ARTICLE = re.compile(
    r"\b(?:ArtID|Article(?:\s+(?:ID|Number|No\.?))?)\s*:?\s*(?P<art>\w[\w.-]*?)\.?(?=[\s,;]|$)",
    re.IGNORECASE,
)

_ELOCATOR = re.compile(r"(?:^|[\s,])(?P<eloc>e\d+)\.?(?=[\s,;]|$)")


def parse_source(source: str) -> tuple[dict[str, Any], str]:
    """Read an EBSCO ``Source`` value; return its CSL fields and any text left unread."""
    source = squash(source)
    whole = _database_form(source)
    if whole is not None:
        return whole, ""
    return _display_form(_ILLUSTRATIONS.sub(" ", source))


def _database_form(source: str) -> dict[str, Any] | None:
    """The forms one pattern reads whole: ERIC, MEDLINE, a book's imprint, CINAHL, PsycInfo."""
    eric = _ERIC.match(source)
    if eric and not _VOLUME.search(source):
        out: dict[str, Any] = {
            "container-title": eric.group("journal").strip(" ,."),
            "volume": eric.group("volume"),
            "issue": eric.group("issue"),
            "page": expand_pages(eric.group("pages")),
        }
        if eric.group("date"):
            out["issued"] = eric_date(eric.group("date"))
        if eric.group("count"):
            out["number-of-pages"] = eric.group("count")
        return out
    medline = _MEDLINE_SOURCE.match(source)
    if medline:
        return _medline_source(medline)
    imprint = _IMPRINT.match(source)
    if imprint:
        out = {
            "publisher-place": squash(imprint.group("place")),
            "publisher": squash(imprint.group("publisher")),
            "issued": {"date-parts": [[int(imprint.group("year"))]]},
        }
        if imprint.group("count"):
            out["number-of-pages"] = imprint.group("count")
        return out
    for pattern in (_CINAHL, _PSYCINFO):
        other = pattern.match(source)
        if other:
            return _database_source(other)
    return None


def _display_form(source: str) -> tuple[dict[str, Any], str]:
    """EBSCO's own display: the journal, the date, then labelled numbers in any order."""
    match = _SOURCE.match(source)
    out: dict[str, Any] = {}
    if match:
        journal, rest = match.group("journal"), match.group("rest")
        out["issued"] = parse_ebsco_date(match.group("date"))
        if match.group("dsupp"):
            rest = match.group("dsupp") + ", " + rest  # "Mar2013 Supplement, Vol. 71"
    else:
        # No date: the journal ends where the volume, issue or pages begin.
        cut = re.search(r"[.,]\s*(?=(?:Vol\.?|Issue|p\d|pN\.PAG|ArtID)\b)", source)
        if not cut:
            return {"container-title": source.rstrip(". ")}, ""
        journal, rest = source[: cut.start()], source[cut.end() :]
    journal = journal.strip(" ,.")
    if journal:
        out["container-title"] = journal
    rest = _take_pages(out, _take_volume_issue(out, rest))
    leftover = re.sub(r"[\s,.;]+", " ", rest).strip()
    return out, leftover


# The two steps below each take their parts out of ``rest`` and return what is left, so
# that whatever no step read is reported as unread.


def _take_volume_issue(out: dict[str, Any], rest: str) -> str:
    volume = _VOLUME.search(rest)
    if volume:
        out["volume"] = re.sub(r"\s*([-/])\s*", r"\1", volume.group("volume")).rstrip(".")
        rest = rest.replace(volume.group(0), " ", 1)
    issue = _ISSUE.search(rest)
    parts = []
    if issue:
        parts.append(issue.group("issue").rstrip("."))
        rest = rest.replace(issue.group(0), " ", 1)
    supplement = _SUPPLEMENT.search(rest)
    if supplement:
        parts.append(supplement.group("supp").rstrip("."))
        rest = rest.replace(supplement.group(0), " ", 1)
    if parts:
        out["issue"] = " ".join(parts)
    return rest


def _take_pages(out: dict[str, Any], rest: str) -> str:
    pages = _PAGES.search(rest)
    if pages:
        value = pages.group("pages")
        if "N.PAG" not in value:
            out["page"] = expand_pages(value)
        rest = rest.replace(pages.group(0), " ", 1)
    compact = re.match(r"^\s*(?P<volume>\w+)\s*\((?P<issue>[^)]+)\)\s*:\s*(?P<pages>[\w-]+)", rest)
    if compact and "volume" not in out:
        # EDS "Published in: Nutrients. 2022, 14(3):567"
        out.update(volume=compact.group("volume"), issue=compact.group("issue"))
        out["page"] = expand_pages(compact.group("pages"))
        rest = rest[compact.end() :]
    count = _PAGE_COUNT.search(rest)
    if count:
        if count.group("count").strip("0"):  # "0p." is EBSCO's "not counted"
            out["number-of-pages"] = count.group("count")
        rest = rest.replace(count.group(0), " ", 1)
    article = _ARTICLE.search(rest) or _ELOCATOR.search(rest)
    if article and "page" not in out:
        out["page"] = article.group(article.lastgroup or 0)
        rest = rest.replace(article.group(0), " ", 1)
    return rest


# MEDLINE records in EBSCO print the NLM source with the full title and the MedlineTA in
# brackets: "Experimental And Therapeutic Medicine [Exp Ther Med] 2022 Apr; Vol. 23 (4),
# pp. 285. Date of Electronic Publication: 2022 Feb 15."
_MEDLINE_SOURCE = re.compile(
    r"^(?P<journal>[^\[]+?)\s*\[(?P<abbrev>[^\]]+)\]\s*(?P<date>[^;]+?)\s*;"
    r"(?:\s*Vol\.\s*(?P<volume>[^(,]+?))?\s*(?:\((?P<issue>[^)]*)\))?\s*,?"
    r"(?:\s*pp?\.\s*(?P<pages>[^\s.]+(?:\.[^\s.]+)*?))?\.?"
    r"(?:\s*Date of Electronic Publication:\s*(?P<epub>[^.]+))?\.?\s*$"
)


def _medline_source(match: re.Match[str]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "container-title": squash(match.group("journal")),
        "container-title-short": squash(match.group("abbrev")),
        "issued": parse_date(match.group("date")),
        "volume": squash(match.group("volume") or "") or None,
        "issue": squash(match.group("issue") or "") or None,
        "page": expand_pages(match.group("pages")),
    }
    if match.group("epub"):
        out["available-date"] = parse_date(match.group("epub"))
    return out


def _database_source(match: re.Match[str]) -> dict[str, Any]:
    """CSL fields from a CINAHL or PsycInfo Source match (same group names in both)."""
    groups = match.groupdict()
    out: dict[str, Any] = {
        "container-title": squash(groups["journal"]).strip(" ,."),
        "volume": squash(groups["volume"]),
        "issue": groups.get("issue"),
        "page": expand_pages(groups.get("pages")),
    }
    if groups.get("date"):
        out["issued"] = parse_ebsco_date(groups["date"])
    elif groups.get("year"):
        parts = date_parts(groups["year"], groups.get("mon"), groups.get("day"))
        season = SEASONS.get((groups.get("mon") or "").lower())
        out["issued"] = {"date-parts": [parts], **({"season": season} if season else {})}
    if groups.get("count") and groups["count"].strip("0"):
        out["number-of-pages"] = groups["count"]
    return {k: v for k, v in out.items() if v}
