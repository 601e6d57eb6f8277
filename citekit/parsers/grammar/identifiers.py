"""Identifiers on a pasted page: the DOIs, PMIDs and PMCIDs a line carries, how they compare,
and which of them no study took.

Read from a line's text (``doi:``/URL/bare DOIs, ``PMID: …``, ``PubMed ID``, ``PMC…``) and from
its links' targets (DOI resolver and publisher URLs, PubMed and Europe PMC addresses). DOIs
compare ignoring case (DOI Handbook §2), PMIDs without leading zeros.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from citekit.normalize import DOI_IN_TEXT, clean_doi, doi_key
from citekit.parsers.grammar.study import Study

_PMID = re.compile(
    r"\bPMID\s*[:=#]?\s*(?P<id>\d{1,9})(?!\d)|\bPubMed(?:\s*ID)?\s*[:=#]?\s*(?P<id2>\d{6,9})(?!\d)",
    re.IGNORECASE,
)

_PUBMED_URL = re.compile(
    r"(?:pubmed\.ncbi\.nlm\.nih\.gov/|ncbi\.nlm\.nih\.gov/(?:pubmed|m/pubmed)/|"
    r"europepmc\.org/(?:abstract/)?(?:med|MED)/)(?P<id>\d{1,9})(?!\d)",
    re.IGNORECASE,
)

_PMCID = re.compile(r"\bPMC(?P<id>\d{4,9})(?!\d)|\bPMCID\s*:?\s*PMC\s(?P<id2>\d{4,9})(?!\d)")

_URL = re.compile(r"https?://\S+|\bwww\.\S+")

_ID_LABELS = re.compile(
    r"\b(?:doi|DOI|PMID|PMCID|PubMed(?:\s*ID)?|pii|PII|Free PMC article|Free article|"
    r"Free full text|Epub ahead of print|Details not available[^.]*)\s*[:=]?",
)


def line_ids(line: Any) -> list[tuple[str, str]]:
    """Every identifier on a line, in order, once each: ``("DOI", …)``, ``("PMID", …)``,
    ``("PMCID", …)``, read from its text and from its links' targets."""
    if line.ids is None:
        line.ids = _read_ids(line) if line.links or _may_hold_id(line.text) else []
    return line.ids


def _may_hold_id(text: str) -> bool:
    """A cheap first look: every identifier form holds one of these."""
    if "10." in text or "PM" in text:
        return True
    low = text.lower()
    return "pmid" in low or "pubmed" in low


def _read_ids(line: Any) -> list[tuple[str, str]]:
    found: list[tuple[int, str, str]] = []
    text = line.text  # spaces a PDF copy put inside DOIs are closed up by grammar.markdown
    for match in DOI_IN_TEXT.finditer(text):
        doi = clean_doi(match.group(0))
        if doi:
            found.append((match.start(), "DOI", doi))
    for match in _PMID.finditer(text):
        found.append((match.start(), "PMID", match.group("id") or match.group("id2")))
    for match in _PMCID.finditer(text):
        found.append((match.start(), "PMCID", "PMC" + (match.group("id") or match.group("id2"))))
    for offset, href in enumerate(line.links):
        at = len(text) + offset
        doi = clean_doi(href) if "10." in href or "%2F" in href.upper() else None
        if doi:
            found.append((at, "DOI", doi))
        pubmed = _PUBMED_URL.search(href)
        if pubmed:
            found.append((at, "PMID", pubmed.group("id")))
    for match in _PUBMED_URL.finditer(text):
        found.append((match.start(), "PMID", match.group("id")))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for _, kind, value in sorted(found, key=lambda f: f[0]):
        if id_key(kind, value) not in seen:
            seen.add(id_key(kind, value))
            out.append((kind, value))
    return out


def id_key(kind: str, value: str) -> str:
    """How identifiers compare: DOIs ignoring case, PMIDs without leading zeros."""
    if kind == "DOI":
        return "doi:" + doi_key(value)
    if kind == "PMID":
        return "pmid:" + value.lstrip("0")
    return kind.lower() + ":" + value.upper()


def study_ids(study: Study) -> list[tuple[str, str]]:
    ids = [("DOI", study.source.doi)] if study.source.doi else []
    ids += [(k, v) for k, v in (("PMID", study.source.pmid), ("PMCID", study.source.pmcid)) if v]
    return ids + [(k, v) for k, v in study.ids.items() if k in ("PMID", "PMCID")]


def lacks(study: Study, kind: str) -> bool:
    return not any(k == kind for k, _ in study_ids(study))


def give(study: Study, kind: str, value: str) -> None:
    if kind == "DOI":
        study.source.doi = value
    else:
        study.ids.setdefault(kind, value)


def identifier_only(line: Any) -> bool:
    rest = _URL.sub(" ", line.text)
    rest = DOI_IN_TEXT.sub(" ", rest)
    rest = _ID_LABELS.sub(" ", rest)
    rest = re.sub(r"\bPMC\d+|\b\d{5,9}\b|©.*|Copyright.*", " ", rest)
    words = re.findall(r"[A-Za-z]{2,}", rest)
    return len(words) <= 6 or line.is_pdf_link


def before_identifiers(text: str) -> str:
    """The text of a line before its first identifier, URL or identifier label."""
    cut = re.search(
        r"\[?\(?(?:https?://|www\.|\bdoi\b|\bDOI\b|\bPMID\b|\bPMCID\b|\bPubMed\b|10\.\d{4,9}/)",
        text,
    )
    return text[: cut.start()].strip(" ,;:|([-–") if cut else text


def after_identifiers(text: str, title: str) -> str:
    """What a bullet says beside the title it links (``… - 2015,``, ``Dec 2014``)."""
    rest = text.replace(title, " ", 1) + " " + title[-12:]
    return _URL.sub(" ", DOI_IN_TEXT.sub(" ", rest))


def unused_identifiers(lines: list[Any], studies: Iterable[Study]) -> list[tuple[int, str, str]]:
    """(line number, kind, value) of every identifier on the page that no study carries."""
    used = {id_key(k, v) for study in studies for k, v in study_ids(study)}
    out = []
    for line in lines:
        for kind, value in line_ids(line):
            key = id_key(kind, value)
            if key not in used and not any(
                kind == "DOI" and u.startswith("doi:") and (u.startswith(key) or key.startswith(u))
                for u in used
            ):
                out.append((line.number, kind, value))
                used.add(key)
    return out
