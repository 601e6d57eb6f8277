"""Free-form source lines: a journal and its numbers written any way but NLM's.

Wiki pages paste citations from wherever the author found the study, so beside PubMed's
``Journal. 2022 Apr;23(4):285.`` (``nlm``) and the publishers' lines (``publishers``) they
hold lines such as

- ``American Journal of Epidemiology, (2012), doi: …`` and ``British Journal of Cancer ,
  (8 April 2014) | doi: …`` (journal and date only);
- ``Allergy 2012; 68:220–228; DOI: …``, ``BMJ2014;348:g2035``, ``BMC Medicine 2013, 11:229``
  (Vancouver without the period after the journal; BioMed Central's ``Year, Volume:Article``);
- ``PLoS ONE 8(6): e65835``, ``Am. J. Epidemiol. (2013) 178 (4): 521-533``, ``Kidney
  International (2012) 82, 1248–1250``, ``Endocrine 36, 30–36 (2009)`` (volume first, the year
  in brackets anywhere);
- ``Journal of UOEH; Vol. 34 (2012) No. 4 p. 323-329``, ``Clinical Nutrition Vol 43, # 11, Nov
  2024, Pages 10-19``, ``Future Virology, June 2013, Vol. 8, No. 6, Pages 589-606``,
  ``Orthopedics. Volume 2013, Article ID 471695`` (labelled parts in any order);
- ``Korean J Intern Med. Jul 2014; 29(4): 416–427.`` (PMC's month-before-year header).

``read_source`` reads the journal at the start of such a text and the date, volume, issue and
pages after it. It reads only what is written: no part is guessed from another.
"""

from __future__ import annotations

import re

from citekit.dates import (
    MONTH,
    ONLINE_DATE,
    PARENS_YEAR,
    WRITTEN_DATE,
    YEAR,
    online_date,
    prose_date,
)
from citekit.normalize import expand_pages, squash
from citekit.parsers.grammar.nlm import SourceLine

