"""Records that exercise every field, every CSL type mapping and the hard cases of the writers.

The parser corpus (tests/corpus, when present) and the seeds give real records; these add what
they lack: every CSL type the writers map, names with particles, suffixes, non-Latin scripts
and organisations, titles whose capitals must survive a BibTeX style, and hostile text.
"""

from __future__ import annotations

from typing import Any

from citekit import Record, parse_paths
from citekit.keys import assign_keys
from tests.conftest import SEEDS
from tests.tools import corpus_files

# A wiki page a study was cited on, as the wiki parser records it.
FOUND_ON = {
    "file": "page.md",
    "line": 12,
    "page_title": "Vitamin D receptor & friends",
    "slug": "vitamin-d-receptor-and-friends",
    "tiki_page_id": 4242,
    "page_date": "2023-05-01",
}

FIXTURES: list[dict[str, Any]] = [
    {
        # Every field an article can carry; a title full of capitals that must survive.
        "type": "article-journal",
        "title": "Vitamin D receptor (VDR) FokI polymorphism, 25(OH)D and mRNA expression of "
        "CYP24A1 in Norwegian adults with COVID-19",
        "author": [
            {"family": "Berg", "given": "Jan", "non-dropping-particle": "van der"},
            {"family": "Müller", "given": "Jörg"},
            {"family": "Núñez-García", "given": "José Luis"},
            {"family": "Østergaard", "given": "Søren"},
            {"family": "Smith", "given": "John", "suffix": "Jr."},
            {"family": "Fontaine", "given": "Jean", "dropping-particle": "de la"},
            {"literal": "Norwegian Vitamin D Study Group"},
        ],
        "container-title": "Journal of Steroid Biochemistry & Molecular Biology",
        "container-title-short": "J Steroid Biochem Mol Biol",
        "volume": "231",
        "issue": "4",
        "page": "106311-106320",
        "issued": {"date-parts": [[2023, 7, 5]]},
        "available-date": {"date-parts": [[2023, 4, 2]]},
        "DOI": "10.1016/j.jsbmb.2023_106311",
        "PMID": "37011234",
        "PMCID": "PMC10011234",
        "ISSN": "0960-0760",
        "URL": "https://example.org/articles/jsbmb_2023?id=106311&view=full#abstract",
        "abstract": "Serum 25(OH)D rose by 12% (p < 0.05); cost was $40 per patient & "
        "carriers of allele #2 (rs_2228570) had ~15 nmol/L higher levels^2 {adjusted}.",
        "keyword": "vitamin D; VDR, FokI",
        "language": "en",
        "note": "Corrected in 2024.",
        "archive": "Academic Search Complete",
        "archive_location": "163000001",
        "custom": {"found_on": FOUND_ON, "pdf": ["https://example.org/pdf/jsbmb_106311.pdf"]},
    },
    {
        # A chapter with editors, publisher and place, in a book series.
        "type": "chapter",
        "title": "Vitamin D metabolism and the kidney",
        "author": [{"family": "Holick", "given": "Michael F."}],
        "editor": [
            {"family": "Feldman", "given": "David"},
            {"family": "Pike", "given": "J. Wesley"},
        ],
        "container-title": "Vitamin D: Biochemistry, Physiology and Diagnostics",
        "collection-title": "Handbook of Vitamin Research",
        "edition": "4",
        "volume": "1",
        "page": "47-59",
        "issued": {"date-parts": [[2018]]},
        "publisher": "Academic Press",
        "publisher-place": "London",
        "ISBN": "978-0-12-809965-0",
        "DOI": "10.1016/B978-0-12-809965-0.00004-0",
    },
    {
        # A book with editors, a series and a page count.
        "type": "book",
        "title": "Dietary Reference Intakes for Calcium and Vitamin D",
        "editor": [
            {"family": "Ross", "given": "A. Catharine"},
            {"family": "Taylor", "given": "Christine L."},
        ],
        "collection-title": "National Academies Collection",
        "number-of-pages": "1132",
        "edition": "2",
        "issued": {"date-parts": [[2011]]},
        "publisher": "National Academies Press",
        "publisher-place": "Washington, DC",
        "ISBN": "978-0-309-16394-1",
    },
    {
        # A doctoral thesis.
        "type": "thesis",
        "genre": "PhD thesis",
        "title": "Vitamin D status and cognitive function in older Nigerian adults",
        "author": [{"family": "Okafor", "given": "Chinedu"}],
        "publisher": "University of Ibadan",
        "publisher-place": "Ibadan",
        "number-of-pages": "212",
        "issued": {"date-parts": [[2020, 11]]},
    },
    {
        # A master's thesis: BibTeX's @mastersthesis.
        "type": "thesis",
        "genre": "Master's thesis",
        "title": "Sun exposure and vitamin D in Tromsø",
        "author": [{"family": "Lie", "given": "Ingrid"}],
        "publisher": "UiT The Arctic University of Norway",
        "issued": {"date-parts": [[2019]]},
    },
    {
        # A report by an organisation, with a number and a series.
        "type": "report",
        "genre": "Technical report",
        "title": "Vitamin D supplementation in pregnant women: guideline update",
        "author": [{"literal": "World Health Organization"}],
        "number": "WHO/NMH/NHD/MNM/11.1",
        "collection-title": "WHO Guidelines",
        "publisher": "World Health Organization",
        "publisher-place": "Geneva",
        "issued": {"date-parts": [[2022, 2]]},
        "URL": "https://apps.who.int/iris/handle/10665/85313",
    },
    {
        # A conference paper with an issue as well as a volume (proceedings in a journal).
        "type": "paper-conference",
        "title": "Vitamin D status of elite rowers across a competitive season",
        "author": [{"family": "Keane", "given": "Ciara"}, {"family": "Doyle", "given": "Sean"}],
        "editor": [{"family": "Lanham-New", "given": "Susan"}],
        "container-title": "Proceedings of the Nutrition Society",
        "volume": "80",
        "issue": "OCE2",
        "page": "E45",
        "issued": {"date-parts": [[2021, 6]]},
        "publisher": "Cambridge University Press",
        "publisher-place": "Cambridge",
        "DOI": "10.1017/S0029665121001234",
    },
    {
        # A magazine article, dated by season.
        "type": "article-magazine",
        "title": "Sunshine vitamin in a pill: what the new trials say",
        "author": [{"family": "Grant", "given": "Rosa"}],
        "container-title": "New Scientist",
        "volume": "248",
        "page": "34-38",
        "issued": {"date-parts": [[2020]], "season": 4},
    },
    {
        # A newspaper article with a full date and a lettered page.
        "type": "article-newspaper",
        "title": "Why vitamin D matters in winter",
        "author": [{"family": "O'Brien", "given": "Siobhán"}],
        "container-title": "The Irish Times",
        "page": "A12",
        "issued": {"date-parts": [[2022, 1, 18]]},
        "publisher-place": "Dublin",
    },
    {
        # A web page.
        "type": "webpage",
        "title": "Vitamin D fact sheet for health professionals",
        "author": [{"literal": "Office of Dietary Supplements"}],
        "container-title": "National Institutes of Health",
        "URL": "https://ods.od.nih.gov/factsheets/VitaminD-HealthProfessional/",
        "issued": {"date-parts": [[2024, 7, 26]]},
    },
    {
        # A German title in sentence case: its capitalised nouns must keep their capitals.
        "type": "article-journal",
        "title": "Vitamin-D-Mangel bei älteren Menschen in Deutschland: eine Querschnittsstudie",
        "author": [{"family": "Hartmann", "given": "Jürgen"}, {"family": "Weiß", "given": "Anja"}],
        "container-title": "Deutsche Medizinische Wochenschrift",
        "container-title-short": "Dtsch Med Wochenschr",
        "volume": "143",
        "issue": "12",
        "page": "e101-e108",
        "issued": {"date-parts": [[2018, 6]]},
        "language": "de",
    },
    {
        # Chinese: a CJK title and names, and a pinyin name with tone marks.
        "type": "article-journal",
        "title": "维生素D与骨质疏松症的关系研究",
        "author": [
            {"family": "王", "given": "小明"},
            {"family": "Lǚ", "given": "Lìhuá"},
            {"family": "Zhāng", "given": "Wěi"},
        ],
        "container-title": "中华医学杂志",
        "volume": "102",
        "issue": "8",
        "page": "561-565",
        "issued": {"date-parts": [[2022, 2, 28]]},
        "language": "zh",
    },
    {
        # Title case, and a journal known only by its abbreviation.
        "type": "article-journal",
        "title": "Effects of Vitamin D Supplementation on Bone Mineral Density in Older Adults: "
        "A Randomized Trial in the UK",
        "author": [{"family": "Smith", "given": "Anna"}, {"family": "Jones", "given": "Peter"}],
        "container-title-short": "Osteoporos Int",
        "volume": "33",
        "issue": "2",
        "page": "401-409",
        "issued": {"date-parts": [[2021, 3], [2021, 4]]},
        "PMID": "33111222",
    },
    {
        # A date range across years, and chemical formulae.
        "type": "article-journal",
        "title": "Calcitriol, CaCO3 and H2O2: effects on vitamin K2 and NaCl handling in "
        "McArdle disease",
        "author": [{"family": "McDonald", "given": "Fiona"}],
        "container-title": "Clinical Chemistry",
        "volume": "66",
        "page": "12-19",
        "issued": {"date-parts": [[2020, 12], [2021, 1]]},
        "ISSN": "0009-9147, 1530-8561",
    },
]

