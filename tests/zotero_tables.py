"""What Zotero reads when it imports a file, as tables: its item types and their fields, and
the field maps of its RIS, BibTeX and CSL-JSON imports.

The Zotero round-trip test (``test_zotero_import.py``) takes its expectations from here,
never from citekit's writers. Sources, read for these tables (not copied):

- The item-type schema: zotero/zotero-schema ``schema.json`` (version 22), ``itemTypes``:
  each type's fields, with the base field a type-specific one stands for (a thesis's
  ``university`` is a ``publisher``), and its ``csl`` mappings of CSL types and variables.
- RIS: zotero/translators ``RIS.js`` (2023-07-28): ``importTypeMap`` (TY → item type),
  ``fieldMap`` and ``degenerateImportFieldMap`` (tag → field per item type), and
  ``applyValue``: a value for a field the item type lacks becomes a note ("no corresponding
  Zotero field"), except a DOI, which goes to Extra; ``M2`` is Extra.
- BibTeX: zotero/translators ``BibTeX.js`` (2019-09-17), which also reads BibLaTeX files:
  ``bibtex2zoteroTypeMap`` (an entry type it lacks is discarded), ``fieldMap``,
  ``inputFieldMap`` and the cases of ``processField``; a field it has no case for is dropped.
"""

from __future__ import annotations

# --- The item-type schema -------------------------------------------------------------------

_COMMON = {"title", "abstractNote", "date", "language", "shortTitle", "url", "accessDate"}
_COMMON |= {"rights", "extra"}
_HELD = {"archive", "archiveLocation", "libraryCatalog", "callNumber"}
_BOOKISH = {"series", "seriesNumber", "volume", "numberOfVolumes", "edition", "place"}
_BOOKISH |= {"publisher", "ISBN"}

# Item type -> its fields, a type-specific field under its base field's name (BASE_FIELD).
ITEM_FIELDS: dict[str, set[str]] = {
    "journalArticle": _COMMON
    | _HELD
    | {"publicationTitle", "volume", "issue", "pages", "series", "seriesTitle", "seriesText"}
    | {"journalAbbreviation", "DOI", "ISSN"},
    "magazineArticle": _COMMON | _HELD | {"publicationTitle", "volume", "issue", "pages", "ISSN"},
    "newspaperArticle": _COMMON
    | _HELD
    | {"publicationTitle", "place", "edition", "section", "pages", "ISSN"},
    "book": _COMMON | _HELD | _BOOKISH | {"numPages"},
    "bookSection": _COMMON | _HELD | _BOOKISH | {"publicationTitle", "pages"},
    "encyclopediaArticle": _COMMON | _HELD | _BOOKISH | {"publicationTitle", "pages"},
    "dictionaryEntry": _COMMON | _HELD | _BOOKISH | {"publicationTitle", "pages"},
    "conferencePaper": _COMMON
    | _HELD
    | {"publicationTitle", "conferenceName", "place", "publisher", "volume", "pages"}
    | {"series", "DOI", "ISBN"},
    "report": _COMMON | _HELD | {"number", "type", "seriesTitle", "place", "publisher", "pages"},
    "thesis": _COMMON | _HELD | {"type", "publisher", "place", "numPages"},
    "manuscript": _COMMON | _HELD | {"type", "place", "numPages"},
    "webpage": _COMMON | {"publicationTitle", "type"},
    "blogPost": _COMMON | {"publicationTitle", "type"},
    "document": _COMMON | _HELD | {"publisher"},
    "preprint": _COMMON
    | _HELD
    | {"type", "publisher", "number", "place", "series", "seriesNumber", "DOI", "citationKey"},
    "dataset": _COMMON
    | _HELD
    | {"number", "type", "versionNumber", "publisher", "place", "medium", "DOI", "citationKey"},
    "computerProgram": _COMMON
    | _HELD
    | {"seriesTitle", "versionNumber", "system", "place", "publisher", "programmingLanguage"}
    | {"ISBN"},
    "patent": _COMMON
    | {"place", "country", "assignee", "authority", "number", "filingDate", "pages"}
    | {"applicationNumber", "priorityNumbers", "references", "status"},
    "film": _COMMON | _HELD | {"publisher", "type", "medium", "runningTime"},
    "letter": _COMMON | _HELD | {"type"},
    "map": _COMMON
    | _HELD
    | {"type", "scale", "seriesTitle", "edition", "place", "publisher", "ISBN"},
}

