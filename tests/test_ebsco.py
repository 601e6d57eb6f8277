"""EBSCO record features beyond the corpus: roles, labels, dates, diagnostics."""

from __future__ import annotations

from citekit.dates import parse_ebsco_date
from citekit.parsers import ebsco

FULL = """\
Back to Search Start Over

Handbook chapter on vitamin D.

Authors :
Hahn, Peter (AUTHOR)
Weber, Anna (EDITOR)
Source :
Vitamin D Handbook. 2019, Vol. 2 Issue 1, p10-20. 11p. Something odd
Publication Date :
20190301
Abstract

First paragraph of the abstract.

Second paragraph. [ABSTRACT FROM PUBLISHER] Copyright of Vitamin D Handbook is the
property of Example Press and its content may not be copied or emailed to multiple sites
without the copyright holder's express written permission. However, users may print,
download, or email articles for individual use.

Details

Publisher :
Berlin: Example Press
PMID :
31234567
URL :
https://example.org/handbook/ch1
Number of Pages :
11
Geographic Terms :
GERMANY
Mystery Field :
whatever
Document Type :
Book Chapter
"""


def _one(text: str):
    result = ebsco.parse(text, origin="rec.txt")
    assert len(result.records) == 1
    return result.records[0], result.diagnostics


def test_roles_labels_and_publisher_place():
    record, diagnostics = _one(FULL)
    assert record.type == "chapter"
    assert [n.display for n in record.author] == ["Hahn, Peter"]
    assert [n.display for n in record.editor] == ["Weber, Anna"]
    assert (record.publisher, record.publisher_place) == ("Example Press", "Berlin")
    assert record.PMID == "31234567"
    assert record.URL == "https://example.org/handbook/ch1"
    assert record.issued.date_parts == [[2019]]  # the Source date wins over Publication Date
    assert record.abstract == "First paragraph of the abstract. Second paragraph."
    messages = [d.message for d in diagnostics]
    assert "source line not fully read: 'Something odd'" in messages
    # a label citekit cannot map is reported, one it knows to be noise is not
    assert any("mystery field" in m for m in messages)
    assert not any("geographic" in m for m in messages)


def test_publication_date_used_when_source_has_none():
    text = FULL.replace("Vitamin D Handbook. 2019, Vol. 2", "Vitamin D Handbook. Vol. 2")
    record, _ = _one(text)
    assert record.issued.date_parts == [[2019, 3, 1]]


def test_record_without_title_or_source_still_comes_out():
    record, diagnostics = _one("Authors :\nHahn, Peter\nLanguage :\nGerman\nISSN :\n12345679\n")
    assert record.language == "de"
    assert {d.message for d in diagnostics} >= {"record has no title", "record has no Source line"}
    assert all(d.origin == "rec.txt" for d in diagnostics)


def test_corporate_authors_label_and_semicolon_lists():
    text = (
        "Report title.\n\nCorporate Authors :\nWorld Health Organization\n"
        "Authors :\nHahn, Peter; Weber, Anna\nSource :\nGeneva. 2020.\n"
        "Publication Type :\nReport\n"
    )
    record, _ = _one(text)
    assert record.type == "report"
    assert [n.display for n in record.author] == [
        "World Health Organization",
        "Hahn, Peter",
        "Weber, Anna",
    ]


def test_tight_labels_without_space_before_colon():
    text = "A title.\n\nAuthors: Hahn, Peter\nSource: Nutrients. 2021, Vol. 13 Issue 5, p1-12.\n"
    text += "Database: MEDLINE\nAccession Number: 33801234\n"
    record, _ = _one(text)
    assert record.container_title == "Nutrients"
    assert record.PMID == "33801234"


def test_dates():
    assert parse_ebsco_date("Fall/Winter2010") == {"date-parts": [[2010]], "season": 3}
    assert parse_ebsco_date("Mar 15, 2020") == {"date-parts": [[2020, 3, 15]]}
    assert parse_ebsco_date("2nd Quarter2019") == {"date-parts": [[2019]]}
    assert parse_ebsco_date("someday") is None


def test_eric_source_dates():
    out, _ = ebsco.parse_source("J Chem Educ, v47 n1 p1-26 Winter 2017")
    assert out["issued"] == {"date-parts": [[2017]], "season": 4}
    out, _ = ebsco.parse_source("J Chem Educ, v47 n1 p1-26 Mar 2017")
    assert out["issued"] == {"date-parts": [[2017, 3]]}


def test_unparseable_source_keeps_the_text_as_container():
    out, leftover = ebsco.parse_source("Proceedings of something")
    assert out == {"container-title": "Proceedings of something"} and leftover == ""


def test_not_an_ebsco_record():
    assert not ebsco.matches("Source : somewhere\nnothing else")
    result = ebsco.parse("", origin="empty.txt")
    assert result.records == []
    assert [d.severity for d in result.diagnostics] == ["error"]


def test_role_words_after_a_comma_are_roles_not_names():
    # EBSCO's library catalogues write the role after the name: "Galway, Elizabeth A., author".
    text = FULL.replace(
        "Hahn, Peter (AUTHOR)\nWeber, Anna (EDITOR)",
        "Galway, Elizabeth A., author; Weber, Anna, editor",
    )
    record, _ = _one(text)
    assert [(n.family, n.given) for n in record.author] == [("Galway", "Elizabeth A.")]
    assert [(n.family, n.given) for n in record.editor] == [("Weber", "Anna")]