# Text that would break out of its field or run a command if a writer let it through.
INJECTION: dict[str, Any] = {
    "type": "article-journal",
    "title": r"Effects of }\input{/etc/passwd}{ on vitamin D",
    "author": [{"family": "Doe}, title = {pwned", "given": "Jane \\write18{id}"}],
    "container-title": "Journal of {Unbalanced",
    "volume": "1",
    "page": "1-2",
    "issued": {"date-parts": [[2020]]},
    "abstract": r"Background \write18{rm -rf ~} and \input{/etc/shadow} then $\alpha$ %.",
    "note": "first line\nER  - \nTY  - JOUR\nTI  - injected record",
    "keyword": "vitamin D\r\nER  - ",
    "URL": "https://example.org/a}\\input{x} b",
    "DOI": "10.1000/x}\\y{",
}


def fixture_records() -> list[Record]:
    """The fixture records with their citation keys, in order."""
    return assign_keys([Record.from_csl(item) for item in FIXTURES])


def seed_records() -> list[Record]:
    """The records of the seed documents, keyed as one export."""
    return assign_keys(parse_paths(SEEDS).records)


def corpus_records() -> list[Record]:
    """Every record of the parser test corpus, keyed as one export (none before it exists)."""
    files = corpus_files()
    return assign_keys(parse_paths(files).records) if files else []


def record_sets() -> dict[str, list[Record]]:
    """The record sets the export tests run over, by name; empty sets left out."""
    sets = {"seeds": seed_records(), "fixtures": fixture_records(), "corpus": corpus_records()}
    return {name: records for name, records in sets.items() if records}