# Where the journal's name ends: the first date, number or label after it.
_SIGNAL = re.compile(
    rf"(?:\s*[,;.:|]\s*|\s+|(?<=[a-z.])(?=(?:1[5-9]|20)\d\d;))(?="
    rf"\(?\d{{1,2}}\s+{MONTH}\s+{YEAR}|\(?{MONTH}\s+(?:\d{{1,2}},?\s+)?{YEAR}|\(?{YEAR}\b|"
    r"\d+\s*\(|\d+\s*[,:;]\s*[A-Za-z]?\d|\d+\s*$|"
    r"\d+\s*,\s*(?:Article|Vol|No|pp?|Pages?)\b|"
    r"(?:Vol(?:ume)?|No|Issue|pp?|Pages?|Article|doi|DOI|URL|online|Online|Published|"
    r"Epub|First published)\b)"
)
_ONLINE = re.compile(
    r"[.,;]?\s*\b(?:Published\s+|Available\s+)?(?:online\s*(?:first|ahead of print)?|OnlineFirst|"
    r"ahead of print|first published online)\s*(?:on\s*)?:?\s*(?=\d|[A-Z][a-z]{2})",
    re.IGNORECASE,
)
# Words a journal's name never starts with: they open the numbers or the page's own notes.
_NOT_JOURNAL = re.compile(
    rf"^(?:{MONTH}|Vol(?:ume)?|Issue|No|Article|Published|Online|Epub|Received|Accepted|"
    r"Copyright|Available|Citation|Cite|DOI|PMID|PMCID|URL|See|From|In|The study|This)\b",
    re.IGNORECASE,
)
_LEAD_VOLUME = re.compile(r"^\W*(?P<volume>\d{1,4})\s*,\s*(?=Article|pp?\b|Pages?\b)")
_GLUED_YEAR = re.compile(rf"^(?P<journal>[A-Z][A-Za-z]+)(?P<year>{YEAR});")
_JOURNAL_WORD = re.compile(r"^(?:[A-Z0-9][\w'’&.\-]*,?|&|[a-z]{1,4}|\([A-Z][\w .]*\)|of|and|the)$")
# "Gilbert R", "Holick MF,": how a reference list's author list opens, never a journal.
AUTHOR_LIKE = re.compile(r"^[A-Z][a-z'’-]+(?:\s[A-Z][a-z'’-]+)?\s[A-Z]{1,3}(?:,|$)")
_JOURNAL_GLUE = {"of", "and", "the", "in", "for", "on", "de", "der", "und", "la", "et"}
_PUNCT_END = " ,;.:|("
# Page ranges and article numbers: "466-75", "e65835", "S21-S27", "93ra88" (Sci Transl Med)
_PAGES = r"[A-Za-z]{0,2}\d+(?:[A-Za-z]{1,3}\d+)?[A-Za-z]?(?:\s*[-–]\s*[A-Za-z]{0,2}\d+[A-Za-z]?)?"
_VOL_ISSUE_PAGES = re.compile(
    rf"(?<![\d.])(?P<volume>\d{{1,5}})\s*\((?P<issue>[^()]{{1,24}})\)\s*(?::\s*(?P<pages>{_PAGES}))?"
)
_YEAR_VOL_PAGES = re.compile(
    rf"(?P<year>{YEAR})(?:\s+{MONTH}(?:\s+\d{{1,2}})?)?\s*[;,:]\s*(?P<volume>\d{{1,5}})\s*(?:\((?P<issue>[^()]{{1,24}})\))?"
    rf"\s*[:,]\s*(?P<pages>{_PAGES})"
)
# Bioscientifica and APA: "Metabolism 2011 96 981-988", "Neurology, 79(13), 1397-1405"
_YEAR_SPACE_VOL_PAGES = re.compile(
    rf"(?P<year>{YEAR})\s+(?P<volume>\d{{1,4}})\s+(?P<pages>\d+\s*[-–]\s*\d+)(?!\d)"
)
_APA_VOL_ISSUE_PAGES = re.compile(
    rf"(?<![\d.])(?P<volume>\d{{1,5}})\s*\((?P<issue>[^()]{{1,24}})\),\s*(?P<pages>{_PAGES})"
)
_VOL_PAGES = re.compile(rf"(?<![\d.(])(?P<volume>\d{{1,5}})\s*[,:]\s*(?P<pages>{_PAGES})(?![\d(])")
_VOLUME = re.compile(r"\bVol(?:ume)?\.?\s*(?P<volume>\d+[A-Z]?)\b", re.IGNORECASE)
_ISSUE = re.compile(r"(?:\bNo\.?|\bIssue|#)\s*(?P<issue>\d+[A-Za-z-]*|Supplement\s*\d*)", re.I)
_PAGE_LABEL = re.compile(rf"\b(?:pp?\.|Pages?)\s*(?P<pages>{_PAGES})")
_ARTICLE = re.compile(r"\bArticle\s+(?:ID|number|No\.?)\s*:?\s*(?P<number>[A-Za-z]?\d+)", re.I)


def read_source(text: str) -> SourceLine | None:
    """The journal at the start of ``text`` and whatever numbers follow it; ``None`` when the
    text does not open with something that reads as a journal followed by a date, a number or
    a DOI. A text that opens with the numbers (``November 2013, Vol. 6, No. 6``) gives them
    with an empty journal."""
    text = re.sub(r"\bdoi\s*:?\s*(?:https?://\S+|10\.\S+)", " DOI ", text, flags=re.I)
    text = squash(re.sub(r"https?://\S+|\b10\.\d{4,9}/\S+", " URL ", text))
    text = re.sub(rf"^\W*(?:{MONTH}\s+)?{YEAR}(?=[A-Z])", "", text).lstrip("?¿*_ ")
    online = online_date(text)
    # "Am J Public Health. Published online ahead of print June 12, 2014: e1–e8"
    text = _ONLINE.sub(" ", text)
    text = re.sub(rf"(?<=[a-z]{{3}})(?={YEAR}\b)", " ", text)  # "Osteoporosis International2005"
    glued = _GLUED_YEAR.match(text)
    if glued:  # "BMJ2014;348:g2035"
        text = f"{glued.group('journal')} {text[glued.end('journal') :]}"
    if re.match(rf"^\(?(?:\d{{1,2}}\s+)?(?:{MONTH}|Vol(?:ume)?\b|{YEAR}\b)", text):
        source = SourceLine(journal="", issued=None)
        _read_numbers(source, text)
        return source if source.volume or source.page or source.issue else None
    signal = _SIGNAL.search(text)
    if not signal:
        return None
    journal = _journal_name(text[: signal.start()])
    if text[signal.start() : signal.end()].strip().startswith(".") and _dotted(journal):
        journal += "."  # "Ann. Appl. Stat. 13(4)": the period ends the abbreviation
    if not is_journal(journal) or _NOT_JOURNAL.match(journal):
        return None
    rest = text[signal.start() :]
    source = SourceLine(journal=journal, issued=None, full_title=not _abbreviated(journal))
    _read_numbers(source, ONLINE_DATE.sub(" ", rest) if online else rest)
    if online and online != source.issued:
        source.available = online
    if online and not source.issued:
        source.issued = online  # ahead of print: the online date is the only one
    numbers = source.issued or source.volume or source.page or source.issue
    if not numbers and not re.match(r"\W*DOI\b", rest):
        return None
    return source


