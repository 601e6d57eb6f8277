"""Author lines of pasted citations: which lines are author lists, and the names in them.

Rules followed: PubMed's author forms (NLM ``Family GI`` with initials without dots;
``Family GI(1)`` in the Abstract export; ``Given Family 1, 2`` copied from the web page), a
collective author after ``;`` (NLM *Citing Medicine*, ch. 1, "Organization as author"), and
the ``Family, G.`` pairs of APA-style lists. A line is an author list only when its parts read
as names, so a title is never taken for authors.
"""

from __future__ import annotations

import re

from citekit.normalize import (
    EMAIL,
    PARTICLES,
    is_corporate,
    is_et_al,
    parse_person,
    split_authors,
    squash,
    strip_markers,
)

_NO_AUTHORS = re.compile(r"^\[?\s*No authors? listed\s*\]?\.?$", re.IGNORECASE)
# Lower-case words that may stand inside a personal or corporate name.
_NAME_PARTICLES = PARTICLES | {"e", "d'"}
_ORG_GLUE = {"of", "for", "the", "and", "on", "in", "&", "to", "de", "du", "des", "la", "el"}
_NAME_WORD = re.compile(r"^(?:[^\W\d_][\w'’.-]*|[A-Z]\.?(?:-?[A-Z]\.?)*)$")


_ON_BEHALF = re.compile(r"^(?:on behalf of|for)\s+(?:the\s+)?", re.IGNORECASE)
_NAME_SUFFIX = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd"}


# A line longer than this is a paragraph, unless it is dense with name separators: the
# consortium papers PubMed lists with thousands of authors give ~13 characters a name.
_LONG_LINE = 4000
_CHARS_PER_NAME = 40


def _too_long(text: str) -> bool:
    return len(text) > _LONG_LINE and text.count(",") * _CHARS_PER_NAME < len(text)


def parse_authors(line: str, *, order: str = "auto") -> list[dict[str, str]] | None:
    """Parse an author line; ``None`` when the line does not read as one.

    Accepts ``Libin Liang 1, Tong Tong 2`` (web page), ``Liang L, Tong T.`` (NLM short form),
    ``Liang L(1), Tong T(2).`` (PubMed abstract export), ``Keller, A., Brandt, J., & Lind, E.``
    (APA), glued markers (``Liang1``, ``Liang L1,2``), superscripts, ``*``/``†``, e-mail
    addresses, ``et al.``, corporate names (``; on behalf of the ViDA Study Group``) and
    ``[No authors listed]`` (an empty list: an author line with nobody on it). In a long list
    one name citekit cannot split is kept whole rather than losing the line.
    """
    text = re.sub(r"^by\s+(?=[A-Z])", "", squash(line))  # MDPI: "by Ana Keller and Li Wei"
    text = re.sub(
        r"[,;]?\s*\b(?:corresponding authors?|correspondence(?: to)?)\s*:?",
        ",",
        text,
        flags=re.IGNORECASE,
    )
    if _NO_AUTHORS.match(text):
        return []
    text = re.sub(r"(?:^|(?<=[,\s]))(?:\.\s){2,}\.?\s*", "", text)  # APA's ". . ." before the last
    if not text or _too_long(text) or _reads_as_prose(text):
        return None
    parts = _pair_initials(split_authors(text))
    if not parts:
        return None
    names: list[dict[str, str]] = []
    odd = 0
    for part in parts:
        clean = _ON_BEHALF.sub("", re.sub(r"^(?:&|and)\s+", "", strip_markers(part)))
        if not clean or is_et_al(clean):
            continue
        if _reads_as_organisation(clean):
            names.append({"literal": clean.rstrip(".")})
        elif _reads_as_person(clean):
            person = parse_person(clean, order=order)
            if person:
                names.append(person)
        else:
            odd += 1
            names.append({"literal": clean.rstrip(".")})
    # A title split at its commas has few names in it; a long author list may hold one name
    # in a form the rules above do not know, which is kept whole rather than losing the line.
    if not names or (odd and (len(names) < 4 or odd * 4 > len(names))):
        return None
    return names


