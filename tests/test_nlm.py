"""The NLM grammar's parts one by one, and the layout rules around a source line."""

from __future__ import annotations

import pytest

from citekit.dates import parse_date
from citekit.names import parse_authors
from citekit.parsers import wiki
from citekit.parsers.grammar.layout import read_studies
from citekit.parsers.grammar.markdown import read_lines
from citekit.parsers.grammar.nlm import find_source


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2022 Apr 5-11", {"date-parts": [[2022, 4, 5], [2022, 4, 11]]}),
        ("2020 Dec-2021 Jan", {"date-parts": [[2020, 12], [2021, 1]]}),
        ("2020 Fall-Winter", {"date-parts": [[2020]], "season": 3}),
        ("2019 Jan-Jan", {"date-parts": [[2019, 1]]}),
        ("2019 Jan-Xyz", {"date-parts": [[2019, 1]]}),
        ("sometime", None),
    ],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "In 2019. we did things",  # a year but nothing of a source around it
        "See doi. 2020;1:2.",  # "doi" cannot be a journal
        "http://x. 2020;1:2.",
    ],
)
def test_not_a_source(text):
    assert find_source(text) is None


def test_source_parts():
    source = find_source(
        "Am J Cardiol. 2021 Apr 15;145:1-9. pii: S0002-9149(21)00123-4. "
        "doi: 10.1016/j.amjcard.2021.01.001. Epub 2021 Jan 20. PMID: 33454343."
    )
    assert source.csl() == {
        "container-title-short": "Am J Cardiol",
        "issued": {"date-parts": [[2021, 4, 15]]},
        "volume": "145",
        "page": "1-9",
        "DOI": "10.1016/j.amjcard.2021.01.001",
        "available-date": {"date-parts": [[2021, 1, 20]]},
        "PMID": "33454343",
    }
    assert source.pii == "S0002-9149(21)00123-4"


def test_author_line_rejects_prose_and_accepts_markers():
    assert parse_authors("We studied 40 patients. Results were good.") is None
    assert parse_authors("vitamin d and bones") is None
    assert parse_authors("Ana Popović¹, Jörg Müller²*, Li Wei†") == [
        {"family": "Popović", "given": "Ana"},
        {"family": "Müller", "given": "Jörg"},
        {"family": "Wei", "given": "Li"},
    ]


PAGE = """\
{"title": "Page", "slug": "page", "tiki_page_id": 7, "date": "2020-01-01"}

#### A heading title

Nutrients. 2020 Jan;12(1):10. doi: 10.3390/nu12010010.

Ana Popović 1, Li Wei 2

Keywords: vitamin D; bone; muscle.

The first abstract sentence.

<img src="pic.png">

Wiki commentary after the picture.

#### Second title

BMJ. 2019;364:l123.

Li Wei

Abstract

Text of the second abstract.

---

Commentary after the rule.
"""


def test_page_layout_rules():
    result = wiki.parse(PAGE, origin="page.md")
    first, second = result.records
    assert first.keyword == "vitamin D, bone, muscle"
    assert first.abstract == "The first abstract sentence."
    assert [f.tiki_page_id for f in first.custom.found_on] == [7]
    assert second.title == "Second title"
    assert second.page == "l123"
    assert second.abstract == "Text of the second abstract."
    assert result.diagnostics == []


@pytest.mark.parametrize(
    "text",
    [
        "---\n{not json}\n---\n\nBody",
        '{"title": "x",}\n\nBody',
        "[1, 2]\n",
        ";;;\n[1]\n;;;\nBody",
    ],
)
def test_broken_front_matter_is_not_a_wiki_page(text):
    assert not wiki.matches(text)
    result = wiki.parse(text, origin="broken.md")
    assert result.records == []
    assert any("no citation" in d.message for d in result.diagnostics)


def test_summary_line_with_title_only_prefix():
    lines = read_lines("A study of things. Nutrients. 2020 Jan;12(1):10.")
    (study,) = read_studies(lines)
    assert study.title == "A study of things"
    assert study.authors == []
