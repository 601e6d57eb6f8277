"""The text layer under the reference lists: CSL-JSON markup, case, quotes, punctuation, runs.

Expected values are pandoc 3's readings of the same strings (checked by hand with
``pandoc -f csljson -t plain --citeproc``), written out as plain text through :func:`visible`.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citekit.bibliography import markup
from citekit.bibliography.markup import LEAF, MARKS, QUOTE, Quotes, Run

US = Quotes()


def visible(marked: str) -> str:
    """Quotes as the en-US locale prints them, formatting as _x_ / *x*, other markers gone."""
    text = markup.resolve_quotes(marked, US, False)
    text = text.replace(MARKS["i"][0], "_").replace(MARKS["i"][1], "_")
    text = text.replace(MARKS["b"][0], "*").replace(MARKS["b"][1], "*")
    return markup.strip_markers(text)


def test_apostrophes_and_typed_quotes() -> None:
    parse = markup.parse_rich_text
    assert visible(parse("Crohn's disease in the 'best' cohort")) == (
        "Crohn’s disease in the “best” cohort"
    )
    assert visible(parse("Rock 'n' roll and 1990s' trends")) == "Rock “n” roll and 1990s’ trends"
    assert visible(parse('He said "hi and left')) == 'He said "hi and left'  # never closed
    assert visible(parse("Outer \"middle 'inner' text\" end")) == (
        "Outer “middle ‘inner’ text” end"
    )
    assert visible(parse("“Curly” quotes and ‘single curly’")) == (
        "“Curly” quotes and “single curly”"
    )


def test_tags_become_formatting_and_the_rest_stays_text() -> None:
    parse = markup.parse_rich_text
    assert visible(parse("Effects of <i>Lactobacillus</i> and <b>bold</b>")) == (
        "Effects of _Lactobacillus_ and *bold*"
    )
    assert visible(parse("<script>alert(1)</script> & P<0.05 &amp;")) == (
        "<script>alert(1)</script> & P<0.05 &amp;"
    )
    nocase = parse('the <span class="nocase">iPSC</span> line')
    assert markup.NOCASE[0] in nocase and visible(nocase) == "the iPSC line"
    assert visible(parse("<i>never closed")) == "<i>never closed"


def test_narrow_spaces_before_french_punctuation() -> None:
    assert markup.parse_rich_text("Quoi ? Oui !") == "Quoi\u202f? Oui\u202f!"


def test_input_cannot_contain_markers() -> None:
    assert markup.parse_rich_text("a\ue000b\ue00ec") == "abc"


@given(st.text(alphabet=st.sampled_from(list("ab '\"<>/iu“”‘’")), max_size=30))
def test_markers_from_any_text_are_balanced(text: str) -> None:
    marked = markup.parse_rich_text(text)
    stack = []
    for char in marked:
        if char in (QUOTE[0], *(o for o, _ in MARKS.values())):
            stack.append(char)
        elif char == QUOTE[1]:
            assert stack.pop() == QUOTE[0]
        elif char in {c for _, c in MARKS.values()}:
            assert stack.pop() == next(o for o, c in MARKS.values() if c == char)
    assert not stack


def test_title_case() -> None:
    change = markup.change_case
    # Expectations: citeproc-js 2.4.63's title case (CSL.Output.Formatters.title) of the
    # same strings; its stop words include "without", "versus", "after", "among".
    assert change("effects of vitamin d with or without calcium on", "title") == (
        "Effects of Vitamin d with or without Calcium On"
    )
    assert change(
        "vitamin D3 versus D2 in adults: bone loss after surgery among women", "title"
    ) == ("Vitamin D3 versus D2 in Adults: Bone Loss after Surgery among Women")
    assert change("BMD and mRNA in the iPSC: a review", "title") == (
        "BMD and mRNA in the iPSC: A Review"
    )
    # A word with a letter outside ASCII is left alone; "die" is no English stop word.
    assert change("über die vitamine", "title") == "über Die Vitamine"
    italic = markup.wrap("lactobacillus", MARKS["i"])
    assert visible(change(f"effects of {italic} strains", "title")) == (
        "Effects of _Lactobacillus_ Strains"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # citeproc-js 2.4.63 (tests/js), one cs:text text-case="title" per string.
        ("Article with an e-Locator", "Article with an E-Locator"),
        ("Vitamin D for All over-65s in care", "Vitamin D for All Over-65s in Care"),
        ("The on-off switch", "The On-off Switch"),  # only the first hyphen's word
        ("A well-known up-to-date study", "A Well-Known up-to-Date Study"),
        ("Bone density: a 2-Year Follow-up", "Bone Density: A 2-Year Follow-Up"),
        ("Effects of vitamin D: a follow-up", "Effects of Vitamin D: A Follow-Up"),
        ("Forced by two CMIP5 global models", "Forced by Two CMIP5 Global Models"),
        ("Pre- and post-test scores", "Pre- and Post-Test Scores"),
    ],
)
def test_title_case_of_hyphenated_words(typed: str, expected: str) -> None:
    assert markup.change_case(typed, "title") == expected


def test_other_cases() -> None:
    change = markup.change_case
    # Sentence case lowers capitalised words, a lone capital too; acronyms stay.
    assert change("Effects Of Vitamin D In BMD", "sentence") == "Effects of vitamin d in BMD"
    assert change("vitamin d", "capitalize-first") == "Vitamin d"
    assert change("vitamin d and bone", "capitalize-all") == "Vitamin D And Bone"
    nocase = markup.wrap("iPSC", markup.NOCASE)
    assert markup.strip_markers(change(f"the {nocase} line", "uppercase")) == "THE iPSC LINE"


def test_punctuation_merges_only_at_seams() -> None:
    def leaf(text: str) -> str:
        return LEAF[0] + text + LEAF[1]

    fix = markup.fix_punctuation
    assert markup.strip_markers(fix(leaf("Is it true?") + ".")) == "Is it true?"
    assert markup.strip_markers(fix(leaf("Hello...") + " " + leaf("x"))) == "Hello... x"
    assert markup.strip_markers(fix(leaf("p < .05 or p ..") + ".")) == "p < .05 or p .."
    assert markup.strip_markers(fix(leaf("886") + ". " + leaf(". 18"))) == "886. 18"
    assert markup.strip_markers(fix(leaf("a") + " , " + leaf("b"))) == "a, b"
    assert markup.collapse_spaces(f"a {MARKS['i'][0]} b") == f"a {MARKS['i'][0]}b"


def test_quotes_alternate_and_take_punctuation() -> None:
    inner = QUOTE[0] + "inner" + QUOTE[1]
    outer = QUOTE[0] + f"Title with {inner}" + QUOTE[1]
    assert markup.resolve_quotes(outer + ".", US, True) == "“Title with ‘inner’.”"
    assert markup.resolve_quotes(outer + ".", US, False) == "“Title with ‘inner’”."
    question = QUOTE[0] + "Is it true?" + QUOTE[1] + "."
    assert markup.resolve_quotes(question, US, True) == "“Is it true?”"
    german = Quotes(("„", "“"), ("‚", "‘"))
    assert markup.resolve_quotes(outer, german, False) == "„Title with ‚inner‘“"


@pytest.mark.parametrize(
    ("title", "mark", "expected"),
    [
        # citeproc-js 2.4.63 (tests/js): a quoted title with a comma or period after it.
        ("Should I take vitamin D?", ",", "“Should I take vitamin D?,”"),
        ("Wow!", ",", "“Wow!,”"),
        ("With a period.", ",", "“With a period.,”"),
        ("With a comma,", ",", "“With a comma,”"),
        ("Should I take vitamin D?", ".", "“Should I take vitamin D?”"),
        ("With colon:", ".", "“With colon:”"),
        ("With a comma,", ".", "“With a comma,.”"),
        ("Plain", ",", "“Plain,”"),
    ],
)
def test_punctuation_moved_into_quotes_as_citeproc_js(title: str, mark: str, expected: str) -> None:
    assert markup.resolve_quotes(QUOTE[0] + title + QUOTE[1] + mark, US, True) == expected


def test_runs_carry_marks_and_links() -> None:
    doi = markup.LINKS["doi"]
    text = f"{MARKS['i'][0]}Nature{MARKS['i'][1]}, {doi[0]}10.1/x{doi[1]}"
    assert markup.to_runs(text) == [
        Run("Nature", frozenset({"i"})),
        Run(", "),
        Run("10.1/x", link="doi"),
    ]


def test_sort_keys_collate_like_citeproc_js() -> None:
    # The expected order is what citeproc-js 2.4.63's comparison (localeCompare, base
    # sensitivity, punctuation ignored, numeric) gives for these keys under node 20.
    names = ["Zola", "Éclair", "Eagle", "O’Brien", "Obama", "La Fontaine", "Labrador", "1st"]
    names += ["10th", "9th", "[Vitamin", "Deficiencia"]
    ordered = sorted(names, key=markup.sort_key)
    assert ordered == [
        "1st",
        "9th",
        "10th",
        "Deficiencia",
        "Eagle",
        "Éclair",
        "Labrador",
        "La Fontaine",
        "Obama",
        "O’Brien",
        "[Vitamin",
        "Zola",
    ]
    # Accents and case do not count: a tie, which keeps the input order.
    assert markup.sort_key("Müller") == markup.sort_key("muller")
    # citeproc-js drops a leading article from every key.
    assert markup.sort_key("The Lancet") == markup.sort_key("Lancet")
