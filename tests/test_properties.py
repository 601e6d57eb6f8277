"""Properties that must hold for any input: parsers fail only with citekit's own error type
(usually not at all: a problem is a diagnostic), and every repair is idempotent."""

from __future__ import annotations

import contextlib
import re
import string

from hypothesis import given
from hypothesis import strategies as st

from citekit import CitekitError, names, normalize, parse
from citekit.names import fix_caps, strip_markers
from citekit.normalize import (
    clean_doi,
    clean_issn,
    clean_language,
    expand_pages,
    squash,
    strip_title_period,
    tidy_prose,
)
from citekit.parsers import PARSERS

# Text built from the pieces the grammars react to, so that the search reaches deep branches
# instead of staying in "nothing recognised".
PIECES = [
    "Exp Ther Med. ",
    "2022 Apr;23(4):285. ",
    "2021 Mar-Apr",
    "2020 Winter;",
    "(4 Suppl 1)",
    ":466-75.",
    "doi: 10.3892/etm.2022.11214.",
    "Epub 2022 Feb 15.",
    "PMID: 123; PMCID: PMC4.",
    "pii: S0002-9149(21)00123-4.",
    "Liang L1,2, Tong T*, ",
    "Libin Liang 1, ",
    "et al.",
    "#### ",
    "---\n",
    '{"title": "x"}\n',
    "Authors :\n",
    "Source :\n",
    "Abstract\n",
    "Details\n",
    "Clinical Rheumatology. Mar2025, Vol. 44 Issue 3, p869-886. 18p.\n",
    "ISSN :\n07703198\n",
    "Accession number :\n",
    "[ABSTRACT FROM AUTHOR]",
    "In: Smith J, ",
    "editor. Book. Berlin: Press; 2019. p. 1-5.",
    "\n\n",
    "\n",
    " ",
    "**",
    "[",
    "](",
    ")",
    "<img src=x>",
    "https://doi.org/10.1000/%23x",
    "Copyright of X is the property of Y",
    "v47 n1 p1-26 2017",
    "Free PMC article",
    "Author information:\n(1)Dept.",
    "Smith JA.",
    # RIS: tag lines, their spacing variants, continuations, dates and identifiers.
    "TY  - JOUR\n",
    "TY - XYZ\n",
    "ER  - \n",
    "ER  -\n",
    "AU  - Doe, Jane, Jr.\n",
    "A1  - Liu R.\n",
    "A2  - Andres, Bucchianeri, Buote, Byrne\n",
    "DA  - 2009///Spring\n",
    "PY  - 2019/10//undefined\n",
    "DA  - JUN 8\n",
    "SP  - No\nEP  - Specified\n",
    "SN  - 03064530 (ISSN)\n",
    "N1  - PMID: 12345; PMCID: PMC6\n",
    "N1  - Export Date: 18 November 2019\n",
    "L3  - 10.1093/jcr/ucab001\n",
    "M3  - 10.1000/x\n",
    "C5  - 15368318\nDB  - Embase\n",
    "AN  - 123\nDB  - MEDLINE\nDP  - EBSCOhost\n",
    "ID  - 12\n",
    "1.\n",
    "\ufeff",
    "\r\n",
    "\u2028",
]
grammar_text = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=40).map("".join)
any_text = st.text(max_size=400) | grammar_text


def _parse_or_citekit_error(run) -> None:
    with contextlib.suppress(CitekitError):
        run()


@given(any_text)
def test_detection_and_parsing_never_crash(text: str) -> None:
    _parse_or_citekit_error(lambda: parse(text, origin="fuzz"))


@given(any_text, st.sampled_from(sorted(PARSERS)))
def test_each_parser_never_crashes_on_any_text(text: str, name: str) -> None:
    module = PARSERS[name]
    module.matches(text)
    _parse_or_citekit_error(lambda: module.parse(text, origin="fuzz"))


