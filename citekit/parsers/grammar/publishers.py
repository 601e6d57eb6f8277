"""Publishers' own citation lines, as VitaminDWiki pages paste them from article pages.

MDPI (``Nutrients 2022, 14(3), 567; https://doi.org/10.3390/nu14030567``), Frontiers
(``Front. Nutr., 12 March 2021, Sec. …, Volume 8 - 2021 | https://doi.org/…``), ScienceDirect
(``Journal …, Volume 210, June 2021, 105878``), Springer (``European Journal of Nutrition
volume 62, pages 1123–1135 (2023)``) and Wiley (``Journal …, First published: 15 February
2022, https://doi.org/…``). Each names the journal (in full, or abbreviated with dots), then
its parts; a volume or a DOI must be among them, so prose is not read as a citation.
"""

from __future__ import annotations

import re

from citekit.dates import MONTH, YEAR, month_number
from citekit.normalize import expand_pages, squash
from citekit.parsers.grammar.nlm import SourceLine, doi_after_label, doi_url

# MDPI's citation line, which VitaminDWiki pastes from MDPI article pages:
# "Nutrients 2022, 14(3), 567; https://doi.org/10.3390/nu14030567".
_MDPI = re.compile(
    rf"^(?P<journal>[A-Z][\w&.'\- ]{{1,80}}?)\s+(?P<year>{YEAR}),\s*(?P<volume>\d+)"
    r"(?:\s*\((?P<issue>[^)]+)\))?,\s*(?P<pages>[\w-]+)\s*(?:[;.]\s*(?P<rest>.*))?$"
)
# Other publishers' article pages, as pasted on wiki pages: Frontiers ("Front. Nutr., 12 March
# 2021, Sec. …, Volume 8 - 2021 | https://doi.org/…"), ScienceDirect ("Journal …, Volume 210,
# June 2021, 105878"), Springer ("European Journal of Nutrition volume 62, pages 1123–1135
# (2023)"), Wiley ("Journal …, First published: 15 February 2022, https://doi.org/…"). Each
# names the journal in full, then parts in any order; a volume or a DOI must be among them.
_PUBLISHER_JOURNAL = re.compile(
    r"^(?P<journal>[A-Z][\w&.'’\-]*"
    r"(?:\s+(?:[A-Z][\w&.'’\-]*|of|and|the|in|for|&|de|der|fur|für))*)"
    r"(?=,|\s+volume\b)"
)
_PUB_VOLUME = re.compile(r"\b[Vv]olume\s+(?P<volume>\w+)")
_PUB_ISSUE = re.compile(r"\bIssue\s+(?P<issue>\w+)")
_PUB_PAGES = re.compile(
    r"\b[Pp]ages?\s+(?P<pages>\w+(?:\s*[-–]\s*\w+)?)|,\s*(?P<article>\d{4,})\s*$"
)
_PUB_DATE = re.compile(
    rf"(?:(?P<first>First published|Published)\s*:?\s*)?(?:(?P<day>\d{{1,2}})\s+)?"
    rf"(?P<mon>{MONTH})\s+(?P<year>{YEAR})|\((?P<pyear>{YEAR})\)"
)


# "Gilbert R, Metcalfe C (2012) …": a reference's author list, not a journal's name.
_AUTHOR_LIKE = re.compile(r"^[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?\s[A-Z]{1,3},")


def find_publisher_source(text: str) -> SourceLine | None:
    """A publisher's citation line at the start of ``text``, or ``None``."""
    mdpi = _MDPI.match(text)
    rest = (mdpi.group("rest") or "") if mdpi else ""
    if mdpi and (not rest.strip() or doi_after_label(rest) or doi_url(rest)):
        return SourceLine(
            journal=squash(mdpi.group("journal")),
            full_title=True,
            issued={"date-parts": [[int(mdpi.group("year"))]]},
            volume=mdpi.group("volume"),
            issue=mdpi.group("issue"),
            page=expand_pages(mdpi.group("pages")),
            doi=doi_after_label(rest) or doi_url(rest),
        )
    return _publisher_line(text)


def _publisher_line(text: str) -> SourceLine | None:
    """A publisher's own citation line (see ``_PUBLISHER_JOURNAL``), or ``None``."""
    journal = _PUBLISHER_JOURNAL.match(text)
    if not journal or len(text) > 300 or _AUTHOR_LIKE.match(journal.group("journal") + ","):
        return None
    rest = text[journal.end() :]
    volume, date, doi = _PUB_VOLUME.search(rest), _PUB_DATE.search(rest), doi_url(rest)
    if not (volume or doi) or not date:
        return None
    name = squash(journal.group("journal"))
    source = SourceLine(journal=name, issued=None, full_title="." not in name)
    year = int(date.group("year") or date.group("pyear"))
    parts = [year]
    if date.group("mon"):
        parts.append(month_number(date.group("mon")) or 1)
        if date.group("day"):
            parts.append(int(date.group("day")))
    if date.group("first"):
        source.available = {"date-parts": [parts]}  # online first: no issue date yet
    else:
        source.issued = {"date-parts": [parts]}
    issue, pages = _PUB_ISSUE.search(rest), _PUB_PAGES.search(rest)
    source.volume = volume.group("volume") if volume else None
    source.issue = issue.group("issue") if issue else None
    if pages:
        source.page = expand_pages(pages.group("pages") or pages.group("article"))
    source.doi = doi
    return source