def _dotted(journal: str) -> bool:
    words = journal.split()
    return len(words) > 1 and all(w.endswith(".") for w in words[:-1])


def _journal_name(text: str) -> str:
    """The journal as written, without the punctuation before the numbers; the last period of
    a dotted abbreviation (``Am. J. Epidemiol.``) is part of it."""
    name = text.strip(" ,;:|(")
    if name.endswith(".") and not (_abbreviated(name) and name.count(".") > 1):
        name = name.rstrip(".").rstrip()
    return name


def is_journal(name: str) -> bool:
    """A name that reads as a journal's: capitalised words (glue words allowed), short."""
    words = name.split()
    if not 1 <= len(words) <= 14 or len(name) > 120 or not name[:1].isupper():
        return False
    if re.search(r"[$%@=]|\b(?:I|we|our|this|was|were|is|are|has|have)\b", name):
        return False
    if AUTHOR_LIKE.match(name):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit())
    return all(_JOURNAL_WORD.match(w) or w.lower() in _JOURNAL_GLUE for w in words) and (
        capitalised * 2 > len(words)
    )


# Words of the ISO 4 / NLM abbreviations (LTWA) that journal names are abbreviated with: a
# name holding one of them (``Med J Aust``, ``J Allergy Clin Immunol``) is an abbreviation;
# ``PLoS ONE``, ``BMJ`` or ``Thorax`` are the journals' own names.
_ABBREVIATION_WORDS = frozenset(
    {
        "J",
        "Am",
        "Br",
        "Eur",
        "Int",
        "Ann",
        "Arch",
        "Rev",
        "Res",
        "Sci",
        "Med",
        "Clin",
        "Nutr",
        "Endocrinol",
        "Metab",
        "Genet",
        "Epidemiol",
        "Pediatr",
        "Paediatr",
        "Immunol",
        "Biol",
        "Chem",
        "Physiol",
        "Pharmacol",
        "Surg",
        "Neurol",
        "Psychiatr",
        "Dermatol",
        "Oncol",
        "Cardiol",
        "Gastroenterol",
        "Hepatol",
        "Nephrol",
        "Urol",
        "Obstet",
        "Gynecol",
        "Ophthalmol",
        "Otolaryngol",
        "Rheumatol",
        "Radiol",
        "Infect",
        "Dis",
        "Microbiol",
        "Mol",
        "Cell",
        "Exp",
        "Proc",
        "Acad",
        "Natl",
        "Assoc",
        "Soc",
        "Bull",
        "Lett",
        "Rep",
        "Curr",
        "Opin",
        "Adv",
        "Pract",
        "Ther",
        "Transl",
        "Environ",
        "Public",
        "Prev",
        "Nurs",
        "Diet",
        "Food",
        "Steroid",
        "Biochem",
        "Photobiol",
        "Photochem",
        "Toxicol",
        "Osteoporos",
        "Miner",
        "Bone",
        "Neurosci",
        "Behav",
        "Cogn",
        "Sleep",
        "Respir",
        "Crit",
        "Care",
        "Emerg",
        "Intern",
        "Fam",
        "Gen",
        "Geriatr",
        "Gerontol",
        "Aging",
        "Health",
        "Syst",
        "Dev",
        "Reprod",
        "Fertil",
    }
)


