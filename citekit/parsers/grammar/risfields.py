"""RIS values in CSL terms: the type table and the ``SN`` identifiers (names and dates:
``citekit.names.ris_name``, ``citekit.dates.ris_date``).

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

from citekit.normalize import clean_issn

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
