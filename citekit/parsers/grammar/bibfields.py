"""The BibTeX and BibLaTeX data model as the reader maps it to CSL: entry types, fields and
the words and macros their values use.

Sources: Patashnik, *BibTeXing* (btxdoc, 1988) for BibTeX's entry types and fields; the
biblatex manual (v3.20) §2.1 (entry types), §2.2 (fields) and §4.9.2 (localisation keys in
`type`); Zotero's BibTeX.js and citation-js where a type has no exact CSL counterpart; the
fields JabRef, BibDesk, Mendeley, Better BibTeX, Web of Science and Scopus add.
"""

from __future__ import annotations

import re

from citekit.normalize import BABEL_NAMES

# Entry types → CSL types (BibTeX's, then biblatex's §2.1; Zotero's and citation-js's choice
# where a type has no exact CSL counterpart).
TYPES = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "suppbook": "chapter",
    "incollection": "chapter",
    "suppcollection": "chapter",
    "collection": "book",
    "mvcollection": "book",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "mvproceedings": "book",
    "manual": "report",
    "techreport": "report",
    "report": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "masterthesis": "thesis",  # misspelt in many real files; BibTeX falls back to @misc
    "bachelorthesis": "thesis",
    "thesis": "thesis",
    "unpublished": "manuscript",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "software": "software",
    "dataset": "dataset",
    "patent": "patent",
    "periodical": "periodical",
    "suppperiodical": "article-journal",
    "reference": "book",
    "mvreference": "book",
    "inreference": "entry-encyclopedia",
    "artwork": "graphic",
    "image": "graphic",
    "audio": "song",
    "music": "song",
    "video": "motion_picture",
    "movie": "motion_picture",
    "performance": "performance",
    "standard": "standard",
    "letter": "personal_communication",
    "legislation": "legislation",
    "jurisdiction": "legal_case",
    "review": "review",
    "map": "map",
    "interview": "interview",
}
# What a thesis entry type says its genre is when no `type` field does (pandoc's words).
GENRES = {
    "phdthesis": "PhD thesis",
    "mastersthesis": "Master's thesis",
    "masterthesis": "Master's thesis",
    "bachelorthesis": "Bachelor's thesis",
}
# biblatex's localisation keys in `type`, and the genres they print.
TYPE_KEYS = {
    "phdthesis": "PhD thesis",
    "mathesis": "Master's thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
    "software": "Computer software",
    "datacd": "CD-ROM",
    "audiocd": "Audio CD",
    "patentus": "U.S. patent",
    "patenteu": "European patent",
    "patentde": "German patent",
    "patentfr": "French patent",
    "patentuk": "British patent",
    "patentjp": "Japanese patent",
}
SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}

# Fields read as text, and their CSL variable; titles keep braced words' case.
TEXT = {
    "edition": "edition",
    "volume": "volume",
    "volumes": "number-of-volumes",
    "pagetotal": "number-of-pages",
    "chapter": "chapter-number",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "venue": "event-place",
    "shortjournal": "container-title-short",
    "journalabbreviation": "container-title-short",
    "journal-iso": "container-title-short",
    "isbn": "ISBN",
    "issn": "ISSN",
    "eissn": "ISSN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "abstract": "abstract",
    "keywords": "keyword",
    "version": "version",
    "origpublisher": "original-publisher",
    "origlocation": "original-publisher-place",
    "medium": "medium",
    "status": "status",
    "shorthand": "citation-label",
}
TITLES = {
    "title": "title",
    "shorttitle": "title-short",
    "series": "collection-title",
    "eventtitle": "event-title",
    "origtitle": "original-title",
    "maintitle": "volume-title",
}
PEOPLE = {
    "author": "author",
    "editor": "editor",
    "translator": "translator",
    "bookauthor": "container-author",
    "director": "director",
    "composer": "composer",
    "interviewer": "interviewer",
    "recipient": "recipient",
    "reviewer": "reviewed-author",
}
DATES = {"urldate": "accessed", "eventdate": "event-date", "origdate": "original-date"}
# Read by the code below, or bookkeeping of the programs that write .bib files (JabRef,
# BibDesk, Mendeley, Better BibTeX) with no bibliographic meaning: not reported.
HANDLED = {
    "journal", "journaltitle", "journalsubtitle", "booktitle", "booksubtitle",
    "booktitleaddon", "subtitle", "titleaddon", "number", "issue", "pages", "year", "month",
    "day", "date", "yeardivision", "doi", "url", "eprint", "eprinttype", "archiveprefix",
    "primaryclass", "eprintclass", "article-number", "eid", "institution", "school",
    "organization", "howpublished",
    "type", "entrysubtype", "note", "annote", "annotation", "addendum", "extra", "language",
    "langid", "file", "library", "crossref", "xdata", "xref", "ids", "key", "sortkey",
}  # fmt: skip
BOOKKEEPING = re.compile(
    r"^(?:timestamp|owner|groups|ranking|readstatus|priority|qualityassured|printed|read|"
    r"rating|date-added|date-modified|bdsk-.*|citeulike-.*|mendeley-.*|local-url|"
    r"creationdate|modificationdate|comment|comments|_.*|sortname|presort|sorttitle|"
    r"sortyear|options|keywords_?plus|unique-id|researcherid-numbers|orcid-numbers|"
    r"times-cited|usage-count-.*|da|web-of-science-.*|affiliations?|"
    r"funding-.*|cited-references|number-of-cited-references|doc-delivery-number|"
    r"biburl|bibsource|bibdate|urlyear|source|publication_stage|correspondence_address\d*|"
    r"coden|abbrev_source_title|document_type|pubmed_id|language_of_original_document)$"
)
# Inherited from a parent when the child is a part of it (biber's default inheritance).
PART_TITLES = {"title": "booktitle", "subtitle": "booksubtitle", "titleaddon": "booktitleaddon"}
PARTS = {"inbook", "bookinbook", "suppbook", "incollection", "suppcollection", "inproceedings"}
# Entry types whose `number` is the number in their series (btxdoc §3).
SERIES_NUMBERED = {
    "book", "mvbook", "collection", "mvcollection", "proceedings", "mvproceedings", "inbook",
    "incollection", "inproceedings",
}  # fmt: skip
NOT_INHERITED = {"ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "label"}
# BibTeX's month macros, as BibTeX itself expands them.
MONTH_MACROS = {
    name[:3].lower(): name
    for name in (
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    )
}  # fmt: skip
# babel's and polyglossia's language names (langid), back to BCP 47.
BABEL_CODES = {name: code for code, name in BABEL_NAMES.items()} | {
    "german": "de", "american": "en-US", "british": "en-GB", "UKenglish": "en-GB",
    "USenglish": "en-US", "australian": "en-AU", "canadian": "en-CA", "austrian": "de-AT",
    "naustrian": "de-AT", "swissgerman": "de-CH", "nswissgerman": "de-CH", "brazil": "pt-BR",
    "brazilian": "pt-BR", "francais": "fr", "norwegian": "nb", "hungarian": "hu",
    "slovenian": "sl", "chinese": "zh", "japanese": "ja", "korean": "ko", "latin": "la",
    "hebrew": "he", "arabic": "ar", "persian": "fa", "hindi": "hi", "indonesian": "id",
    "estonian": "et", "latvian": "lv", "icelandic": "is", "irish": "ga", "welsh": "cy",
}  # fmt: skip
BABEL_CODES = {name.lower(): code for name, code in BABEL_CODES.items()}
