"""Names of people and organisations, as every reader finds them, to CSL name objects.

One module for every form a name is written in, so that each reader splits and repairs
names the same way:

- one pasted name (``parse_person``): NLM's ``Family GI`` (initials without dots), ``Family,
  Given``, ``Given Family`` with particles (``Anna van der Berg``, ``Francesca De Luca``),
  suffixes (``Camargo CA Jr``), names in capitals, and the affiliation numbers, footnote
  marks, e-mail addresses and roles (``, editor``) publishers glue to them;
- author lines (``parse_authors``, ``parse_byline``): PubMed's author forms (``Family GI``;
  ``Family GI(1)`` in the Abstract export; ``Given Family 1, 2`` copied from the web page), a
  collective author after ``;`` (NLM *Citing Medicine*, ch. 1, "Organization as author"),
  the ``Family, G.`` pairs of APA-style lists, and publishers' by-lines with degrees and
  contact notes. A line is an author list only when its parts read as names, so a title is
  never taken for authors;
- RIS's ``Family, Given, Suffix`` (``ris_name``; the RIS specification, and Zotero's RIS.js
  reading a name without a comma as an organisation);
- BibTeX's ``and``-separated names (``bibtex_names``; bibtexparser's reading of BibTeX's
  ``First von Last``, ``von Last, First`` and ``von Last, Jr, First`` forms).
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import parse_single_name_into_parts
from bibtexparser.middlewares.names import split_multiple_persons_names as split_names

from citekit.normalize import squash

# ---- one name ------------------------------------------------------------------------

# Affiliation and footnote markers that publishers glue to names.
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵃᵇᶜᵈᵉᶠ"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_END_MARKS = _SUPERSCRIPTS + "*†‡§¶#✉"
_INNER_MARKS = _SUPERSCRIPTS + "*†‡§¶✉⇑↑∗"  # ⇑ ∗: publishers' footnote marks
_MARKERS = re.compile(
    rf"(?:\s*(?:\(\s*\d+(?:\s*,\s*\d+)*\s*\)|\[\s*\d+(?:\s*,\s*\d+)*\s*\]"
    rf"|[{_END_MARKS}]+|(?<=[^\W\d]|\.)\d+(?:\s*[,-]\s*\d+)*|\s\d+(?:\s*[,-]\s*\d+)*))+\s*$"
)
_INNER_MARKERS = re.compile(rf"[{_INNER_MARKS}]+")
# A character every marker, affiliation number and e-mail address above needs.
_MAY_HOLD_MARKER = re.compile(rf"[\d@{_END_MARKS}{_INNER_MARKS}]")
_ET_AL = re.compile(r"^(?:et\.?\s*al\.?|and\s+others|\.\.\.|…)$", re.IGNORECASE)
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"}
# A role after the name: "(EDITOR)", or after a comma as library catalogues write it
# ("Galway, Elizabeth A., author"), which would otherwise end up in the given name.
_ROLE = re.compile(
    r"\s*(?:,\s*(?:editors?|eds?\.?|authors?|translators?|compilers?|illustrators?)"
    r"|\((?:author|editor|eds?\.?|translator|compiler|illustrator)\))\s*$",
    re.IGNORECASE,
)


def _is_initials(token: str, *, dotted: bool = True) -> bool:
    """``LB``, ``MÁ``, ``L.B.``, ``J.-P.``: one to four capital letters, dots and hyphens."""
    letters = token.replace(".", "").replace("-", "") if dotted else token
    return 1 <= len(letters) <= 4 and letters.isalpha() and letters.isupper()


PARTICLES = {
    "van", "von", "der", "den", "de", "da", "das", "do", "dos", "del", "della", "di", "du", "la",
    "le", "ten", "ter", "te", "zu", "vom", "bin", "al", "el", "af", "av", "y", "los", "las",
    "des", "lo", "ben", "ibn", "op", "het", "zur", "dei", "degli",
}  # fmt: skip
# Particles that are written capitalised in Italian, Dutch and Belgian names (De Luca).
# Capitalised, these still open a family name ("Abdullah Al Mahmud"), except as a first word.
CAPITAL_PARTICLES = {
    "de",
    "di",
    "da",
    "del",
    "della",
    "van",
    "von",
    "le",
    "la",
    "du",
    "dos",
    "al",
    "el",
    "bin",
    "ibn",
    "abu",
    "abd",
}
CORPORATE_WORDS = re.compile(
    r"\b(?:group|consortium|collaborat\w*|committee|organi[sz]ation|association|society|"
    r"investigators|network|council|institute|team|task\s+force|working|trialists|study|"
    r"foundation|agency|department|university|cent(?:er|re)|board|panel|alliance|"
    r"initiative|program(?:me)?|office|ministry|commission|federation|academy|registry|"
    r"authors|writing|steering|project|service|services|unit)\b",
    re.IGNORECASE,
)


def _without_email(text: str) -> str:
    # The address pattern tries every word as a mailbox before it fails; most text has no @.
    return EMAIL.sub("", text) if "@" in text else text


def strip_markers(text: str) -> str:
    """Remove affiliation numbers, footnote symbols and e-mail addresses around a name."""
    if not _MAY_HOLD_MARKER.search(text):
        # Every marker, number and address needs one of these characters; without any, the
        # loop below would only squash and trim (most names, twice per author line).
        return squash(text).strip(" ,;")
    previous = None
    while text != previous:  # "Liang1;" → "Liang1" → "Liang": repeat until nothing changes
        previous = text
        text = _without_email(text)
        text = _MARKERS.sub("", text)
        text = _INNER_MARKERS.sub("", text)
        text = squash(text).strip(" ,;")
    return text


def is_et_al(text: str) -> bool:
    """True for ``et al.`` and its spellings: a marker, not an author."""
    return bool(_ET_AL.match(text.strip()))


def is_corporate(text: str) -> bool:
    """True when a name reads as an organisation rather than a person."""
    return bool(CORPORATE_WORDS.search(text))


def fix_caps(text: str) -> str:
    """Title-case a name written in capitals (``O'BRIEN`` → ``O'Brien``); else keep it."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return text

    def word(w: str) -> str:
        if re.fullmatch(r"(?:[^\W\d_]\.)+", w):
            return initials(w)  # "N.C." is initials, not a name in capitals
        low = w.lower()
        if low in PARTICLES:
            return low
        out = re.sub(r"(^|[-'’])(\w)", lambda m: m.group(1) + m.group(2).upper(), low)
        if out.startswith("Mc") and len(out) > 2:
            out = "Mc" + out[2].upper() + out[3:]
        return out

    return " ".join(word(w) for w in text.split())


