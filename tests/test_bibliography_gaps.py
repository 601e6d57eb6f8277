"""Each known citeproc-py gap: what citeproc-py itself prints, and what citekit prints.

The ``raw`` helper renders with citeproc-py as it ships (its own formatters and its own
CSL-JSON reader). Each test first shows the gap there, then checks citekit's output, so a
citeproc-py release that closes a gap makes the test say so.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from citekit import Record
from citekit.bibliography import elements, render
from citekit.styles import resolve
from citekit.writers import ListOptions, html, text

LIANG = {
    "id": "liang2022effects",
    "type": "article-journal",
    "title": "Effects of vitamin D with or without calcium on pathological ossification: "
    "A retrospective clinical study",
    "author": [{"family": "Liang", "given": "Libin"}, {"family": "Tong", "given": "Tong"}],
    "container-title": "Exp Ther Med",
    "volume": "23",
    "issue": "4",
    "page": "285",
    "issued": {"date-parts": [[2022, 4]]},
    "DOI": "10.3892/etm.2022.11214",
}


def raw(
    items: list[dict[str, Any]], style: str, fmt: Any = formatter.plain, locale: str | None = None
) -> list[str]:
    """citeproc-py's own rendering of ``items`` (ids as given) in ``style``."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = CiteProcJSON(items)
        loaded = CitationStylesStyle(str(resolve(style).path), locale=locale, validate=False)
        bibliography = CitationStylesBibliography(loaded, source, fmt)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        return [str(entry) for entry in bibliography.bibliography()]


def lines(items: list[dict[str, Any]], style: str) -> list[str]:
    return text.write(
        [Record.from_csl(i) for i in items], ListOptions(style=style)
    ).text.splitlines()


def item(**changes: Any) -> dict[str, Any]:
    return {**LIANG, **changes}


# --- the gaps the issue names ---------------------------------------------------------------


def test_space_after_the_citation_number() -> None:
    assert raw([LIANG], "vancouver")[0].startswith("1.Liang L")
    assert lines([LIANG], "vancouver")[0].startswith("1. Liang L, Tong T.")
    assert raw([LIANG], "ieee")[0].startswith("[1]L. Liang")
    assert lines([LIANG], "ieee")[0].startswith("[1] L. Liang and T. Tong,")


def test_space_between_year_and_month() -> None:
    assert "2022Apr;23(4)" in raw([LIANG], "vancouver")[0]
    assert "Exp Ther Med. 2022 Apr;23(4):285." in lines([LIANG], "vancouver")[0]


def test_hyphenated_given_names() -> None:
    names = [{"family": "Kim", "given": "Ji-woo"}, {"family": "Picard", "given": "Jean-Luc"}]
    assert "Kim, J.-. woo ." in raw([item(author=names)], "apa")[0]
    assert lines([item(author=names)], "apa")[0].startswith("Kim, J.-W., & Picard, J.-L. (2022).")
    # initialize-with-hyphen="false" (NLM): one initial per part, no hyphen.
    assert lines([item(author=names)], "vancouver")[0].startswith("1. Kim JW, Picard JL.")


def test_ampersand_escaped_in_html() -> None:
    journal = item(**{"container-title": "Cell & Bioscience"})
    assert "Cell & Bioscience" in raw([journal], "apa", formatter.html)[0]
    out = html.write([Record.from_csl(journal)], ListOptions(style="apa")).text
    assert "<i>Cell &amp; Bioscience</i>" in out
    assert "& " not in out.replace("&amp; ", "")


def test_punctuation_inside_closing_quotes() -> None:
    assert "Clinical Study”." in raw([LIANG], "chicago-author-date")[0]
    assert "Retrospective Clinical Study.” Exp Ther Med" in lines([LIANG], "chicago-author-date")[0]
    # British usage (en-GB locale) keeps it outside.
    assert "Clinical Study’, Exp Ther Med" in lines([LIANG], "mhra-author-date-no-url")[0]


def test_dependent_styles_render_through_their_parent_and_locale() -> None:
    dependent = resolve("datenbank-spektrum")  # German journal using an English style
    assert dependent.requested.dependent and dependent.independent.id == "springer-basic-brackets"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        as_shipped = CitationStylesStyle(str(dependent.requested.path), validate=False)
    assert not as_shipped.has_bibliography()  # the dependent file alone has no formatting
    chapter = item(
        type="chapter",
        editor=[{"family": "Feldman", "given": "David"}, {"family": "Pike", "given": "J."}],
        edition="3",
        page="3-33",
    )
    assert "(Hrsg)" in lines([chapter], "datenbank-spektrum")[0]
    assert "3. Aufl." in lines([chapter], "datenbank-spektrum")[0]
    assert "(eds)" in lines([chapter], "springer-basic-brackets")[0]


