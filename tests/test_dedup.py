"""The dedup stage: one work, one record, every place it was found kept, each merge reported.

Every expectation here is written from the rules in ``citekit/dedup.py``'s docstring.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from citekit import Record, merge_duplicates


def place(file: str, line: int, **page: Any) -> dict[str, Any]:
    return {"file": file, "line": line, **page}


def rec(
    title: str = "Vitamin D and falls in older adults",
    *,
    authors: tuple[str, ...] = ("Smith", "Jones"),
    year: int | None = 2012,
    found: dict[str, Any] | None = None,
    custom: dict[str, Any] | None = None,
    **fields: Any,
) -> Record:
    data: dict[str, Any] = {"type": "article-journal", "title": title, **fields}
    data["author"] = [{"family": family, "given": "A."} for family in authors]
    if year:
        data["issued"] = {"date-parts": [[year]]}
    data["custom"] = {**(custom or {}), "found_on": [found] if found else []}
    return Record.from_csl(data)


def files(record: Record) -> list[str | None]:
    return [p.file for p in record.custom.found_on]


# -- what counts as the same work ---------------------------------------------------------


def test_same_doi_in_another_case_on_two_pages_is_one_record_with_both_pages_fields() -> None:
    first = rec(
        DOI="10.1016/J.JSBMB.2012.05",
        volume="5",
        found=place("page.md", 12, page_title="Falls"),
        custom={"pdf": ["https://example.org/a.pdf"]},
    )
    second = rec(
        DOI="10.1016/j.jsbmb.2012.05",
        authors=("Smith", "Jones", "Brown"),
        abstract="Falls fell.",
        PMID="22334455",
        PMCID="PMC3334455",
        page="101-109",
        found=place("other.md", 40, page_title="Winter"),
        custom={"pdf": ["https://example.org/a.pdf", "https://example.org/b.pdf"]},
    )
    [merged], [note] = merge_duplicates([first, second])
    assert files(merged) == ["page.md", "other.md"]
    # The first page's values stay; what only the second page gives is added.
    assert merged.DOI == "10.1016/J.JSBMB.2012.05"
    assert (merged.volume, merged.abstract, merged.PMID) == ("5", "Falls fell.", "22334455")
    assert (merged.PMCID, merged.page) == ("PMC3334455", "101-109")
    # A longer author list does not replace one the first record already has.
    assert [a.family for a in merged.author] == ["Smith", "Jones"]
    assert merged.custom.pdf == ["https://example.org/a.pdf", "https://example.org/b.pdf"]
    assert str(note) == (
        "page.md:12: note[merged]: same work as other.md:40 (doi 10.1016/J.JSBMB.2012.05); "
        "written once"
    )


def test_a_doi_on_one_and_a_pmid_on_another_are_linked_by_a_third_carrying_both() -> None:
    by_doi = rec(DOI="10.1000/x1", found=place("a.md", 1))
    unrelated = rec("Calcium and the heart", DOI="10.1000/other3", found=place("a.md", 9))
    by_pmid = rec(PMID="123", found=place("b.md", 2), title="Different words entirely")
    both = rec(DOI="10.1000/X1", PMID="123", found=place("c.md", 3), year=None, authors=())
    records, [note] = merge_duplicates([by_doi, unrelated, by_pmid, both])
    assert [files(r) for r in records] == [["a.md", "b.md", "c.md"], ["a.md"]]
    assert note.origin == "a.md" and note.line == 1
    assert "same work as b.md:2, c.md:3 (doi 10.1000/x1, pmid 123)" in note.message


@pytest.mark.parametrize("later_year", [2011, 2012, 2013])
def test_same_title_year_within_one_and_a_shared_family_name_are_one_work(later_year) -> None:
    first = rec("Vitamin D and Falls: a Trial", authors=("Müller", "Jones"), found=place("a.md", 1))
    second = rec(
        "vitamin d and falls — a trial.",
        authors=("Muller",),
        year=later_year,
        volume="7",
        found=place("b.md", 5),
    )
    [merged], [note] = merge_duplicates([first, second])
    assert files(merged) == ["a.md", "b.md"]
    assert merged.volume == "7" and merged.year == 2012
    assert "same title, year and author" in note.message


@pytest.mark.parametrize(
    ("title", "authors", "year"),
    [
        ("Vitamin D and falls in older adults", ("Brown", "White"), 2012),  # other authors
        ("Vitamin D and falls in older adults", ("Smith",), 2014),  # two years apart
        ("Vitamin D and falls in younger adults", ("Smith",), 2012),  # another title
        ("Vitamin D and falls in older adults", (), 2012),  # no authors to share
        ("Vitamin D and falls in older adults", ("Smith",), None),  # no year to compare
    ],
)
def test_a_title_alone_is_not_enough(title, authors, year) -> None:
    records = [rec(found=place("a.md", 1)), rec(title, authors=authors, year=year)]
    merged, notes = merge_duplicates(records)
    assert merged == records and notes == []


def test_a_doi_cut_short_links_nothing() -> None:
    # "10.1016/j.jsbmb.2012.05" broken at the first period names Elsevier, not a work.
    records = [rec("Stones", DOI="10.1016/j"), rec("Melanoma", DOI="10.1016/J", year=2001)]
    assert merge_duplicates(records) == (records, [])


def test_the_same_title_under_two_different_dois_is_two_works() -> None:
    records = [rec(DOI="10.1000/abstract4"), rec(DOI="10.1000/article5")]
    assert merge_duplicates(records) == (records, [])


# -- how the records are merged -----------------------------------------------------------


def test_values_that_disagree_still_merge_by_doi_the_first_wins_and_it_is_said() -> None:
    first = rec(DOI="10.1000/x1", volume="5", found=place("a.md", 12))
    second = rec(DOI="10.1000/x1", year=2015, volume="6", found=place("b.md", 40))
    [merged], [note] = merge_duplicates([first, second])
    assert (merged.year, merged.volume) == (2012, "5")
    assert note.severity == "warning"
    assert "year 2012 over 2015 (b.md:40)" in note.message
    assert "volume 5 over 6 (b.md:40)" in note.message


def test_a_work_that_is_a_study_anywhere_is_a_study() -> None:
    cited = {"reference_of": "doi:10.9/review"}
    reference = rec(DOI="10.1000/x1", custom=cited, found=place("review.md", 80))
    study = rec(DOI="10.1000/x1", found=place("study.md", 3))
    [merged], _ = merge_duplicates([reference, study])
    assert merged.custom.reference_of == []
    assert files(merged) == ["review.md", "study.md"]
    [both], _ = merge_duplicates([reference, rec(DOI="10.1000/X1", custom=cited)])
    assert both.custom.reference_of == ["doi:10.9/review"]


def test_places_are_kept_in_input_order_without_repeats() -> None:
    a, b = place("a.md", 1), place("b.md", 2)
    records = [
        rec(DOI="10.1000/x1", found=a),
        rec("Another work", DOI="10.1000/y2", found=b),
        rec(DOI="10.1000/x1", found=b),
        rec(DOI="10.1000/x1", found=a),  # the same place read again (the same file given twice)
    ]
    merged, notes = merge_duplicates(records)
    assert [files(r) for r in merged] == [["a.md", "b.md"], ["b.md"]]
    assert len(notes) == 1


def test_a_record_that_adds_no_place_is_named_by_its_number_and_id() -> None:
    # A CSL-JSON copy of a page's record carries that page's place, not its own file's.
    page = rec(DOI="10.1000/x1", found=place("page.md", 12))
    copy = page.model_copy(update={"id": "smith2012vitamin"})
    [merged, _], [note] = merge_duplicates([page, rec("Other", DOI="10.1000/y2"), copy])
    assert files(merged) == ["page.md"]
    assert str(note) == (
        'page.md:12: note[merged]: same work as record 3 ("smith2012vitamin") (doi 10.1000/x1); '
        "written once"
    )


def test_records_without_duplicates_come_back_unchanged() -> None:
    records = [rec(DOI=f"10.1000/{n}", title=f"Work {n}") for n in range(5)]
    merged, notes = merge_duplicates(records)
    assert merged == records and all(a is b for a, b in zip(merged, records, strict=True))
    assert notes == []


def test_many_records_with_repeats_merge_to_one_record_per_work() -> None:
    """Speed is measured by ``bench/dedup_speed.py``; this checks the same shape of input
    merges correctly: 2,500 works, 500 of them found a second time."""
    rng = random.Random(12)
    works = [
        rec(
            f"Study {n} of vitamin D {rng.choice(['bone', 'muscle', 'heart'])}",
            authors=(f"Author{n % 400}", "Smith"),
            year=1990 + n % 35,
            DOI=f"10.1000/work.{n}" if n % 3 else None,
            PMID=str(30000000 + n) if n % 2 else None,
            found=place(f"page{n % 700}.md", n),
        )
        for n in range(2500)
    ]
    records = works + [
        work.model_copy(update={"custom": rec(found=place("repeat.md", i)).custom})
        for i, work in enumerate(rng.sample(works, 500))
    ]
    merged, notes = merge_duplicates(records)
    assert len(merged) == 2500 and len(notes) == 500


def test_a_title_match_never_joins_two_works_with_different_dois_through_a_third() -> None:
    # A and C carry different DOIs; B (no DOI) matches both on title: B may join one of
    # them, but A and C must stay two works, each with its own DOI.
    a = rec(DOI="10.1000/first.1", found=place("a.md", 1))
    b = rec(found=place("b.md", 2))
    c = rec(DOI="10.1000/second.2", found=place("c.md", 3))
    merged, _ = merge_duplicates([a, b, c])
    assert sorted(r.DOI for r in merged if r.DOI) == ["10.1000/first.1", "10.1000/second.2"]
    assert len(merged) == 2
