"""Deterministic synthetic corpora for the benchmark: the same seed always gives the same bytes.

Each generator makes ``n`` records' worth of input in the shape real inputs have:

- CSL-JSON items of varied types (mostly journal articles; books, chapters, conference papers,
  reports, theses, web pages), one to twelve authors with accented and non-Latin names,
  abstracts of 100–300 words, DOIs, PMIDs, keywords, languages;
- wiki pages: a JSON front matter object, then studies pasted from PubMed as in
  ``seeds/000_*.txt`` (heading, source line with a DOI link, numbered by-line, abstract,
  the wiki author's picture and bold commentary), separated by ``---``;
- EBSCO detailed records in the layout of ``seeds/004_*.txt`` (``Label :`` on its own line);
- PubMed Summary source lines (``1. Authors. Title. Journal. 2022 Apr;23(4):285-9. doi: …``).

``write_corpus`` lays each format out as one big file and as many small files (a folder).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

FAMILIES = [
    "Liang",
    "Tong",
    "Qin",
    "Xie",
    "Xu",
    "Zhang",
    "Liu",
    "Niu",
    "Smith",
    "Jones",
    "Müller",
    "García",
    "Éclair",
    "Nilsson",
    "Kim",
    "Park",
    "O'Brien",
    "Rossi",
    "Bianchi",
    "Dupont",
    "Holick",
    "Milovanović",
    "Savić",
    "Popović",
    "Grajić",
    "Tanaka",
    "Brody",
    "Lee",
    "Nguyễn",
    "Ødegaard",
    "Żukowski",
    "Andersson",
    "Dubois",
    "Costa",
    "Silva",
    "Novák",
    "Horvat",
    "Kowalski",
    "Şahin",
    "Øvergård",
]
GIVEN = [
    "Libin",
    "Tong",
    "Luyang",
    "Jing",
    "John",
    "Mary",
    "Petar",
    "Ivana",
    "Ana",
    "Mirko",
    "José",
    "Zoë",
    "Björn",
    "Łukasz",
    "Siobhán",
    "Hiroshi",
    "Min-jun",
    "Ngọc",
    "François",
    "Ångström",
    "Chloé",
    "Jürgen",
    "Dmitri",
    "Aiko",
    "Renée",
]
PARTICLES = ("van", "de", "von", "da")
WORDS = [
    "vitamin",
    "D",
    "calcium",
    "bone",
    "density",
    "muscle",
    "strength",
    "randomized",
    "trial",
    "cohort",
    "deficiency",
    "supplementation",
    "serum",
    "levels",
    "patients",
    "outcomes",
    "risk",
    "fracture",
    "elderly",
    "women",
    "children",
    "pregnancy",
    "infection",
    "immune",
    "response",
    "inflammation",
    "cardiovascular",
    "mortality",
    "analysis",
    "association",
    "dose",
    "daily",
    "weekly",
    "COVID-19",
    "DNA",
    "receptor",
    "polymorphism",
    "meta-analysis",
]
JOURNALS = (
    ("Experimental and Therapeutic Medicine", "Exp Ther Med"),
    ("Clinical Rheumatology", "Clin Rheumatol"),
    ("Nutrients", "Nutrients"),
    ("The Journal of Clinical Endocrinology & Metabolism", "J Clin Endocrinol Metab"),
    ("BMJ Open", "BMJ Open"),
    ("Osteoporosis International", "Osteoporos Int"),
    ("PLoS ONE", "PLoS One"),
)
TYPES = ["article-journal"] * 14 + [
    "book",
    "chapter",
    "paper-conference",
    "report",
    "thesis",
    "webpage",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
LANGUAGES = ("en", "en", "en", "de", "fr", "es", "zh")


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def _abstract(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(10, 25)) + "." for _ in range(rng.randint(8, 16)))


def _names(rng: random.Random) -> list[tuple[str, str]]:
    return [(rng.choice(FAMILIES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 12))]


def _work(rng: random.Random, n: int) -> dict[str, Any]:
    """What every format is made of: one work's facts, before any format's syntax."""
    journal, abbrev = rng.choice(JOURNALS)
    first = rng.randint(1, 900)
    return {
        "n": n,
        "title": f"{_sentence(rng, rng.randint(6, 16))}: study {n}",
        "names": _names(rng),
        "journal": journal,
        "abbrev": abbrev,
        "year": rng.randint(1995, 2025),
        "month": rng.randint(1, 12),
        "volume": str(rng.randint(1, 80)),
        "issue": str(rng.randint(1, 12)),
        "pages": (first, first + rng.randint(1, 30)),
        "doi": f"10.{rng.randint(1000, 9999)}/bench.{n}",
        "pmid": str(30_000_000 + n),
        "abstract": _abstract(rng),
    }


def csl_items(n: int, seed: int = 14) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        w = _work(rng, i)
        kind = rng.choice(TYPES)
        authors = []
        for family, given in w["names"]:
            name: dict[str, Any] = {"family": family, "given": given}
            if rng.random() < 0.05:
                name["non-dropping-particle"] = rng.choice(PARTICLES)
            authors.append(name)
        if rng.random() < 0.03:
            authors.append({"literal": "Vitamin D Study Group, Ltd."})
        item: dict[str, Any] = {
            "id": f"item{i}" if i % 4 else "",
            "type": kind,
            "title": w["title"],
            "author": authors,
            "issued": {"date-parts": [[w["year"], w["month"]]]},
            "abstract": w["abstract"],
            "language": rng.choice(LANGUAGES),
            "keyword": ", ".join(rng.sample(WORDS, 4)),
        }
        if kind == "article-journal":
            item |= {
                "container-title": w["journal"],
                "container-title-short": w["abbrev"],
                "volume": w["volume"],
                "issue": w["issue"],
                "page": "{}-{}".format(*w["pages"]),
                "DOI": w["doi"],
                "PMID": w["pmid"],
                "ISSN": "0770-3198",
            }
        elif kind in ("book", "report", "thesis"):
            item |= {"publisher": "Springer & Sons", "publisher-place": "Berlin"}
            item |= {"ISBN": "978-3-16-148410-0"} if kind == "book" else {}
        elif kind in ("chapter", "paper-conference"):
            item |= {"container-title": f"Proceedings on {w['journal']}", "page": "1-20"}
            item["editor"] = [{"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)}]
        else:
            item |= {
                "URL": f"https://example.org/{i}?a=1&b=_{i}%20",
                "accessed": {"raw": "2024-05-01"},
            }
        items.append(item)
    return items


FRONT = (
    '{{\n    "title": "Bench page {p}: vitamin D and {topic}",\n    "slug": "bench-page-{p}",\n'
    '    "tiki_page_id": {id},\n    "date": "2022-03-28",\n    "tags": ["bench", "{topic}"]\n}}\n\n'
    "{{{{< toc >}}}}\n\n---\n"
)


def _wiki_study(w: dict[str, Any]) -> str:
    doi = w["doi"]
    first, last = w["pages"]
    byline = ", ".join(f"{g} {f} {k % 4 + 1}" for k, (f, g) in enumerate(w["names"]))
    month = MONTHS[w["month"] - 1]
    return (
        f"\n#### {w['title']}\n\n"
        f"{w['abbrev']}. {w['year']} {month};{w['volume']}({w['issue']}):{first}-{last}. "
        f"[doi: {doi}.](https://doi.org/{doi}.) Epub {w['year']} {month} 15.\n\n"
        f"{byline}\n\n"
        " **For age <40 years (similar for age >40 years)** \n\n"
        '<img src="https://example.org/attachments/chart.jpg" alt="image" width="800">\n\n'
        f"{w['abstract']}\n\n---\n"
    )


def wiki_pages(n: int, per_page: int, seed: int = 15) -> list[str]:
    """``n`` studies on pages of ``per_page`` studies each."""
    rng = random.Random(seed)
    pages = []
    for p in range(0, n, per_page):
        topic = rng.choice(WORDS)
        body = "".join(_wiki_study(_work(rng, i)) for i in range(p, min(n, p + per_page)))
        pages.append(FRONT.format(p=p, topic=topic, id=10000 + p) + body)
    return pages


def _ebsco_record(w: dict[str, Any]) -> str:
    first, last = w["pages"]
    authors = "\n".join(f"{f}, {g}" for f, g in w["names"])
    month = MONTHS[w["month"] - 1]
    return (
        f"Back to Search Start Over\n\n{w['title']}.\n\nAuthors :\n{authors}\nSource :\n"
        f"{w['journal']}. {month}{w['year']}, Vol. {w['volume']} Issue {w['issue']}, "
        f"p{first}-{last}. {last - first + 1}p.\nPublication Year :\n{w['year']}\n\n"
        f"Abstract\n\n{w['abstract']} [ABSTRACT FROM AUTHOR]\n\nDetails\n\n"
        "Language :\nEnglish\nISSN :\n07703198\n"
        f"Volume :\n{w['volume']}\nIssue :\n{w['issue']}\n"
        f"Database :\nAcademic Search Index\nJournal :\n{w['journal']}\n"
        f"Publication Type :\nAcademic Journal\nAccession number :\n{183285375 + w['n']}\n"
        f"Full Text :\nhttps://doi.org/{w['doi']}\n"
    )


def ebsco_files(n: int, per_file: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    records = [_ebsco_record(_work(rng, i)) for i in range(n)]
    return ["\n\n".join(records[i : i + per_file]) for i in range(0, n, per_file)]


def _pubmed_line(index: int, w: dict[str, Any]) -> str:
    first, last = w["pages"]
    authors = ", ".join(f"{f} {g[0]}" for f, g in w["names"][:6])
    month = MONTHS[w["month"] - 1]
    return (
        f"{index}. {authors}. {w['title']}. {w['abbrev']}. {w['year']} {month};"
        f"{w['volume']}({w['issue']}):{first}-{last}. doi: {w['doi']}. PMID: {w['pmid']}.\n"
    )


def pubmed_lists(n: int, per_file: int, seed: int = 17) -> list[str]:
    rng = random.Random(seed)
    lines = [_pubmed_line(i % per_file + 1, _work(rng, i)) for i in range(n)]
    return ["\n".join(lines[i : i + per_file]) for i in range(0, n, per_file)]


# Records per file in the "many small files" layout: a wiki page holds a handful of studies,
# an EBSCO export or PubMed list a few more.
PER_SMALL_FILE = {"wiki": 5, "ebsco": 10, "pubmed": 10}


def write_corpus(folder: Path, n: int) -> dict[str, Path]:
    """Every input format at size ``n``, as ``<format>.<ext>`` (one big file) and
    ``<format>-files/`` (many small ones). Returns the paths by input name."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    items = csl_items(n)
    out["csl-json"] = folder / "records.json"
    out["csl-json"].write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")
    makers = {
        "wiki": (wiki_pages, ".md"),
        "ebsco": (ebsco_files, ".txt"),
        "pubmed": (pubmed_lists, ".txt"),
    }
    for name, (make, suffix) in makers.items():
        big = make(n, n)
        out[name] = folder / f"{name}{suffix}"
        out[name].write_text(big[0], encoding="utf-8")
        small = folder / f"{name}-files"
        small.mkdir(exist_ok=True)
        for index, text in enumerate(make(n, PER_SMALL_FILE[name])):
            (small / f"{index:06d}{suffix}").write_text(text, encoding="utf-8")
        out[f"{name}-files"] = small
    return out
