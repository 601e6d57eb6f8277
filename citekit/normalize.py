"""Pure repairs shared by every parser: DOI, names, dates, pages, ISSN, language, text.

Each function takes what a user pasted and returns the clean value, or ``None`` when nothing
usable is there. All of them are idempotent: cleaning a clean value changes nothing.

Rules followed:
- DOI: DOI Handbook §2 (syntax; DOIs are case-insensitive), Crossref's recommended pattern
  ``^10.\\d{4,9}/[-._;()/:A-Z0-9]+$`` and the SICI DOIs of early Wiley content, which carry
  their own balanced brackets.
- Pages: NLM *Citing Medicine*, ch. 1 "Location (Pagination)": abbreviated ranges such as
  ``466-75`` and ``e11-3`` are written out in full.
- Names: NLM author form ``Family GI``; affiliation markers are not part of a name.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import unquote

# --------------------------------------------------------------------------------------
# Text

_WS = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]])")


_MOJIBAKE_LINE = re.compile(r"[^\n]*(?:Ã.|â€|Â[^\w\s])[^\n]*")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 somewhere upstream (``StÃ¶cklin`` →
    ``Stöcklin``), line by line and only where the tell-tale pairs are (ftfy decides, and
    leaves text it is not sure about alone)."""
    if "Ã" not in text and "â€" not in text and "Â" not in text:
        return text
    from ftfy import fix_encoding  # imported here: most inputs never need it

    return _MOJIBAKE_LINE.sub(lambda m: fix_encoding(m.group(0)), text)


# CSL-JSON's rich-text markup (CSL 1.0.2 appendix "Rich text": i, b, sup, sub, the nocase and
# small-caps spans), which titles read from BibTeX and RIS carry.
_RICH_TEXT = re.compile(r"</?(?:i|b|sup|sub|sc)>|<span\s[^>]*>|</span>")


def without_markup(text: str) -> str:
    """``text`` with CSL's rich-text tags taken out, for comparing, keys and plain output."""
    return _RICH_TEXT.sub("", text) if "<" in text else text


def squash(text: str) -> str:
    """Collapse runs of white space into one space and trim the ends."""
    return _WS.sub(" ", text).strip()


def tidy_prose(text: str) -> str:
    """Squash white space and drop the space that markup removal leaves before punctuation."""
    return _SPACE_BEFORE_PUNCT.sub(r"\1", squash(text))


def strip_title_period(title: str) -> str:
    """Drop the one trailing period PubMed and EBSCO add to titles (an ellipsis stays)."""
    title = squash(title)
    while title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    return title


# --------------------------------------------------------------------------------------
# DOI

_DOI_PREFIX = re.compile(
    r"^(?:(?:https?://)?(?:(?:dx|www)\.)?doi\.org/|info:doi/|urn:doi:|doi\s*:\s*|doi\s+)",
    re.IGNORECASE,
)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
# A DOI in running text: the prefix, a slash, and the suffix up to white space. One stray
# space right after the slash is a common paste error ("10.1016/ j.jsbmb…") and is rejoined.
DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/ ?[^\s\"<>]+")
_MD_LINK = re.compile(r"^\[(?P<text>[^\]]*)\]\((?P<href>[^()\s]*(?:\([^()\s]*\)[^()\s]*)*)\)$")
_HTML_LINK = re.compile(r"""<a\s[^>]*href=["'](?P<href>[^"']+)["']""", re.IGNORECASE)
_LATEX_ESCAPE = re.compile(r"\{?\\([_%#&$])\}?")
_TRAILING_JUNK = ".,;:'\"‘’“”"
_BRACKETS = {")": "(", "]": "[", "}": "{", ">": "<"}