@given(any_text)
def test_records_are_valid_csl(text: str) -> None:
    result = parse(text, origin="fuzz")
    for record in result.records:
        item = record.csl()
        assert item["type"]
        assert not any(key.startswith("_") for key in item)
        if record.DOI:
            assert clean_doi(record.DOI) == record.DOI


doi_like = st.builds(
    lambda pre, reg, suf, tail: f"{pre}10.{reg}/{suf}{tail}",
    st.sampled_from(["", "doi:", "DOI: ", "https://doi.org/", "http://dx.doi.org/", "(", '"']),
    st.integers(1000, 999999999).map(str),
    st.text(
        alphabet=string.ascii_letters + string.digits + "-._;()/:<>#%[]{}\\",
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["", ".", ",", ";", ")", "].", '"', " "]),
)


@given(doi_like | st.text(max_size=60))
def test_clean_doi_is_idempotent(raw: str) -> None:
    once = clean_doi(raw)
    if once is not None:
        assert clean_doi(once) == once
        assert once.startswith("10.")
        assert not any(c.isspace() for c in once)


@given(st.text(max_size=40) | st.from_regex(r"[A-Za-z]{0,2}\d{1,5}\s?[-–]\s?[A-Za-z]{0,2}\d{1,5}"))
def test_expand_pages_is_idempotent(raw: str) -> None:
    once = expand_pages(raw)
    if once is not None:
        assert expand_pages(once) == once


@given(st.text(max_size=60))
def test_text_repairs_are_idempotent(raw: str) -> None:
    for repair in (squash, tidy_prose, strip_title_period, strip_markers, fix_caps):
        once = repair(raw)
        assert repair(once) == once, repair.__name__
    for repair in (clean_issn, clean_language):
        once = repair(raw)
        if once is not None:
            assert repair(once) == once, repair.__name__


@given(
    st.text(
        alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u2028\u3000ab,"), max_size=30
    )
    | st.text(max_size=40)
)
def test_squash_collapses_every_white_space_run_to_one_space(text: str) -> None:
    """What squash promises, in the regex that says it: runs of ``\\s`` (every character
    ``str.isspace`` calls space, NBSP and the line separators included) become one space,
    and the ends are trimmed."""
    assert squash(text) == re.sub(r"\s+", " ", text).strip()


def _markers_removed_until_none_left(text: str) -> str:
    previous = None
    while text != previous:
        previous = text
        for pattern in (names.EMAIL, names._MARKERS, names._INNER_MARKERS):
            text = pattern.sub("", text)
        text = squash(text).strip(" ,;")
    return text


@given(
    st.text(alphabet=st.sampled_from("Li ang,;.-()[]1²*†#@x.org\t\xa0é"), max_size=24)
    | st.text(max_size=24)
)
def test_strip_markers_is_its_removals_repeated_until_nothing_changes(text: str) -> None:
    """The shortcut for names with no marker character gives what the removals give."""
    assert strip_markers(text) == _markers_removed_until_none_left(text)


@given(
    doi_like
    | st.builds(
        lambda doi, tail: doi + tail,
        doi_like,
        st.sampled_from(
            ["", ".", ".)", ");", "/abstract", "/", "PMID: 1", "&amp;", " x", "%2F", "?x=1", "#a"]
        ),
    )
)
def test_a_plain_doi_comes_out_as_every_repair_would_leave_it(raw: str) -> None:
    """The short cut for a bare DOI gives what the repairs, run until nothing changes, give
    (also for a link's target: ``[doi: 10.1/x.](https://doi.org/10.1/x.)``)."""
    assert clean_doi(raw) == normalize._repaired_doi(raw.strip())
    link = f"[doi: {raw}](https://doi.org/{raw.strip()})"
    if normalize._MD_LINK.match(link):
        assert clean_doi(link) == normalize._repaired_doi(f"https://doi.org/{raw.strip()}")
