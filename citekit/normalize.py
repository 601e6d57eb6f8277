"""Pure repairs shared by every parser: DOI, pages, ISSN, language, text.

Names have a module of their own (``citekit.names``), and so do dates (``citekit.dates``).

Each function takes what a user pasted and returns the clean value, or ``None`` when nothing
usable is there. All of them are idempotent: cleaning a clean value changes nothing.

Rules followed:
- DOI: DOI Handbook §2 (syntax; DOIs are case-insensitive), Crossref's recommended pattern
  ``^10.\\d{4,9}/[-._;()/:A-Z0-9]+$`` and the SICI DOIs of early Wiley content, which carry
  their own balanced brackets.
- Pages: NLM *Citing Medicine*, ch. 1 "Location (Pagination)": abbreviated ranges such as
  ``466-75`` and ``e11-3`` are written out in full.
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
    # str.split() and the regex's \s are the same set (str.isspace), and splitting is several
    # times faster; the readers squash every line they look at, often more than once.
    return " ".join(text.split())


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
    prefix = _DOI_PREFIX.match(text)
    plain = text[prefix.end() :] if prefix else text
    if _PLAIN_DOI.fullmatch(plain) and not (prefix and _QUERY.search(plain)):
        # Most values are a bare DOI or DOI URL, perhaps with a period after it: none of the
        # repairs below applies to one (no entity, escape, percent, space or query), so
        # dropping the prefix and one trim of the tail is all the loop would do, twice over.
        cut = _strip_doi_tail(plain)
        if _PLAIN_DOI.fullmatch(cut) and _strip_doi_tail(cut) == cut:
            return cut if not cut.endswith("/") else None
    return _repaired_doi(text)


# A DOI with nothing in it for clean_doi's repairs to act on.
_PLAIN_DOI = re.compile(r"10\.\d{4,9}/[^\s&%\\<>]+")
_QUERY = re.compile(r"[?#]")  # in a URL, where the DOI ends


def _repaired_doi(text: str) -> str | None:
    """Every repair, again and again until the text stops changing."""
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


def fold_ascii(text: str) -> str:
    """An ASCII spelling of ``text`` for keys and file names (``Müller`` → ``Muller``)."""
    from anyascii import anyascii

    return anyascii(unicodedata.normalize("NFC", text))