def _reads_as_prose(text: str) -> bool:
    """A sentence break followed by an ordinary lower-case word (not a name particle)."""
    return any(
        word.lower() not in _NAME_PARTICLES and not re.match(r"^[a-z]{1,2}['’]", word)
        for word in re.findall(r"[.?!:]\s+([a-z][\w'’]*)", text)
    )


def _pair_initials(parts: list[str]) -> list[str]:
    """``Keller``, ``A.``, ``Brandt``, ``J.`` (APA splits at every comma) → ``Keller, A.`` …"""
    if len(parts) < 2 or len(parts) % 2:
        return parts
    initials = parts[1::2]
    if not all(
        re.fullmatch(r"(?:[^\W\d_]\.[\s-]?){0,3}[^\W\d_]\.?|[A-Z]{1,3}", p.strip())
        for p in initials
    ):
        return parts
    return [f"{family}, {given}" for family, given in zip(parts[::2], initials, strict=True)]


def _reads_as_person(text: str) -> bool:
    words = text.rstrip(".").split()
    if "," in text:
        family, _, given = text.partition(",")
        words = family.split() + given.split()
    if not 1 <= len(words) <= 6:
        return False
    if len(words) == 1 and not words[0][:1].isupper():
        return False
    return all(
        w in _NAME_SUFFIX
        or (
            _NAME_WORD.match(w)
            and (
                w[:1].isupper()
                or w.lower() in _NAME_PARTICLES
                or re.match(r"^(?:[a-z]{1,2}['’]|(?:al|el|ad|as|ar|an|az|ash|at|ul)-)[A-Z]", w)
                is not None
            )
        )
        for w in words
    )


def _reads_as_organisation(text: str) -> bool:
    words = text.rstrip(".").split()
    return (
        is_corporate(text)
        and 2 <= len(words) <= 15
        and words[0][:1].isupper()
        and all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _ORG_GLUE for w in words)
    )


# What publishers' pages put between and after the names on a by-line: degrees, contact
# notes, screen-reader text for the envelope icon, and where the affiliations begin.
# Degrees written in capitals are also initials in NLM's "Family GI" form ("Smith MA"), so
# they count as degrees only after a comma ("Paul Knekt, DPH") or with affiliation numbers
# glued on ("Rosen MD1,2"); degrees with small letters ("PhD", "MSc") count anywhere.
_CAPITAL_DEGREES = (
    r"MD|M\.D\.|MPH|MS|MA|BS|BA|RN|RD|RDN|PA-C|DO|DPH|MBBS|FRCP|FRCPC|FACP|FACE|FAAP|FRACP|"
    r"MRCP|CCRP|DDS|DMD|DVM|MT|ASCP|MBA|MHS|MSPH|LD|CDE|MBChB|FRCPath|FRS|RPh|ARNP|CNM|NP"
)
_MIXED_DEGREES = r"PhD|Ph\.D\.|MSc|BSc|DrPH|DPhil|PharmD|MBChB|MPhil|MSN|BSN|MScPH|Dipl"
_DEGREE = re.compile(
    rf"(?<![\w-])(?:{_MIXED_DEGREES})(?:\s*\([A-Z]+\))?(?=[\d,;:*†‡\s)]|$)"
    rf"|(?<=,)\s*(?:{_CAPITAL_DEGREES})(?:\s*\([A-Z]+\))?(?=[\d,;:*†‡\s)]|$)"
    rf"|(?<![\w-])(?:{_CAPITAL_DEGREES})(?=\d|[*†‡])"
)
_CONTACT = re.compile(
    r"(?i:corresponding author(?: contact information)?|e-?mail(?: the corresponding author)?|"
    r"\bView ORCID profile\b|\bORCID\b)|\b(?:Prof|Dr|Mr|Mrs|Ms)\.\s*"
)
_AFFILIATION_START = re.compile(
    r"(?:^|\s)(?:Department|Dept\.|Division|University|Institute|School|Faculty|Hospital|"
    r"Center|Centre|Laboratory|College)\b.*$"
)
_BYLINE_NOISE = re.compile(
    rf"{_DEGREE.pattern}|{_CONTACT.pattern}|{EMAIL.pattern}|\t|\S\s{{2,}}\S|[;:]\s*[A-Z]|"
    r"[a-z]\s[a-h],|,\s*[a-h]\s*,|[a-z],\d|\sand[A-Z]|^\s*\d+\.[A-Z]|\s[•·|]\s|[a-z]\s\d+,\d|[A-Za-z]\d\)"
)


