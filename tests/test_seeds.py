"""The acceptance facts of the two seed documents, field by field."""

from __future__ import annotations

import re

import pytest

from citekit import parse
from tests.conftest import seed


@pytest.fixture(scope="module")
def wiki():
    path = seed("000")
    result = parse(path.read_text(encoding="utf-8"), origin=path.name)
    assert result.diagnostics == []
    assert len(result.records) == 1
    return result.records[0]


@pytest.fixture(scope="module")
def ebsco():
    path = seed("004")
    result = parse(path.read_text(encoding="utf-8"), origin=path.name)
    assert result.diagnostics == []
    assert len(result.records) == 1
    return result.records[0]


def test_wiki_seed_fields(wiki):
    assert wiki.type == "article-journal"
    assert wiki.title == (
        "Effects of vitamin D with or without calcium on pathological ossification: "
        "A retrospective clinical study"
    )
    assert wiki.container_title_short == "Exp Ther Med"
    assert wiki.issued.date_parts == [[2022, 4]]
    assert wiki.available_date.date_parts == [[2022, 2, 15]]
    assert (wiki.volume, wiki.issue, wiki.page) == ("23", "4", "285")
    assert wiki.DOI == "10.3892/etm.2022.11214"


def test_wiki_seed_authors(wiki):
    names = [n.display for n in wiki.author]
    assert len(names) == 10
    assert names[0] == "Liang, Libin"
    assert names[-1] == "Tong, Xinglong"
    assert names[1] == "Tong, Tong"
    assert not any(re.search(r"\d", n) for n in names)


def test_wiki_seed_abstract(wiki):
    abstract = wiki.abstract
    assert abstract.startswith("Vitamin D protects against")
    assert abstract.endswith("exogenous calcium supplementation.")
    assert "*" not in abstract
    # the bullets are joined into the sentence that introduces them
    assert "among who, 1,725 were included in the vitamin D alone group and 1,240 in" in abstract
    # the bold markup is gone and leaves no stray space before the comma
    assert "once every 7-10 days, 4-6 times" in abstract
    # wiki commentary, pictures and the PDF link are not abstract text
    assert "For age <40" not in abstract
    assert "Download" not in abstract and "<img" not in abstract


def test_wiki_seed_keeps_page_identity(wiki):
    (found,) = wiki.custom.found_on
    assert found.tiki_page_id == 13438
    assert found.slug.startswith("several-rheumatic-diseases")
    assert found.page_date == "2022-03-28"
    assert found.page_title.startswith("Several rheumatic diseases")
    assert found.line == 45
    assert wiki.custom.pdf == [
        "https://d1bk1kqxc0sym.cloudfront.net/attachments/pdf/"
        "pathological-ossification-high-dose-d-and-ca.pdf"
    ]


def test_ebsco_seed_fields(ebsco):
    assert ebsco.type == "article-journal"
    assert ebsco.title == (
        "Ectopic calcifications in the musculoskeletal field: the basis for preventive "
        "and curative pharmacological strategies"
    )
    assert [(n.family, n.given) for n in ebsco.author] == [
        ("Milovanovic", "Petar"),
        ("Savic", "Ivana"),
        ("Popovic", "Ana"),
        ("Grajic", "Mirko"),
    ]
    assert ebsco.container_title == "Clinical Rheumatology"
    assert ebsco.issued.date_parts == [[2025, 3]]
    assert (ebsco.volume, ebsco.issue, ebsco.page) == ("44", "3", "869-886")
    assert ebsco.number_of_pages == "18"
    assert ebsco.ISSN == "0770-3198"
    assert ebsco.DOI == "10.1007/s10067-025-07335-w"
    assert ebsco.language == "en"
    # Zotero's EBSCOhost translator: the database is the Library Catalog, the accession
    # number the Call Number (Archive stays empty).
    assert (ebsco.source, ebsco.call_number) == ("Academic Search Index", "183285375")
    assert ebsco.archive is None and ebsco.archive_location is None


def test_ebsco_seed_abstract(ebsco):
    assert ebsco.abstract.startswith("Ectopic calcifications occur in tendons")
    assert ebsco.abstract.endswith("such as magnesium and zinc.")
    assert "[ABSTRACT FROM AUTHOR]" not in ebsco.abstract