def test_ids_differing_only_in_case_stay_two_entries() -> None:
    first = item(id="Smith2020", title="First")
    second = item(id="smith2020", title="Second")
    assert len(raw([first, second], "apa")) == 1  # citeproc-py lower-cases both ids
    entries = render([Record.from_csl(first), Record.from_csl(second)], "apa").entries
    assert [e.id for e in entries] == ["Smith2020", "smith2020"]


def test_keys_citeproc_py_does_not_know() -> None:
    epub = item(**{"available-date": {"date-parts": [[2022, 2, 15]]}, "PMID": "35340868"})
    with pytest.warns(UserWarning, match="available_date"):
        CiteProcJSON([epub])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = lines([epub], "pubmed")[0]
    assert out.endswith("doi: 10.3892/etm.2022.11214. Epub 2022 Feb 15. PMID: 35340868.")


# --- more gaps found while matching pandoc ------------------------------------------------


def test_group_with_only_a_term_is_suppressed() -> None:
    thesis = {
        "id": "nilsson2014",
        "type": "thesis",
        "title": "Vitamin D receptor polymorphisms",
        "author": [{"family": "Nilsson", "given": "Åsa"}],
        "genre": "PhD thesis",
        "publisher": "Karolinska Institutet",
        "issued": {"date-parts": [[2014]]},
    }
    assert "polymorphisms (Publication) [PhD thesis]." in raw([thesis], "apa")[0]
    expected = "Nilsson, Å. (2014). Vitamin D receptor polymorphisms [PhD thesis]. Karolinska"
    assert lines([thesis], "apa")[0].startswith(expected)


def test_substituted_title_is_not_repeated() -> None:
    anonymous = item(author=[])
    assert raw([anonymous], "apa")[0].count("Effects of vitamin D") == 2
    assert lines([anonymous], "apa")[0].count("Effects of vitamin D") == 1


def test_page_ranges_are_numeric() -> None:
    # A report: reference lists print where a report is archived (not so for articles).
    archived = item(
        type="report", page="869-886", archive="Academic Search Index", archive_location="18"
    )
    assert ", 869–86. Academic" in raw([archived], "chicago-author-date")[0]
    assert "18, pp. 869–86. Academic" in lines([archived], "chicago-author-date")[0]


@pytest.mark.parametrize(
    ("first", "last", "style", "expected"),
    [
        ("3", "33", "minimal", "33"),
        ("321", "328", "minimal", "8"),
        ("42", "45", "minimal-two", "45"),
        ("2787", "2816", "minimal-two", "816"),
        ("1199", "1205", "chicago-16", "205"),
        ("1496", "1504", "chicago-15", "1504"),
        ("101", "108", "chicago-16", "8"),
        ("71", "72", "chicago-16", "72"),
        ("e11", "e13", "chicago-16", "13"),
        ("e11", "e13", "expanded", "e13"),
        ("475", "82", "expanded", "482"),
    ],
)
def test_page_range_formats(first: str, last: str, style: str, expected: str) -> None:
    assert elements.format_page_range(first, last, style) == expected


# What citeproc-js 2.4 prints for each value (tests/js, probed with one cs:text per variable).
@pytest.mark.parametrize(
    ("value", "variable", "page_format", "expected"),
    [
        ("629-A13", "page", None, "629-A13"),  # different prefixes: not one range
        ("1P-262P", "page", "expanded", "1P-262P"),
        ("1678S-88S", "page", None, "1678S–88S"),
        ("1678S-88S", "page", "expanded", "1678S-88S"),  # upper-case suffix: not reformatted
        ("1678S–88S", "page", "expanded", "1678S-88S"),
        ("1080S-1086S", "page", None, "1080S-1086S"),
        ("S1080-6032(22)00139-9", "page", None, "S1080-6032(22)00139–9"),
        ("S1080-6032(22)00139-9", "page", "minimal", "S1080-6032(22)00139-9"),
        ("321-28", "page", None, "321–28"),  # no page-range-format: not expanded
        ("321-28", "page", "expanded", "321–328"),
        ("e11-e13", "page", None, "e11–e13"),
        ("e11-e13", "page", "minimal", "e11–3"),
        ("101-108", "page", "minimal-two", "101–08"),
        ("6-7 Suppl", "page", None, "6-7 Suppl"),
        ("1-2, 5-6", "page", None, "1–2, 5–6"),
        ("123 - 125", "page", None, "123–125"),
        ("5-6", "issue", "expanded", "5–6"),
        ("5–6", "issue", None, "5–6"),
        ("45-46", "volume", None, "45–46"),
        ("12-3", "volume", "expanded", "12–3"),  # page-range-format is for pages only
        ("iv-x", "volume", None, "iv–x"),
        ("1678S-88S", "volume", "expanded", "1678S-88S"),
        ("6-7 Suppl", "volume", None, "6-7 Suppl"),
        ("TR-2020-01", "number", None, "TR-2020-01"),  # opens with text: no range at all
    ],
)
def test_number_ranges_as_citeproc_js(
    value: str, variable: str, page_format: str | None, expected: str
) -> None:
    assert elements.number_ranges(value, variable, page_format, "\u2013", str) == expected