def initials(letters: str) -> str:
    """``LB`` → ``L. B.``: PubMed's initials in the dotted form CSL styles initialise from."""
    return " ".join(f"{c}." for c in letters if c.isalpha())


def _split_suffix(tokens: list[str]) -> tuple[list[str], str | None]:
    last = tokens[-1].rstrip(",") if tokens else ""
    # NLM writes initials in capitals and suffixes in mixed case ("Camargo CA Jr"), so a
    # capital "JR" right after the family name is a person's initials, not "Junior".
    initials_not_suffix = last in ("JR", "SR") and len(tokens) == 2
    if len(tokens) > 1 and last.lower() in _SUFFIXES and not initials_not_suffix:
        return tokens[:-1], last
    return tokens, None


def role(raw: str) -> tuple[str, str | None]:
    """Split a role label off a name: ``Holick, Michael F., editor`` → (name, ``editor``)."""
    match = _ROLE.search(raw)
    if not match:
        return raw, None
    word = match.group(0).strip(" ,()").lower()
    return raw[: match.start()], "editor" if word.startswith("ed") else word


def parse_person(raw: str, *, order: str = "auto") -> dict[str, str] | None:
    """Turn one pasted author into CSL name parts, or ``None`` when nothing is left.

    ``order`` is ``"given-family"`` (wiki pages), ``"family-given"`` (EBSCO without a comma)
    or ``"auto"``. A comma always means ``Family, Given``. ``Family GI`` (NLM) is recognised
    in any order. Organisations come back as ``{"literal": …}``.
    """
    text = strip_markers(_ROLE.sub("", _without_email(raw)))
    if not text or is_et_al(text):
        return None
    if is_corporate(text):
        return {"literal": text}
    if "," in text:
        family, _, given = text.partition(",")
        given_tokens, suffix = _split_suffix(given.split())
        family, given = squash(family), " ".join(given_tokens).strip(" ,")
        if suffix is None and given.lower().rstrip(".") in {s.rstrip(".") for s in _SUFFIXES}:
            return csl_name(family, None, given)
        shouting = family.isupper() and len(family) > 1
        # In an all-caps name "JOHN" is a given name; elsewhere "LB" or "L. B." are initials.
        if (
            given
            and all(_is_initials(t) for t in given.split())
            and (not shouting or "." in given or " " in given or len(given) <= 2)
        ):
            given = initials(given)
        return csl_name(fix_caps(family), fix_caps(given) if given else None, suffix)
    tokens, suffix = _split_suffix(text.split())
    if text.isupper() and all(len(t.strip(".")) > 2 for t in tokens):
        tokens = fix_caps(" ".join(tokens)).split()  # "MARIA ROSSI": names, not initials
    if len(tokens) == 1:
        return csl_name(fix_caps(tokens[0]), None, suffix)
    if _is_initials(tokens[-1]) and not _is_initials(tokens[0]):
        # NLM "Family GI": the initials come last ("Keller A." in some reference lists).
        return csl_name(fix_caps(" ".join(tokens[:-1])), initials(tokens[-1]), suffix)
    if order == "family-given":
        return csl_name(fix_caps(tokens[0]), fix_caps(" ".join(tokens[1:])), suffix)
    # The family name is the last word and the particles right before it: "Anna van der
    # Berg", "Francesca De Luca"; a particle further left belongs to a given name ("María de
    # los Ángeles Ibáñez"). Capitalised particles count too, but not one-letter initials.
    start = len(tokens) - 1
    while start > 1 and (
        tokens[start - 1] in PARTICLES
        or (len(tokens[start - 1]) > 1 and tokens[start - 1].lower() in CAPITAL_PARTICLES)
    ):
        start -= 1
    given_tokens = tokens[:start]
    if all(_is_initials(t, dotted=False) for t in given_tokens):
        given = initials("".join(given_tokens))  # "JA Smith"
    else:
        # A lone capital among given names is an initial: "Heike A" → "Heike A."
        given = " ".join(t + "." if len(t) == 1 and t.isupper() else t for t in given_tokens)
    return csl_name(fix_caps(" ".join(tokens[start:])), fix_caps(given), suffix)


