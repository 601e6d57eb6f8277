"""Crossref's work message (and content negotiation's CSL-JSON) → record fields."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citekit.enrich.crossref import (
    CROSSREF_TO_CSL_TYPE,
    CSL_TYPES,
    from_crossref,
    from_csl,
    person,
    plain_text,
)
from citekit.record import Date, Name, Record
from tests.enrich.conftest import SEED_DOIS, fixture_message


def test_every_type_in_the_table_is_a_csl_type():
    assert set(CROSSREF_TO_CSL_TYPE.values()) <= CSL_TYPES


@pytest.mark.parametrize(
    ("crossref", "csl"),
    [
        ("journal-article", "article-journal"),
        ("book-chapter", "chapter"),
        ("proceedings-article", "paper-conference"),
        ("posted-content", "article"),
        ("dissertation", "thesis"),
        ("reference-entry", "entry"),
        ("a-type-from-the-future", "document"),
    ],
)
def test_types(crossref: str, csl: str):
    assert from_crossref({"type": crossref}).fields["type"] == csl


def test_seed_fixture_maps_to_a_valid_record():
    found = from_crossref(fixture_message(SEED_DOIS[0])["message"])
    fields = found.fields
    assert fields["container_title"] == "Experimental and Therapeutic Medicine"
    assert fields["container_title_short"] == "Exp Ther Med"
    # print date → issued; the earlier online date → available-date.
    assert fields["issued"] == Date(date_parts=[[2022, 4]])
    assert fields["available_date"] == Date(date_parts=[[2022, 2, 15]])
    # issn-type lists electronic first here; print comes first in the record.
    assert fields["ISSN"] == "1792-0981, 1792-1015"
    assert fields["page"] == "285"  # the article number, as there is no page range
    assert fields["abstract"].startswith("Vitamin D protects") and "<" not in fields["abstract"]
    assert "URL" not in fields  # a doi.org link says nothing the DOI does not
    assert found.years == {2022}
    Record(**fields)


def test_online_only_work_has_no_separate_available_date():
    found = from_crossref(
        {
            "published-online": {"date-parts": [[2021, 6, 1]]},
            "issued": {"date-parts": [[2021, 6, 1]]},
        }
    )
    assert found.fields["issued"] == Date(date_parts=[[2021, 6, 1]])
    assert "available_date" not in found.fields


def test_page_range_wins_over_article_number_and_is_written_out():
    found = from_crossref({"page": "1199-205", "article-number": "e11"})
    assert found.fields["page"] == "1199-1205"
    assert found.pages == ("1199-1205", "e11")


def test_title_and_subtitle():
    found = from_crossref({"title": ["Vitamin D"], "subtitle": ["a review"]})
    assert found.fields["title"] == "Vitamin D: a review"
    assert found.titles == ("Vitamin D: a review", "Vitamin D")
    asked = from_crossref({"title": ["Does it work?"], "subtitle": ["A trial"]})
    assert asked.fields["title"] == "Does it work? A trial"
    repeated = from_crossref({"title": ["Vitamin D: a review"], "subtitle": ["A review"]})
    assert repeated.fields["title"] == "Vitamin D: a review"


def test_markup_is_stripped_from_titles_and_abstracts():
    found = from_crossref(
        {
            "title": ["Effects of <i>vitamin D</i><sub>3</sub> on H<sub>2</sub>O &amp; salt"],
            "abstract": "<jats:title>Abstract</jats:title><jats:sec><jats:title>Background"
            "</jats:title><jats:p>Levels fell (P&lt;0.001).</jats:p></jats:sec>"
            "<jats:p>Second <jats:italic>paragraph</jats:italic>.</jats:p>",
        }
    )
    assert found.fields["title"] == "Effects of vitamin D3 on H2O & salt"
    assert found.fields["abstract"] == "Background Levels fell (P<0.001). Second paragraph."


def test_text_is_made_safe():
    assert plain_text("Bell\x07 and\x00 null\r\nline") == "Bell and null line"
    assert plain_text("<script>alert(1)</script>Title") == "alert(1)Title"
    assert plain_text(None) is None and plain_text({"a": 1}) is None and plain_text(12) == "12"


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ({"family": "SMITH", "given": "JOHN R."}, Name(family="Smith", given="John R.")),
        ({"family": "O'BRIEN", "given": "J. R."}, Name(family="O'Brien", given="J. R.")),
        ({"family": "MCDONALD", "given": "MARY-ANN"}, Name(family="McDonald", given="Mary-Ann")),
        ({"family": "McDonald", "given": "Mary"}, Name(family="McDonald", given="Mary")),
        ({"family": "Liang", "given": "LIBIN"}, Name(family="Liang", given="Libin")),
        ({"family": "Liang", "given": "LB"}, Name(family="Liang", given="LB")),
        ({"name": "WHO Study Group"}, Name(literal="WHO Study Group")),
        ({"family": "", "given": ""}, None),
        ("not a name", None),
    ],
)
def test_names(raw, name):
    assert person(raw) == name


def test_malformed_values_are_skipped_not_fatal():
    found = from_crossref(
        {
            "type": 7,
            "title": "A bare string title",
            "volume": 12,
            "author": "nobody",
            "editor": [{"family": "Ok"}, 5, None],
            "issued": {"date-parts": [[None]]},
            "published-print": {"date-parts": [[2020, 13, 1]]},
            "ISSN": "12345678",
            "issn-type": [{"value": "1234-5678", "type": ["print"]}, {"type": "print"}],
            "container-title": [None, "", "Journal"],
        }
    )
    fields = found.fields
    assert fields["title"] == "A bare string title"
    assert fields["volume"] == "12"
    assert "author" not in fields and fields["editor"] == [Name(family="Ok")]
    assert fields["issued"] == Date(date_parts=[[2020]])  # month 13 is no month
    assert fields["ISSN"] == "1234-5678"
    assert fields["container_title"] == "Journal"
    assert "type" not in fields
    Record(**fields)


def test_csl_from_content_negotiation():
    found = from_csl(
        {
            "type": "dataset",
            "title": "Trial data <b>v2</b>",
            "author": [{"family": "DOE", "given": "JANE"}, {"literal": "The Trial Group"}],
            "issued": {"date-parts": [["2021", "5"]]},
            "ISSN": ["12345678", "8765-4321"],
            "URL": "https://zenodo.org/record/1",
            "container-title": ["Zenodo"],
            "journalAbbreviation": "Zen",
            "unknown-key": {"x": 1},
        }
    )
    fields = found.fields
    assert fields["type"] == "dataset" and fields["title"] == "Trial data v2"
    assert fields["author"] == [Name(family="Doe", given="Jane"), Name(literal="The Trial Group")]
    assert fields["issued"] == Date(date_parts=[[2021, 5]])
    assert fields["ISSN"] == "1234-5678, 8765-4321"
    assert fields["URL"] == "https://zenodo.org/record/1"
    assert fields["container_title_short"] == "Zen"
    Record(**fields)
    assert from_csl({"type": "journal-article"}).fields["type"] == "article-journal"
    assert from_csl({"URL": "https://doi.org/10.1/x"}).fields.get("URL") is None


# Nested keys the mapper reads, so that generated values reach its inner branches.
INNER = st.sampled_from(["value", "type", "family", "given", "name", "literal", "date-parts"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(INNER | st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(
    [
        "type", "title", "subtitle", "author", "editor", "container-title",
        "short-container-title", "volume", "issue", "page", "article-number", "issued",
        "published-print", "published-online", "ISSN", "issn-type", "ISBN", "abstract",
        "language", "DOI", "publisher", "URL", "journalAbbreviation", "original-title",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(KEYS, JSON, max_size=8))
def test_any_json_maps_to_a_valid_record_or_nothing(message):
    for found in (from_crossref(message), from_csl(message)):
        record = Record(**found.fields)
        assert Record.from_csl(record.csl()) == record