# Type-specific field -> the base field it stands for (schema.json's "baseField").
BASE_FIELD = {
    **dict.fromkeys(
        (
            "bookTitle",
            "blogTitle",
            "websiteTitle",
            "proceedingsTitle",
            "encyclopediaTitle",
            "dictionaryTitle",
            "forumTitle",
            "programTitle",
        ),
        "publicationTitle",
    ),
    **dict.fromkeys(
        (
            "university",
            "institution",
            "company",
            "label",
            "distributor",
            "network",
            "studio",
            "repository",
        ),
        "publisher",
    ),
    **dict.fromkeys(
        (
            "thesisType",
            "reportType",
            "websiteType",
            "manuscriptType",
            "genre",
            "letterType",
            "mapType",
            "postType",
            "presentationType",
        ),
        "type",
    ),
    **dict.fromkeys(
        (
            "reportNumber",
            "patentNumber",
            "identifier",
            "billNumber",
            "episodeNumber",
            "docketNumber",
            "archiveID",
        ),
        "number",
    ),
    **dict.fromkeys(("issueDate", "dateDecided", "dateEnacted"), "date"),
    **dict.fromkeys(("issuingAuthority", "court"), "authority"),
    "legalStatus": "status",
    **dict.fromkeys(("artworkMedium", "audioRecordingFormat", "videoRecordingFormat"), "medium"),
}

# Where an import puts a value besides the item's own fields; each is kept by Zotero.
CONTAINERS = frozenset({"creators", "tags", "notes", "attachments", "extra"})


def has_field(item_type: str, field: str) -> bool:
    """Whether Zotero keeps ``field`` on ``item_type`` (or it is one of CONTAINERS)."""
    if field in CONTAINERS:
        return True
    return BASE_FIELD.get(field, field) in ITEM_FIELDS.get(item_type, set())


# CSL type -> the Zotero item type Zotero's CSL import makes of it (schema.json ``csl.types``);
# citekit writes review and review-book as journal articles in every format.
CSL_TO_ZOTERO = {
    "article-journal": "journalArticle",
    "review": "journalArticle",
    "review-book": "journalArticle",
    "article-magazine": "magazineArticle",
    "article-newspaper": "newspaperArticle",
    "article": "preprint",
    "book": "book",
    "chapter": "bookSection",
    "paper-conference": "conferencePaper",
    "report": "report",
    "thesis": "thesis",
    "manuscript": "manuscript",
    "webpage": "webpage",
    "post-weblog": "blogPost",
    "dataset": "dataset",
    "software": "computerProgram",
    "patent": "patent",
    "entry-encyclopedia": "encyclopediaArticle",
    "entry-dictionary": "dictionaryEntry",
    "motion_picture": "film",
    "personal_communication": "letter",
    "map": "map",
    "document": "document",
}

# CSL variable -> the Zotero fields (base names) Zotero's CSL import may put it in
# (schema.json ``csl.fields``, ``csl.dates``, ``csl.names``); "creators" for every name
# variable. A variable with none (PMID, PMCID, keyword, available-date, original-date) is
# kept only as a ``Key: value`` line in ``note``, which is Extra.
CSL_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "container-title": ("publicationTitle", "conferenceName"),
    "collection-title": ("series", "seriesTitle"),
    "collection-number": ("seriesNumber",),
    "container-title-short": ("journalAbbreviation",),
    "journalAbbreviation": ("journalAbbreviation",),
    "title-short": ("shortTitle",),
    "publisher": ("publisher",),
    "publisher-place": ("place",),
    "event-place": ("place",),
    "genre": ("type",),
    "medium": ("medium",),
    "page": ("pages",),
    "number-of-pages": ("numPages",),
    "number-of-volumes": ("numberOfVolumes",),
    "volume": ("volume",),
    "issue": ("issue",),
    "edition": ("edition",),
    "number": ("number",),
    "version": ("versionNumber",),
    "section": ("section",),
    "DOI": ("DOI",),
    "ISBN": ("ISBN",),
    "ISSN": ("ISSN",),
    "URL": ("url",),
    "abstract": ("abstractNote",),
    "language": ("language",),
    "note": ("extra",),
    "archive": ("archive",),
    "archive_location": ("archiveLocation",),
    "source": ("libraryCatalog",),
    "call-number": ("callNumber",),
    "issued": ("date",),
    "accessed": ("accessDate",),
    "submitted": ("filingDate",),
    "authority": ("authority",),
    "status": ("status",),
    "scale": ("scale",),
    **dict.fromkeys(
        (
            "author",
            "editor",
            "translator",
            "container-author",
            "collection-editor",
            "director",
            "recipient",
            "interviewer",
            "reviewed-author",
            "composer",
        ),
        ("creators",),
    ),
}

# --- RIS.js ---------------------------------------------------------------------------------