def clean_doi(raw: str | None) -> str | None:
    """Return the bare DOI in ``raw`` (a DOI, ``doi:`` form, DOI URL or link), or ``None``.

    A link's target wins over its text. Prefixes and URL forms are removed, percent-encoding
    and LaTeX escapes undone, and trailing prose punctuation or an unmatched closing bracket
    dropped. The case is kept as written; compare DOIs with :func:`doi_key`.
    """
    if not raw:
        return None
    text = raw.strip()
    link = _MD_LINK.match(text) or _HTML_LINK.search(text)
    if link:
        text = link.group("href") or (link.groupdict().get("text") or "")
    previous = None
    while text != previous:
        previous = text
        text = html.unescape(text)
        query_doi = re.search(r"[?&](?:doi|DOI|id)=(10\.\d{4,9}(?:/|%2F)[^&#\s]+)", text)
        if query_doi and re.match(r"https?://", text, re.IGNORECASE):
            text = query_doi.group(1)  # "…/view.php?doi=10.5124/jkma.2009.52.3.211&code=…"
        if re.match(r"https?://", text, re.IGNORECASE):
            # In a URL a literal ? or # starts the query or fragment: the DOI Handbook has
            # them percent-encoded inside a DOI, so what follows is not part of it.
            text = re.split(r"[?#]", text, maxsplit=1)[0]
        text = _LATEX_ESCAPE.sub(r"\1", text)
        if "%" in text:
            text = unquote(text)
        text = _WS.sub("", text)
        text = _DOI_PREFIX.sub("", text)
        found = re.search(r"10\.\d{4,9}/", text)
        if not found:
            return None
        text = _strip_doi_tail(text[found.start() :])
    return text if _DOI_SHAPE.match(text) and not text.endswith("/") else None


# What publishers' article URLs add after the DOI: the view of the article, not part of it
# ("…/doi/10.1002/jbmr.2121/abstract", "…/10.3389/fendo.2023.1148556/full").
_VIEW_SUFFIX = re.compile(
    r"(?:/(?:abstract|abs|full|fulltext|full-text|pdf|epdf|pdfdirect|summary|html|meta|"
    r"references|suppinfo|figures|standard|epub|issuetoc|citedby|info))+(?:;jsessionid=\S*)?$",
    re.IGNORECASE,
)


def _strip_doi_tail(text: str) -> str:
    text = _VIEW_SUFFIX.sub("", text)
    text = re.sub(r"(?<=\w)(?:PMCID|PMID|PMC\d).*$", "", text)  # "…0016709PMCID: PMC3…"
    while text:
        last = text[-1]
        unmatched = last in _BRACKETS and text.count(_BRACKETS[last]) < text.count(last)
        if last in _TRAILING_JUNK or unmatched:
            text = text[:-1]
        else:
            break
    return text


def doi_key(doi: str) -> str:
    """The form two DOIs are compared in (DOIs are case-insensitive)."""
    return doi.casefold()


# --------------------------------------------------------------------------------------
# Dates

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


# --------------------------------------------------------------------------------------
# Pages

_RANGE = re.compile(
    r"^(?P<p1>[A-Za-z]*)(?P<n1>\d+)(?P<s1>[A-Za-z]?)\s*[-‐‑‒–—]+\s*"
    r"(?P<p2>[A-Za-z]*)(?P<n2>\d+)(?P<s2>[A-Za-z]?)$"
)


def expand_pages(pages: str | None) -> str | None:
    """Write an NLM page range out in full: ``466-75`` → ``466-475``, ``e11-3`` → ``e11-e13``.

    Single pages, e-locators and article numbers come back as written; every range uses one
    hyphen (CSL's form; the BibTeX writer doubles it).
    """
    if pages is None:
        return None
    pages = squash(pages).strip(".,; ")
    if not pages:
        return None
    match = _RANGE.match(pages)
    if not match:
        return re.sub(r"\s*[‐‑‒–—]+\s*", "-", pages)
    p1, n1, s1, p2, n2, s2 = match.group("p1", "n1", "s1", "p2", "n2", "s2")
    if not p2 and len(n2) < len(n1):
        n2 = n1[: len(n1) - len(n2)] + n2
    if not p2:
        p2 = p1
    if (p1, n1, s1) == (p2, n2, s2):
        return f"{p1}{n1}{s1}"  # "567-567": a one-page item
    return f"{p1}{n1}{s1}-{p2}{n2}{s2}"


# --------------------------------------------------------------------------------------
# ISSN

_ISSN = re.compile(r"\b(\d{4})-?(\d{3}[\dXx])\b")


def clean_issn(raw: str | None) -> str | None:
    """Hyphenate every ISSN in ``raw`` (``07703198`` → ``0770-3198``); several join with ``, ``."""
    if not raw:
        return None
    found = []
    for first, last in _ISSN.findall(raw):
        issn = f"{first}-{last.upper()}"
        if issn not in found:
            found.append(issn)
    return ", ".join(found) or None


# --------------------------------------------------------------------------------------
# Language

