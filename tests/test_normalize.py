"""The shared repairs: DOI, names, pages, ISSN, language."""

from __future__ import annotations

import pytest

from citekit.names import parse_person, strip_markers
from citekit.normalize import (
    clean_doi,
    clean_issn,
    clean_language,
    doi_key,
    expand_pages,
)

SICI = "10.1002/(SICI)1097-4636(199706)35:4<487::AID-JBM8>3.0.CO;2-Q"


@pytest.mark.parametrize(
    ("raw", "doi"),
    [
        ("10.3892/etm.2022.11214.", "10.3892/etm.2022.11214"),
        ("doi: 10.3892/etm.2022.11214.", "10.3892/etm.2022.11214"),
        ("DOI:10.3892/etm.2022.11214", "10.3892/etm.2022.11214"),
        ("doi:10.1000/xyz;", "10.1000/xyz"),
        ("info:doi/10.1000/182", "10.1000/182"),
        ("urn:doi:10.1000/182", "10.1000/182"),
        ("https://doi.org/10.1007/s10067-025-07335-w", "10.1007/s10067-025-07335-w"),
        ("http://dx.doi.org/10.1007/s10067-025-07335-w", "10.1007/s10067-025-07335-w"),
        ("https://doi.org/10.1000/456%23789", "10.1000/456#789"),
        ("10.1177%2F0094582X19898502", "10.1177/0094582X19898502"),
        ("10.1007/978-3-319-55696-3\\_16", "10.1007/978-3-319-55696-3_16"),
        (
            "[doi: 10.3892/etm.2022.11214.](https://doi.org/10.3892/etm.2022.11214.)",
            "10.3892/etm.2022.11214",
        ),
        ("[see the paper](https://doi.org/10.1000/from-href)", "10.1000/from-href"),
        (SICI, SICI),
        (SICI + ".", SICI),
        (f"({SICI})", SICI),
        ("(10.1000/abc)", "10.1000/abc"),
        ("10.1000/abc).", "10.1000/abc"),
        ("10.1016/S0140-6736(20)30183-5", "10.1016/S0140-6736(20)30183-5"),
        ('"10.1000/quoted",', "10.1000/quoted"),
        ("10.1000/ABC.Def", "10.1000/ABC.Def"),
        ("<10.1000/xyz>", "10.1000/xyz"),
        ("10.1016/ j.jsbmb.2020.105", "10.1016/j.jsbmb.2020.105"),
        ("&lt;10.1000/a&gt;", "10.1000/a"),
    ],
)
def test_clean_doi(raw, doi):
    assert clean_doi(raw) == doi
    assert clean_doi(doi) == doi  # idempotent


@pytest.mark.parametrize("raw", ["", None, "no doi here", "10.12/too-short-prefix", "10.1000/"])
def test_clean_doi_rejects(raw):
    assert clean_doi(raw) is None


def test_doi_compare_case_insensitively():
    assert doi_key("10.1000/ABC") == doi_key("10.1000/abc")


@pytest.mark.parametrize(
    ("raw", "pages"),
    [
        ("466-75", "466-475"),
        ("1199-205", "1199-1205"),
        ("e11-3", "e11-e13"),
        ("12-4", "12-14"),
        ("285", "285"),
        ("e0123456", "e0123456"),
        ("869–886", "869-886"),
        ("S1-S10", "S1-S10"),
        ("98-102", "98-102"),
        ("629-A13", "629-A13"),
        (" 5. ", "5"),
    ],
)
def test_expand_pages(raw, pages):
    assert expand_pages(raw) == pages
    assert expand_pages(pages) == pages


@pytest.mark.parametrize(
    ("raw", "issn"),
    [
        ("07703198", "0770-3198"),
        ("0770-3198", "0770-3198"),
        ("1234567x", "1234-567X"),
        ("07703198; 14349949", "0770-3198, 1434-9949"),
        ("n/a", None),
    ],
)
def test_clean_issn(raw, issn):
    assert clean_issn(raw) == issn


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("English", "en"),
        ("Spanish", "es"),
        ("eng", "en"),
        ("de", "de"),
        ("Klingon", "Klingon"),
        ("", None),
    ],
)
def test_clean_language(raw, code):
    assert clean_language(raw) == code


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Libin Liang 1", "Libin Liang"),
        ("Liang L1,2", "Liang L"),
        ("Liang1", "Liang"),
        ("Libin Liang¹²", "Libin Liang"),
        ("Libin Liang*", "Libin Liang"),
        ("Libin Liang†", "Libin Liang"),
        ("Libin Liang (1)", "Libin Liang"),
        ("Libin Liang liang@example.org", "Libin Liang"),
    ],
)
def test_strip_markers(raw, clean):
    assert strip_markers(raw) == clean


@pytest.mark.parametrize(
    ("raw", "order", "name"),
    [
        ("Libin Liang", "given-family", {"family": "Liang", "given": "Libin"}),
        ("Liang, Libin", "auto", {"family": "Liang", "given": "Libin"}),
        ("Liang LB", "auto", {"family": "Liang", "given": "L. B."}),
        ("Liang, L B", "auto", {"family": "Liang", "given": "L. B."}),
        ("SMITH, JOHN", "auto", {"family": "Smith", "given": "John"}),
        ("O'BRIEN, MARY-ANNE", "auto", {"family": "O'Brien", "given": "Mary-Anne"}),
        ("Anna van der Berg", "given-family", {"family": "van der Berg", "given": "Anna"}),
        ("Smith, John, Jr.", "auto", {"family": "Smith", "given": "John", "suffix": "Jr."}),
        ("COVID-19 Study Group", "auto", {"literal": "COVID-19 Study Group"}),
        ("et al.", "auto", None),
    ],
)
def test_parse_person(raw, order, name):
    assert parse_person(raw, order=order) == name