# Abbreviation words that are whole English words too ("Sleep Medicine", "Aging Cell").
_ALSO_WORDS = frozenset(
    {"Care", "Health", "Food", "Bone", "Sleep", "Aging", "Public", "Diet", "Cell", "Gen", "Dev"}
)
# Words of full journal names: a line holding one reads as the journal, not as a person.
JOURNAL_WORDS = frozenset(
    {
        "Journal",
        "Acta",
        "Paediatrica",
        "Pediatrica",
        "Gastroenterology",
        "Hepatology",
        "Rheumatology",
        "Diabetes",
        "Obesity",
        "Hypertension",
        "Circulation",
        "Allergy",
        "Medicine",
        "Nutrition",
        "Research",
        "Reports",
        "Review",
        "Reviews",
        "Science",
        "Sciences",
        "Clinical",
        "Annals",
        "Archives",
        "International",
        "Letters",
        "Bulletin",
        "Proceedings",
        "Therapy",
        "Therapeutics",
        "Cancer",
        "Health",
        "Epidemiology",
        "Pediatrics",
        "Endocrinology",
        "Metabolism",
        "Immunology",
        "Frontiers",
        "Nature",
        "Lancet",
        "Physiology",
        "Biology",
        "Chemistry",
        "Pharmacology",
        "Nephrology",
        "Cardiology",
        "Neurology",
        "Psychiatry",
        "Dermatology",
        "Oncology",
        "Surgery",
        "Nursing",
        "Practice",
        "Diseases",
        "Disorders",
        "Society",
        "Association",
        "Academy",
        "Nutrients",
        "Investigation",
        "Medical",
    }
)


def looks_like_journal(text: str) -> bool:
    """A line that is a journal's full name (``Sleep Medicine``, ``Expert Review of …``)."""
    name = text.rstrip(".")
    if not is_journal(name):
        return False
    return any(w.strip(",") in JOURNAL_WORDS for w in name.split()) or _abbreviated(name)


def _abbreviated(journal: str) -> bool:
    """``Am. J. Epidemiol.``, ``J Nutr Food Sci``: an abbreviation rather than the full name."""
    words = journal.replace(".", ". ").split()
    if "." in journal and any(len(w.rstrip(".")) <= 6 and w.endswith(".") for w in words):
        return True
    return len(words) > 1 and any(w in _ABBREVIATION_WORDS - _ALSO_WORDS for w in words)


def _read_numbers(source: SourceLine, rest: str) -> None:
    """Date, volume, issue and pages from the text after the journal."""
    source.issued = prose_date(rest)
    lead = _LEAD_VOLUME.match(rest)
    if lead:
        source.volume = lead.group("volume")
    combined = (
        _YEAR_VOL_PAGES.search(rest)
        or _YEAR_SPACE_VOL_PAGES.search(rest)
        or _APA_VOL_ISSUE_PAGES.search(rest)
    )
    if combined:
        groups = combined.groupdict()
        source.volume, source.issue = groups["volume"], groups.get("issue")
        source.page = expand_pages(_dash(combined.group("pages")))
    else:
        cleaned = _without_dates(rest)
        vip = _VOL_ISSUE_PAGES.search(cleaned)
        pair = None if vip or _VOLUME.search(rest) else _VOL_PAGES.search(cleaned)
        if vip:
            source.volume, source.issue = vip.group("volume"), vip.group("issue")
            if vip.group("pages"):
                source.page = expand_pages(_dash(vip.group("pages")))
        elif pair:
            source.volume = pair.group("volume")
            source.page = expand_pages(_dash(pair.group("pages")))
    labelled = _VOLUME.search(rest)
    if labelled and not source.volume:
        source.volume = labelled.group("volume")
    issue = _ISSUE.search(rest)
    if issue and not source.issue:
        source.issue = issue.group("issue")
    pages = _PAGE_LABEL.search(rest)
    if pages and not source.page:
        source.page = expand_pages(_dash(pages.group("pages")))
    article = _ARTICLE.search(rest)
    if article and not source.page:
        source.page = article.group("number")
    if source.issue and _is_year(source.issue) and source.issued:
        source.issue = None  # "Vol. 34 (2012)": the brackets hold the year


def _without_dates(text: str) -> str:
    """The text with bracketed years and written dates blanked (same length), so ``(2013) 178
    (4)`` reads as volume 178, issue 4, and ``February 20, 2014`` as no volume at all."""
    text = PARENS_YEAR.sub(lambda m: " " * len(m.group(0)), text)
    return WRITTEN_DATE.sub(lambda m: " " * len(m.group(0)), text)


def _is_year(text: str | None) -> bool:
    return bool(text and re.fullmatch(YEAR, text.strip()))


def _dash(pages: str) -> str:
    return re.sub(r"\s*[-–]\s*", "-", pages)
