"""The merge policy: parsed wins, gaps are filled, provenance is kept, conflicts are named."""

from __future__ import annotations

import pytest

from citekit.enrich.crossref import Found, from_crossref
from citekit.enrich.merge import merge, title_score, titles_agree
from citekit.record import Date, Name, Record

PARSED = Record(
    title="Effects of vitamin D with or without calcium on pathological ossification",
    author=[Name(family="Liang", given="Libin")],
    container_title_short="Exp Ther Med",
    volume="23",
    issue="4",
    page="285",
    issued=Date(date_parts=[[2022, 4]]),
    DOI="10.3892/etm.2022.11214",
)


def crossref(**message) -> Found:
    base = {
        "type": "journal-article",
        "title": ["Effects of vitamin D with or without calcium on pathological ossification"],
        "author": [{"given": "Libin", "family": "Liang"}],
        "container-title": ["Experimental and Therapeutic Medicine"],
        "short-container-title": ["Exp. Ther. Med."],
        "volume": "23",
        "issue": "4",
        "article-number": "285",
        "published-print": {"date-parts": [[2022, 4]]},
        "published-online": {"date-parts": [[2022, 2, 15]]},
        "publisher": "Spandidos",
    }
    base.update(message)
    return from_crossref(base)


def test_parsed_values_stay_and_gaps_are_filled():
    merged = merge(PARSED, crossref(), source="crossref")
    record = merged.record
    assert record.container_title == "Experimental and Therapeutic Medicine"
    assert record.container_title_short == "Exp Ther Med"  # parsed, though Crossref differs
    assert record.available_date == Date(date_parts=[[2022, 2, 15]])
    assert set(merged.gained) == {"container-title", "available-date", "publisher"}
    assert merged.gained["available-date"] == {"date-parts": [[2022, 2, 15]]}
    assert merged.replaced == {} and merged.conflicts == []
    provenance = record.custom.provenance
    assert provenance["container-title"] == "crossref"
    assert provenance["container-title-short"] == "parsed"
    # Every field with a value says where it came from.
    assert set(provenance) == set(record.csl()) - {"id", "custom"}


def test_prefer_crossref_replaces_differing_values_only():
    merged = merge(PARSED, crossref(), source="crossref", prefer="crossref")
    assert merged.record.container_title_short == "Exp. Ther. Med."
    assert merged.replaced == {
        "container-title-short": {"parsed": "Exp Ther Med", "crossref": "Exp. Ther. Med."}
    }
    assert merged.record.custom.provenance["volume"] == "parsed"  # the same value: not replaced


def test_unknown_prefer_is_refused():
    with pytest.raises(ValueError, match="parsed, crossref"):
        merge(PARSED, crossref(), source="crossref", prefer="newest")


@pytest.mark.parametrize(
    ("message", "field", "parsed", "found"),
    [
        ({"volume": "24"}, "volume", "23", "24"),
        ({"issue": "5"}, "issue", "4", "5"),
        (
            {"published-print": {"date-parts": [[2019]]}, "published-online": None},
            "year",
            "2022",
            "2019",
        ),
        ({"page": "100-110", "article-number": None}, "page", "285", "100-110"),
        (
            {"author": [{"given": "Tong", "family": "Tong"}]},
            "first author",
            "Liang, Libin",
            "Tong, Tong",
        ),
        (
            {"title": ["Effects of vitamin D without calcium on ossification in rats"]},
            "title",
            PARSED.title,
            "Effects of vitamin D without calcium on ossification in rats",
        ),
    ],
)
def test_each_checked_field_reports_a_conflict(message, field, parsed, found):
    merged = merge(PARSED, crossref(**message), source="crossref")
    assert [(c.field, c.parsed, c.found, c.kept) for c in merged.conflicts] == [
        (field, parsed, found, "parsed")
    ]


def test_formatting_differences_are_not_conflicts():
    record = PARSED.model_copy(
        update={
            "title": "EFFECTS OF VITAMIN D, WITH OR WITHOUT CALCIUM, ON PATHOLOGICAL OSSIFICATION."
        }
    )
    assert merge(record, crossref(), source="crossref").conflicts == []
    # Online a year before print: either year is the work's year.
    online_first = crossref(
        **{
            "published-print": {"date-parts": [[2023, 1]]},
            "published-online": {"date-parts": [[2022, 12, 20]]},
        }
    )
    assert merge(PARSED, online_first, source="crossref").conflicts == []
    # A first page alone agrees with the range that starts there.
    first_page = PARSED.model_copy(update={"page": "869"})
    assert merge(first_page, crossref(page="869-886"), source="crossref").conflicts == []


def test_accents_and_hyphens_in_the_first_author_are_not_conflicts():
    record = PARSED.model_copy(update={"author": [Name(family="Müller-Lüdenscheidt", given="A")]})
    found = crossref(author=[{"family": "Muller Ludenscheidt", "given": "A."}])
    assert merge(record, found, source="crossref").conflicts == []


def test_a_title_without_its_subtitle_agrees():
    assert titles_agree("Ectopic calcifications", "Ectopic calcifications: the basis for drugs")
    assert not titles_agree("Ectopic", "Ectopic calcifications: the basis for drugs")


def test_title_score_separates_typos_from_other_works():
    title = "Effects of vitamin D with or without calcium on pathological ossification"
    assert title_score(title, [title.replace("ossification", "ossificaton")]) > 0.9
    other = "Magnesium intake and depression in adults: a cross-sectional study"
    assert title_score(title, [other]) < 0.5
    # The best of the source's titles counts (e.g. the original-language one).
    assert title_score(title, [other, title.upper()]) == 1.0


def test_a_source_value_holds_the_model_invariants_like_a_parsed_one():
    found = Found({"DOI": "https://doi.org/10.3892/ETM.2022.11214."})
    merged = merge(PARSED, found, source="doi.org", prefer="crossref")
    assert merged.record.DOI == "10.3892/ETM.2022.11214"  # bare, its case the source's