def csl_name(family: str, given: str | None, suffix: str | None) -> dict[str, str]:
    """A CSL name object holding only the parts that have a value."""
    name = {"family": family}
    if given:
        name["given"] = given
    if suffix:
        name["suffix"] = suffix
    return name


def split_authors(line: str) -> list[str]:
    """Split an author line at commas and ``and``/``&``, keeping ``Family, Given`` pairs whole
    only when the caller has said so (see :func:`parse_person`); here every comma splits."""
    line = _without_email(line)
    # Affiliation lists glued after a name ("Liang L1,2") must not split the name list.
    line = re.sub(r"(?<=[^\W\d])(\d+(?:,\d+)+)", lambda m: m.group(1).replace(",", "/"), line)
    line = re.sub(rf"[{_SUPERSCRIPTS}]+(?:,[{_SUPERSCRIPTS}]+)+", "", line)
    parts = re.split(r"\s*[,;]\s*|\s+(?:and|&)\s+", line.strip().rstrip("."))
    out = []
    for part in parts:
        part = re.sub(r"(?<=[^\W\d])\d+(?:/\d+)+", "", part).strip()
        if part and not re.fullmatch(r"[\d\s/*†‡§¶" + _SUPERSCRIPTS + r"]+", part):
            out.append(part)
    return out


# ---- author lines ---------------------------------------------------------------------

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


# ---- RIS's names ----------------------------------------------------------------------

# `Liu R.`, `Adler D.G.`, `Quintanilla-Dieck L.`: Embase's and Ovid's authors, family name
# then dotted initials with no comma; any other name without a comma is an organisation.
_FAMILY_INITIALS = re.compile(r"^[^\W\d_][\w'’-]*(?: [^\W\d_][\w'’-]*)* (?:[A-Z]\.-?)+$")


def ris_name(raw: str) -> dict[str, str] | None:
    """``Family, Given, Suffix`` (RIS), ``Family I.`` (Embase, Ovid), else a literal name."""
    text = squash(raw).strip(" ;")
    if not text:
        return None
    if "," not in text:
        if _FAMILY_INITIALS.match(text):
            return parse_person(text)
        return {"literal": text}
    family, _, rest = (part.strip() for part in text.partition(","))
    given, _, suffix = (part.strip() for part in rest.partition(","))
    if not family:
        return {"literal": rest} if rest else None
    return csl_name(family, given or None, suffix or None)


# ---- BibTeX's names ------------------------------------------------------------------


def bibtex_names(raw: str) -> list[dict[str, str] | None]:
    """The names of a BibTeX name field (``Last, First and von Last, Jr, First``), each as CSL
    name parts still written in TeX (the reader decodes them), ``{"literal": …}`` for a braced
    organisation or a name that does not parse, and ``None`` for ``others`` (et al.)."""
    out: list[dict[str, str] | None] = []
    for one in split_names(raw):
        if one.strip().lower() == "others":
            out.append(None)
            continue
        if re.search(r",\s*$", one) and one.count(",") >= 2:
            one = one.rstrip() + " {}"  # `Last, Jr., ` (no first name): keep the Jr part
        try:
            parts = parse_single_name_into_parts(one, strict=False)
        except Exception:  # bibtexparser's InvalidNameError on unbalanced braces
            out.append({"literal": one})
            continue
        braced = one.strip().startswith("{") and one.strip().endswith("}")
        if braced and not (parts.first or parts.von or parts.jr) and len(parts.last) == 1:
            out.append({"literal": one.strip()[1:-1]})
            continue
        out.append(
            {
                "family": " ".join(parts.last),
                "given": " ".join(parts.first),
                "non-dropping-particle": " ".join(parts.von),
                "suffix": " ".join(parts.jr),
            }
        )
    return out