# English names (as EBSCO and PubMed print them) → ISO 639-1, the form CSL's `language` takes.
LANGUAGE_CODES = {
    "english": "en",
    "spanish": "es",
    "german": "de",
    "french": "fr",
    "chinese": "zh",
    "portuguese": "pt",
    "italian": "it",
    "japanese": "ja",
    "russian": "ru",
    "dutch": "nl",
    "korean": "ko",
    "polish": "pl",
    "swedish": "sv",
    "norwegian": "no",
    "danish": "da",
    "finnish": "fi",
    "turkish": "tr",
    "arabic": "ar",
    "hebrew": "he",
    "greek": "el",
    "czech": "cs",
    "hungarian": "hu",
    "romanian": "ro",
    "croatian": "hr",
    "serbian": "sr",
    "persian": "fa",
    "catalan": "ca",
    "ukrainian": "uk",
    "slovak": "sk",
    "slovenian": "sl",
    "lithuanian": "lt",
    "bulgarian": "bg",
    "indonesian": "id",
    "thai": "th",
    "vietnamese": "vi",
    "hindi": "hi",
    "afrikaans": "af",
    "icelandic": "is",
    "malay": "ms",
    "eng": "en",
    "spa": "es",
    "ger": "de",
    "deu": "de",
    "fre": "fr",
    "fra": "fr",
    "chi": "zh",
    "zho": "zh",
    "por": "pt",
    "ita": "it",
    "jpn": "ja",
    "rus": "ru",
}
LANGUAGE_NAMES = {code: name for name, code in LANGUAGE_CODES.items() if len(name) > 3}

# ISO 639-1 → babel language name, as biblatex's langid and pandoc's BibTeX reader take it.
# Languages babel has no name for are written as their code, which pandoc passes through.
BABEL_NAMES = {
    "en": "english",
    "de": "ngerman",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "pl": "polish",
    "ru": "russian",
    "sv": "swedish",
    "da": "danish",
    "fi": "finnish",
    "nb": "norsk",
    "nn": "nynorsk",
    "tr": "turkish",
    "el": "greek",
    "cs": "czech",
    "hu": "magyar",
    "ro": "romanian",
    "hr": "croatian",
    "sr": "serbian",
    "ca": "catalan",
    "uk": "ukrainian",
    "sk": "slovak",
    "sl": "slovene",
    "lt": "lithuanian",
    "bg": "bulgarian",
    "th": "thai",
    "vi": "vietnamese",
    "af": "afrikaans",
    "is": "icelandic",
    "he": "hebrew",
    "ja": "japanese",
    "fa": "farsi",
}


def clean_language(raw: str | None) -> str | None:
    """``English`` → ``en``; a code stays a code; an unknown name is kept as written."""
    if not raw:
        return None
    first = re.split(r"[;,/]", squash(raw))[0].strip(" .")
    key = first.lower()
    if key in LANGUAGE_CODES:
        return LANGUAGE_CODES[key]
    if re.fullmatch(r"[a-z]{2}(?:-[A-Za-z0-9]+)*", first):
        return first
    return first or None


# --------------------------------------------------------------------------------------
# Names

# Affiliation and footnote markers that publishers glue to names.
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ᵃᵇᶜᵈᵉᶠ"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_MARKERS = re.compile(
    rf"(?:\s*(?:\(\s*\d+(?:\s*,\s*\d+)*\s*\)|\[\s*\d+(?:\s*,\s*\d+)*\s*\]"
    rf"|[{_SUPERSCRIPTS}*†‡§¶#✉]+|(?<=[^\W\d]|\.)\d+(?:\s*[,-]\s*\d+)*|\s\d+(?:\s*[,-]\s*\d+)*))+\s*$"
)
_INNER_MARKERS = re.compile(rf"[{_SUPERSCRIPTS}*†‡§¶✉⇑↑∗]+")  # ⇑ ∗: publishers' footnote marks
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


def strip_markers(text: str) -> str:
    """Remove affiliation numbers, footnote symbols and e-mail addresses around a name."""
    previous = None
    while text != previous:  # "Liang1;" → "Liang1" → "Liang": repeat until nothing changes
        previous = text
        text = EMAIL.sub("", text)
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
    text = strip_markers(_ROLE.sub("", EMAIL.sub("", raw)))
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
    line = EMAIL.sub("", line)
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


def fold_ascii(text: str) -> str:
    """An ASCII spelling of ``text`` for keys and file names (``Müller`` → ``Muller``)."""
    from anyascii import anyascii

    return anyascii(unicodedata.normalize("NFC", text))
