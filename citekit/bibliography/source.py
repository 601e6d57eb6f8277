"""CSL-JSON items → citeproc-py references, past citeproc-py's own CSL-JSON reader.

citeproc-py's reader lower-cases ids (``Smith2020`` and ``smith2020`` become one entry), needs
an id and a type, warns about every CSL 1.0.2 variable it does not list (``available-date``)
and turns unknown structures into strings. Here references get positional keys, every CSL
1.0.2 name, date and number variable is converted by kind, identifiers stay raw (and carry
link markers), and all other text goes through the CSL-JSON markup reader
(:func:`markup.parse_rich_text`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from citeproc.source import BibliographySource, Date, DateRange, LiteralDate, Name, Reference

from citekit import _csl_fields
from citekit.bibliography import markup
from citekit.bibliography.csl import NAME_PARTS
from citekit.bibliography.markup import LINKS, Marked, Quotes

# CSL 1.0.2 variables by kind (csl-data.json schema, through the generated field list).
NAME_VARIABLES = frozenset(_csl_fields.NAME_VARIABLES)
DATE_VARIABLES = frozenset(_csl_fields.DATE_VARIABLES)
# The CSL specification's number variables (a list of its own: the schema's types differ).
NUMBER_VARIABLES = frozenset(
    {
        "chapter-number",
        "collection-number",
        "edition",
        "issue",
        "number",
        "number-of-pages",
        "number-of-volumes",
        "page",
        "part-number",
        "printing-number",
        "section",
        "supplement-number",
        "version",
        "volume",
    }
)
# Printed as they are: identifiers are not prose and carry no markup.
RAW_VARIABLES = frozenset({"DOI", "ISBN", "ISSN", "PMCID", "PMID", "URL", "language"})
# Identifiers an output format can turn into links, and their markers.
LINKED_VARIABLES = {"DOI": "doi", "URL": "url", "PMID": "pmid", "PMCID": "pmcid"}


def build_source(
    items: Iterable[dict[str, Any]], quotes: Quotes
) -> tuple[BibliographySource, list[str]]:
    """citeproc-py references for CSL-JSON ``items``, keyed ``r0``, ``r1`` … in order.

    Positional keys sidestep citeproc-py lower-casing ids (``Smith2020`` and ``smith2020``
    would be one entry) and ids that are empty or repeated.
    """
    source = BibliographySource()
    keys = []
    for index, item in enumerate(items):
        key = f"r{index}"
        reference = Reference(key, str(item.get("type") or "article"))
        # update() rather than keyword arguments: citeproc-py warns about every CSL 1.0.2
        # variable it does not list, although it renders them.
        reference.update(_variables(item, quotes))
        # Not a CSL variable: the record's own id, which orders entries no sort key tells apart.
        reference["citekit_id"] = str(item.get("id") or "")
        source.add(reference)
        keys.append(key)
    return source, keys


def _variables(item: dict[str, Any], quotes: Quotes) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in item.items():
        if name in ("id", "type", "custom") or value in (None, "", [], {}):
            continue
        converted = _variable(name, value, quotes)
        if converted is not None:
            out[name.replace("-", "_")] = converted
    return out


def _variable(name: str, value: Any, quotes: Quotes) -> Any:
    if name in NAME_VARIABLES:
        names = [_name(n) for n in value if isinstance(n, dict)]
        return [n for n in names if n is not None] or None
    if name in DATE_VARIABLES:
        return _date(value) if isinstance(value, dict) else None
    if isinstance(value, (dict, list)):
        return None  # not a CSL variable citeproc-py can print
    text = markup.clean(value)
    if name in LINKED_VARIABLES:
        return markup.wrap(text, LINKS[LINKED_VARIABLES[name]])
    if name in RAW_VARIABLES or name in NUMBER_VARIABLES:
        return Marked(text) if name != "language" else text
    return Marked(markup.parse_rich_text(text, quotes))


def _name(data: dict[str, Any]) -> Name | None:
    if data.get("literal"):
        return Name(literal=markup.name_text(data["literal"]))
    parts = {k: markup.name_text(data[k]) for k in NAME_PARTS if data.get(k)}
    split_particles(parts)
    return Name(**parts) if parts else None


def split_particles(parts: dict[str, str]) -> None:
    """Particles written into the name, as CSL processors read them (citeproc-js, pandoc).

    Leading lower-case words of a family name are its non-dropping particle (``da Silva``:
    ``da`` + ``Silva``, sorted under S in styles that demote it); trailing lower-case words of
    a given name are its dropping particle (``Alexander von``). Names that already give their
    particles are left as they are.
    """
    if "non-dropping-particle" not in parts and "dropping-particle" not in parts:
        words = parts.get("family", "").split(" ")
        lead = 0
        while lead < len(words) - 1 and words[lead][:1].islower():
            lead += 1
        if lead:
            parts["non-dropping-particle"] = " ".join(words[:lead])
            parts["family"] = " ".join(words[lead:])
        given = parts.get("given", "").split(" ")
        tail = len(given)
        while tail > 1 and given[tail - 1][:1].islower():
            tail -= 1
        if tail < len(given):
            parts["dropping-particle"] = " ".join(given[tail:])
            parts["given"] = " ".join(given[:tail])


def _date(data: dict[str, Any]) -> Any:
    # Items come from records (csl_items), whose model holds date-parts as integers with
    # months 1-12 and days 1-31, and the season as a number 1-4.
    parts = [_date_parts(p) for p in data.get("date-parts") or []]
    parts = [p for p in parts if p]
    season = data.get("season")
    if parts:
        first = dict(parts[0])
        if season is not None and "month" not in first:
            first["season"] = season
        # CSL-JSON's circa, for cs:if is-uncertain-date (APA's "ca. 2021"); citekit left it
        # out, so no style printed it.
        circa = {"circa": True} if data.get("circa") else {}
        if len(parts) > 1:
            return DateRange(begin=Date(**first), end=Date(**parts[1]), **circa)
        return Date(**first, **circa)
    if data.get("literal"):
        return LiteralDate(markup.clean(data["literal"]))
    return None


def _date_parts(parts: list[int]) -> dict[str, int]:
    """Year, month and day by name. The model allows a year 0 (CSL has no rule against it);
    this renderer has always taken it for no date."""
    if not parts or parts[0] == 0:
        return {}
    return dict(zip(("year", "month", "day"), parts, strict=False))