def test_volume_and_issue_ranges_are_dashed() -> None:
    issue = item(volume="31", issue="5-6", page="629-A13")
    assert "23(4), 285" not in raw([issue], "apa")[0]
    assert "31(5-6), 629–A13." in raw([issue], "apa")[0]
    assert "31(5–6), 629-A13." in lines([issue], "apa")[0]


def test_a_season_prints_in_the_months_place() -> None:
    # As citeproc-js prints it (tests/js): the season term, also where the style's month is
    # short (Vancouver) and en-US has no short season terms.
    winter = item(issued={"date-parts": [[2020]], "season": 4})
    assert "Exp Ther Med. 2020;23(4):285." in raw([winter], "vancouver")[0]
    assert "Exp Ther Med. 2020 Winter;23(4):285." in lines([winter], "vancouver")[0]
    assert "vol. 23, no. 4, p. 285, Winter 2020," in lines([winter], "ieee")[0]


DATE_ONLY = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"
 default-locale="en-US">
<info><title>Dates</title><id>dates</id><updated>2020-01-01T00:00:00+00:00</updated></info>
<citation><layout><text variable="title"/></layout></citation>
<bibliography><layout>
<date variable="issued"><date-part name="month" suffix=" "/><date-part name="day" suffix=", "/>
<date-part name="year"/></date>
</layout></bibliography></style>"""


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        # citeproc-js 2.4.63 (tests/js) with the same style.
        ([[2020, 9, 14], [2020, 9, 16]], "September 14–16, 2020"),
        ([[2020, 9, 14], [2020, 10, 2]], "September 14–October 2, 2020"),
        ([[2020, 9, 14], [2021, 1, 2]], "September 14, 2020–January 2, 2021"),
    ],
)
def test_a_date_range_drops_the_suffix_before_the_delimiter(
    parts: list[list[int]], expected: str, tmp_path: Any
) -> None:
    style = tmp_path / "dates.csl"
    style.write_text(DATE_ONLY, encoding="utf-8")
    record = Record.from_csl({"id": "a", "type": "book", "issued": {"date-parts": parts}})
    assert render([record], str(style)).entries[0].text == expected


def test_an_uncertain_date_prints_circa() -> None:
    # citeproc-js: "Liang, L., & Tong, T. (ca. 2022)", Chicago's "[2022?]" (is-uncertain-date).
    circa = item(issued={"date-parts": [[2022]], "circa": True})
    assert lines([circa], "apa")[0].startswith("Liang, L., & Tong, T. (ca. 2022).")
    assert lines([circa], "chicago-author-date")[0].startswith(
        "Liang, Libin, and Tong Tong. [2022?]."
    )


def test_a_substituted_variable_still_counts_in_conditions() -> None:
    # APA substitutes the editor for the missing container-author, then tests "editor" to
    # print the volume, pages and publisher; citeproc-js (tests/js) prints them.
    paper = item(
        type="paper-conference",
        editor=[{"family": "Smith", "given": "Anne"}],
        container_title="Proceedings of the 5th Symposium",
        volume="7",
        issue=None,
        page="12-19",
        publisher="Springer",
        DOI=None,
    )
    paper = {k.replace("_", "-"): v for k, v in paper.items() if v is not None}
    expected = "In A. Smith (Ed.), Proceedings of the 5th Symposium (Vol. 7, pp. 12–19). Springer."
    assert lines([paper], "apa")[0].endswith(expected)


def test_date_ranges_keep_the_style_order() -> None:
    spring = item(issued={"date-parts": [[2021, 3], [2021, 4]]})
    assert "Exp Ther Med. Mar–Apr2021;" in raw([spring], "vancouver")[0]
    assert "Exp Ther Med. 2021 Mar–Apr;23(4):285." in lines([spring], "vancouver")[0]


def test_sorting_folds_accents_and_ignores_punctuation() -> None:
    # Expected order: citeproc-js 2.4.63's reference list for these names (apa.csl).
    names = ["Zola", "Éclair", "Eagle", "O'Brien", "Obama", "La Fontaine", "Labrador"]
    items = [item(id=f"n{i}", author=[{"family": n, "given": "A"}]) for i, n in enumerate(names)]
    assert [e.split(",")[0] for e in raw(items, "apa")][-1] == "Éclair"
    order = [e.split(",")[0] for e in lines(items, "apa")]
    assert order == ["Eagle", "Éclair", "Labrador", "La Fontaine", "Obama", "O’Brien", "Zola"]


def test_year_suffixes_for_the_same_author_and_year() -> None:
    first = item(id="a", title="Beta study")
    second = item(id="b", title="Alpha study")
    assert all("(2022)." in entry for entry in raw([first, second], "apa"))
    out = lines([first, second], "apa")
    assert "(2022a). Alpha study." in out[0] and "(2022b). Beta study." in out[1]
    # Harvard prints no year-suffix variable: the letter goes after the first year.
    assert "(2022a)" in lines([first, second], "harvard-cite-them-right")[0]


def test_subsequent_author_substitute() -> None:
    first = item(id="a", title="Alpha study")
    second = item(id="b", title="Beta study", issued={"date-parts": [[2023]]})
    assert all(e.startswith("Liang") for e in raw([first, second], "mla"))
    out = lines([first, second], "mla")
    assert out[0].startswith("Liang, Libin, and Tong Tong.")
    assert out[1].startswith("———. “Beta Study.”")


def test_initialize_false_keeps_given_names() -> None:
    assert raw([LIANG], "chicago-author-date")[0].startswith("Liang, L., and T. Tong.")
    assert lines([LIANG], "chicago-author-date")[0].startswith("Liang, Libin, and Tong Tong.")


def test_name_formatting_belongs_to_each_name() -> None:
    # Biotropica sets small capitals on cs:name: the names, not "and" between them.
    out = lines([LIANG], "biotropica")[0]
    assert out.startswith("LIANG, L., and T. TONG.")


def test_typed_quotes_and_apostrophes() -> None:
    quoted = item(title="Crohn's disease and the 'sunshine' vitamin: is it \"real\"?")
    assert "Crohn's disease and the 'sunshine'" in raw([quoted], "apa")[0]
    assert (
        "Crohn’s disease and the “sunshine” vitamin: is it “real”? Exp" in lines([quoted], "apa")[0]
    )
    # Inside a quoted title the inner quotes alternate.
    assert (
        "“Crohn’s Disease and the ‘Sunshine’ Vitamin: Is It ‘Real’?” Exp"
        in lines([quoted], "chicago-author-date")[0]
    )


def test_title_case_keeps_acronyms_and_lowercase_markup() -> None:
    nocase = '<span class="nocase">iPSC</span>'
    title = item(title=f"Effects of <i>Lactobacillus</i> on BMD and the {nocase} of mice")
    out = lines([title], "chicago-author-date")[0]
    assert "“Effects of Lactobacillus on BMD and the iPSC of Mice.”" in out


def test_ordinals_follow_the_locale() -> None:
    chapter = item(type="chapter", edition="3", editor=[{"family": "Pike", "given": "J."}])
    assert "3rd Aufl." in raw([chapter], "springer-basic-brackets", locale="de-DE")[0]
    assert "3. Aufl." in lines([chapter], "datenbank-spektrum")[0]
    assert "3rd ed." in lines([chapter], "springer-basic-brackets")[0]


def test_a_record_citeproc_py_cannot_render_is_reported_and_the_rest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = elements._Text._variable

    def fails_on_one_title(self: Any, entry: Any, context: Any) -> Any:
        if self.get("variable") == "title" and "Broken" in str(entry.reference.get("title")):
            raise TypeError("simulated citeproc-py failure")
        return original(self, entry, context)

    monkeypatch.setattr(elements._Text, "_variable", fails_on_one_title)
    broken = Record.from_csl(
        item(id="broken", title="Broken", custom={"found_on": {"file": "page.md", "line": 7}})
    )
    bibliography = render([Record.from_csl(LIANG), broken], "apa")
    assert [e.id for e in bibliography.entries] == ["liang2022effects"]
    (problem,) = bibliography.diagnostics
    assert str(problem).startswith(
        "page.md:7: warning[not-rendered]: apa: broken: left out of the reference list"
    )
    assert "simulated citeproc-py failure" in problem.message


def test_citeproc_py_itself_is_not_patched() -> None:
    # citekit's classes come through its own lxml lookup; citeproc-py's stay as they were.
    assert raw([LIANG], "vancouver")[0].startswith("1.Liang")
    lines([LIANG], "vancouver")
    assert raw([LIANG], "vancouver")[0].startswith("1.Liang")