# How a by-line is cleaned, in order: contact notes and degrees first (a degree's glued
# affiliation numbers tell it from initials), then the numbers and marks around names, then
# every kind of separator to a comma.
_BYLINE_STEPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern) if isinstance(pattern, str) else pattern, replacement)
    for pattern, replacement in (
        (rf"\(\s*{EMAIL.pattern}\s*\)", ","),  # "Xinqing Deng (xd@…) Yiqing Song"
        (EMAIL, " "),
        (_CONTACT, ","),
        (_DEGREE, ","),
        (r"(?<=[^\W\d_]),\s*\d+(?:\s*,\s*\d+)*\s+(?=[A-Z])", ", "),  # "Monangi,1 Jonathan"
        (r"(?<=[^\W\d_])\s+\d+(?:,\d+)+(?=[,\s]|$)", ""),  # "Young 1,2,3, …"
        (r"(?<=[^\W\d_])\s*\d+\.?(?=\s*(?:,|\t|\band\b|&|$))", ""),  # "Jones 1. and"
        (r"(?<=[^\W\d_])\d+(?:,\d+)*\)", ""),  # J-STAGE: "Hiroko MORI1)"
        (_AFFILIATION_START, ""),
        (r"\t|\s{3,}|\s*[;:]\s*", ", "),
    )
)
_BYLINE_TAIL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<=[^\W\d_]{2})\s+[a-h](?=\s*(?:,|$))|(?<=,)\s*[a-h](?=\s*,)", ""),  # "Exler a,"
        (r"(?<=\s)and(?=[A-Z])", "and "),  # "Camicioli6 andO. Beauchet"
        (r"\s*[•·|]\s*", ", "),  # Springer: "Kerrie M. Sanders • Geoffrey C. Nicholson"
        (r"^\s*\d+\s*\.\s*(?=[A-Z])", ""),  # "3.Smith GE"
        (r"(?:\s*,\s*)+", ", "),
        (r",\s*(?:and|&)\s+|\s+(?:and|&)\s*,", ", "),
    )
)


def parse_byline(line: str) -> list[dict[str, str]] | None:
    """An author line as publishers' pages print it (``Sabah F Iqbal, MDcorresponding
    author1,2,3 and Robert J Freishtat, MD, MPH1,2,3``; names separated by tabs, wide spaces,
    ``;`` or ``:``; e-mail addresses and the first affiliation on the same line): the names
    without degrees and notes. Falls back to :func:`parse_authors` for the plain forms."""
    if not _BYLINE_NOISE.search(line):
        return parse_authors(line)
    text = line
    for pattern, replacement in _BYLINE_STEPS:
        text = pattern.sub(replacement, text)
    if "," not in text and " and " not in text:
        text = re.sub(r"\s{2,}", ", ", text)  # "Onur Akın  Aysun Bideci  Esra Döğer"
    for pattern, replacement in _BYLINE_TAIL:
        text = pattern.sub(replacement, text)
    text = text.strip(" ,")
    return parse_authors(text) if text else None