RIS_TYPES = {
    "ART": "artwork",
    "BILL": "bill",
    "BLOG": "blogPost",
    "BOOK": "book",
    "CHAP": "bookSection",
    "CASE": "case",
    "COMP": "computerProgram",
    "CONF": "conferencePaper",
    "CPAPER": "conferencePaper",
    "DICT": "dictionaryEntry",
    "ENCYC": "encyclopediaArticle",
    "DATA": "dataset",
    "MPCT": "film",
    "JOUR": "journalArticle",
    "PCOMM": "letter",
    "MGZN": "magazineArticle",
    "MANSCPT": "manuscript",
    "MAP": "map",
    "NEWS": "newspaperArticle",
    "PAT": "patent",
    "RPRT": "report",
    "THES": "thesis",
    "ELEC": "webpage",
    "GEN": "journalArticle",
    "INPR": "manuscript",
}

# Tag -> (field for every item type but those listed, {field: item types}, excluded types).
# The first list of RIS.js that maps a tag for the item type wins (fieldMap, then the
# import-only degenerateImportFieldMap, folded in here). "" is no default.
_Tag = tuple[str, dict[str, tuple[str, ...]], tuple[str, ...]]
RIS_TAGS: dict[str, _Tag] = {
    "AB": ("abstractNote", {}, ()),
    "AN": ("archiveLocation", {}, ()),
    "CN": ("callNumber", {}, ()),
    "DB": ("archive", {}, ()),
    "DO": ("DOI", {}, ()),
    "DP": ("libraryCatalog", {}, ()),
    "J2": ("journalAbbreviation", {}, ()),
    "KW": ("tags", {}, ()),
    "L1": ("attachments", {}, ()),
    "L2": ("attachments", {}, ()),
    "L4": ("attachments", {}, ()),
    "N1": ("notes", {}, ()),
    "M2": ("extra", {}, ()),
    "ST": ("shortTitle", {}, ()),
    "UR": ("url", {}, ()),
    "Y2": ("accessDate", {}, ()),
    "TI": ("title", {"caseName": ("case",), "subject": ("email",)}, ()),
    "T2": (
        # Otherwise RIS.js's backup publication title, kept where the type has one.
        "publicationTitle",
        {
            "code": ("bill", "statute"),
            "conferenceName": ("conferencePaper",),
            "seriesTitle": ("computerProgram", "map", "report"),
            "series": ("book",),
        },
        (),
    ),
    "T3": (
        "",
        {
            "series": ("bookSection", "conferencePaper", "journalArticle", "book"),
            "seriesTitle": ("audioRecording",),
        },
        (),
    ),
    "AU": ("creators", {}, ()),
    "A2": (
        "",
        {
            "creators": (
                "bill",
                "audioRecording",
                "presentation",
                "interview",
                "journalArticle",
                "bookSection",
                "conferencePaper",
                "dictionaryEntry",
                "document",
                "encyclopediaArticle",
                "book",
                "report",
                "email",
                "letter",
            ),
            "issuingAuthority": ("patent",),
        },
        (),
    ),
    "A3": (
        "",
        {
            "creators": (
                "thesis",
                "bill",
                "film",
                "book",
                "bookSection",
                "conferencePaper",
                "dictionaryEntry",
                "encyclopediaArticle",
                "map",
            )
        },
        (),
    ),
    "A4": ("creators", {}, ()),
    "C1": (
        "",
        {"filingDate": ("patent",), "scale": ("map",), "place": ("conferencePaper",)},
        (),
    ),
    "C3": (
        "",
        {"proceedingsTitle": ("conferencePaper",), "country": ("patent",)},
        (),
    ),
    "CY": ("place", {"repositoryLocation": ("dataset",)}, ()),
    "DA": ("date", {}, ()),
    "PY": ("date", {}, ()),
    "ET": ("edition", {"versionNumber": ("computerProgram", "dataset")}, ()),
    "IS": (
        "issue",
        {"numberOfVolumes": ("bookSection",), "versionNumber": ("dataset",)},
        (),
    ),
    "LA": ("language", {"programmingLanguage": ("computerProgram",)}, ()),
    "M1": ("extra", {"seriesNumber": ("book",), "issue": ("journalArticle",)}, ()),
    "M3": (
        "DOI",
        {
            "manuscriptType": ("manuscript",),
            "mapType": ("map",),
            "reportType": ("report",),
            "thesisType": ("thesis",),
            "websiteType": ("blogPost", "webpage"),
            "letterType": ("letter",),
        },
        (),
    ),
    "PB": (
        "publisher",
        {
            "distributor": ("film",),
            "assignee": ("patent",),
            "institution": ("report",),
            "repository": ("dataset",),
            "university": ("thesis",),
            "company": ("computerProgram",),
        },
        (),
    ),
    "SN": (
        "ISBN",
        {
            "ISSN": ("journalArticle", "magazineArticle", "newspaperArticle"),
            "patentNumber": ("patent",),
            "reportNumber": ("report",),
        },
        (),
    ),
    "SP": (
        "pages",
        {"numPages": ("book", "thesis", "manuscript"), "runningTime": ("film",)},
        (),
    ),
    # EP is joined to SP's pages; a book's or thesis's SP is its page count, EP then lost.
    "EP": ("pages", {}, ()),
    "VL": ("volume", {"accessDate": ("webpage",)}, ("patent",)),
}


def ris_field(item_type: str, tag: str) -> str:
    """The Zotero field RIS.js puts ``tag`` in on ``item_type`` ("" for none: a note)."""
    default, by_type, excluded = RIS_TAGS.get(tag, ("", {}, ()))
    for field, types in by_type.items():
        if item_type in types:
            return field
    return "" if item_type in excluded else default


def ris_lands(item_type: str, tag: str) -> bool:
    """Whether a ``tag`` value lands in a field Zotero keeps (RIS.js: a DOI a type has no
    field for goes to Extra; any other value without a field becomes a note)."""
    field = ris_field(item_type, tag)
    return bool(field) and (field == "DOI" or has_field(item_type, field))


# --- BibTeX.js ------------------------------------------------------------------------------

BIBTEX_TYPES = {
    "book": "book",
    "inbook": "bookSection",
    "incollection": "bookSection",
    "article": "journalArticle",
    "patent": "patent",
    "phdthesis": "thesis",
    "unpublished": "manuscript",
    "inproceedings": "conferencePaper",
    "conference": "conferencePaper",
    "techreport": "report",
    "booklet": "book",
    "manual": "book",
    "mastersthesis": "thesis",
    "misc": "book",
    "proceedings": "book",
    "online": "webpage",
    "thesis": "thesis",
    "letter": "letter",
    "movie": "film",
    "artwork": "artwork",
    "report": "report",
    "legislation": "bill",
    "jurisdiction": "case",
    "audio": "audioRecording",
    "video": "videoRecording",
    "software": "computerProgram",
    "inreference": "encyclopediaArticle",
    "collection": "book",
    "mvbook": "book",
}

# Field -> the Zotero field BibTeX.js sets (fieldMap, inputFieldMap and processField).
BIBTEX_FIELDS = {
    "address": "place",
    "location": "place",
    "chapter": "section",
    "edition": "edition",
    "type": "type",
    "series": "series",
    "title": "title",
    "subtitle": "title",
    "volume": "volume",
    "copyright": "rights",
    "isbn": "ISBN",
    "issn": "ISSN",
    "shorttitle": "shortTitle",
    "url": "url",
    "doi": "DOI",
    "abstract": "abstractNote",
    "nationality": "country",
    "language": "language",
    "assignee": "assignee",
    "booktitle": "publicationTitle",
    "journal": "publicationTitle",
    "journaltitle": "publicationTitle",
    "fjournal": "publicationTitle",
    "school": "publisher",
    "publisher": "publisher",
    "institution": "publisher",
    "organization": "publisher",
    "issue": "issue",
    "shortjournal": "journalAbbreviation",
    "eventtitle": "conferenceName",
    "pagetotal": "numPages",
    "author": "creators",
    "editor": "creators",
    "translator": "creators",
    "year": "date",
    "month": "date",
    "date": "date",
    "urldate": "accessDate",
    "lastchecked": "accessDate",
    "keywords": "tags",
    "keyword": "tags",
    "annote": "notes",
    "comment": "notes",
    "review": "notes",
    "notes": "notes",
    "file": "attachments",
    "pdf": "attachments",
    # Identifiers with no field: Extra lines (extraIdentifiers; eprint with its eprinttype).
    "pmid": "extra",
    "pmcid": "extra",
    "lccn": "extra",
    "mrnumber": "extra",
    "zmnumber": "extra",
    "eprint": "extra",
    "eprinttype": "extra",
}
# BibTeX.js's labels of extra identifiers: a note starting with one goes to Extra.
BIBTEX_EXTRA_LABELS = ("LCCN", "MR", "Zbl", "PMID", "PMCID")


def bibtex_field(item_type: str, field: str, value: str) -> str:
    """The Zotero field BibTeX.js puts ``field`` in on ``item_type`` ("" for none)."""
    if field == "number":
        return {
            "report": "number",
            "book": "seriesNumber",
            "bookSection": "seriesNumber",
            "patent": "number",
        }.get(item_type, "issue")
    if field == "pages":
        return "numPages" if item_type in ("book", "thesis", "manuscript") else "pages"
    if field == "note":
        return "extra" if value.lstrip("{").startswith(BIBTEX_EXTRA_LABELS) else "notes"
    if field == "howpublished":
        return "url" if value.lstrip("{").startswith(("http://", "https:/")) else "extra"
    if field == "doi":
        return "DOI"  # Extra where the type has no DOI field
    return BIBTEX_FIELDS.get(field, "")


def bibtex_lands(item_type: str, field: str, value: str) -> bool:
    found = bibtex_field(item_type, field, value)
    return bool(found) and (found == "DOI" or has_field(item_type, found))
