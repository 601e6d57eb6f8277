"""Round trips over generated records: CSL → BibTeX → CSL, CSL → BibLaTeX → CSL,
CSL → RIS → CSL and CSL → CSL-JSON → CSL give back every field the format can carry.

The records are made by hypothesis from what real libraries hold and writers get wrong:
Unicode names, particles and suffixes, organisations (with commas and "and" in them),
TeX's special characters in text, rich-text titles, every CSL type. What a format cannot
carry comes from ``tests/format_tables.py`` (the formats' documentation), never from the
writer's report.
"""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit import Record, parse, write
from citekit.record import CSL_TYPES
from tests.test_bibtex_reader import expected, view

# Letters of several scripts, digits, and every character TeX or CSL markup treats specially.
LETTERS = string.ascii_letters + "éüøßçñłœÆÅžŠЖжαβ中文"
SPECIALS = "&%$#_{}~^\\<>\"'-–—/.,:;?!()"
words = st.text(alphabet=LETTERS + string.digits, min_size=1, max_size=10)
plain_text = (
    st.lists(
        st.one_of(words, words, st.text(alphabet=SPECIALS, min_size=1, max_size=2)),
        min_size=1,
        max_size=8,
    )
    .map(lambda parts: " ".join(parts).strip())
    .filter(bool)
)


def _rich(text: str, tag: str) -> str:
    if not tag:
        return text
    if tag == "nocase":
        return f'<span class="nocase">{text}</span>'
    return f"<{tag}>{text}</{tag}>"


rich_title = st.builds(
    lambda head, marked, tag, tail: " ".join(
        p for p in (head, _rich(marked, tag), tail) if p
    ).strip(),
    plain_text,
    words,
    st.sampled_from(["", "i", "b", "sup", "sub", "nocase"]),
    st.one_of(st.just(""), plain_text),
)
person = st.builds(
    lambda family, given, particle, suffix: {
        k: v
        for k, v in {
            "family": family,
            "given": given,
            "non-dropping-particle": particle,
            "suffix": suffix,
        }.items()
        if v
    },
    st.text(alphabet=LETTERS, min_size=2, max_size=12).map(str.capitalize),
    st.one_of(st.just(""), st.text(alphabet=LETTERS, min_size=1, max_size=8).map(str.title)),
    st.sampled_from(["", "", "", "van", "de la", "von"]),
    st.sampled_from(["", "", "", "Jr.", "III"]),
)
organisation = st.sampled_from(
    ["World Health Organization", "Barnes and Noble, Inc.", "R Core Team", "Ärzte & Co."]
).map(lambda name: {"literal": name})
names = st.lists(st.one_of(person, person, organisation), min_size=1, max_size=4)
year = st.integers(1900, 2030)
date = st.one_of(
    st.builds(lambda y: {"date-parts": [[y]]}, year),
    st.builds(lambda y, m: {"date-parts": [[y, m]]}, year, st.integers(1, 12)),
    st.builds(
        lambda y, m, d: {"date-parts": [[y, m, d]]}, year, st.integers(1, 12), st.integers(1, 28)
    ),
)


@st.composite
def records(draw: st.DrawFn) -> Record:
    kind = draw(st.sampled_from(sorted(CSL_TYPES)))
    data: dict = {"id": "k", "type": kind, "title": draw(rich_title), "author": draw(names)}
    optional = {
        "container-title": plain_text,
        "volume": st.integers(1, 300).map(str),
        "issue": st.integers(1, 12).map(str),
        "page": st.builds(lambda a, n: f"{a}-{a + n}", st.integers(1, 900), st.integers(1, 40)),
        "issued": date,
        "DOI": st.from_regex(r"10\.[0-9]{4}/[a-z0-9._;()/-]{1,12}", fullmatch=True),
        "publisher": plain_text,
        "publisher-place": words,
        "abstract": plain_text,
        "PMID": st.integers(1, 39_999_999).map(str),
        "editor": names,
        "edition": st.integers(2, 9).map(str),
        "URL": st.from_regex(r"https://example\.org/[a-z0-9_~%-]{1,10}", fullmatch=True),
    }
    for key, strategy in optional.items():
        # An issue belongs to a periodical (BibTeX's `number` is the issue only there).
        if draw(st.booleans()) and (key != "issue" or kind in PERIODICALS):
            data[key] = draw(strategy)
    return Record.from_csl(data)


PERIODICALS = {"article-journal", "article-magazine", "article-newspaper"}


def _ris_names(record: Record, want: dict) -> dict:
    # RIS writes a name as "Family, Given": Zotero's import reads an AU line with a comma as
    # two parts and one without as a single field, so an organisation's own comma cannot
    # survive and is written without it (RIS.js, the AU/A1–A4 tags).
    for role in ("author", "editor", "translator"):
        if role in want:
            names = getattr(record, role)
            want[role] = [
                text.replace(",", "") if name.literal else text
                for name, text in zip(names, want[role], strict=True)
            ]
    return want


ORIGIN = {
    "bibtex": "roundtrip.bib",
    "biblatex": "roundtrip.bib",
    "ris": "roundtrip.ris",
    "csl-json": "roundtrip.json",
}

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trip(record: Record, fmt: str) -> None:
    text = write([record], fmt).text
    result = parse(text, origin=ORIGIN[fmt])
    assert [d for d in result.diagnostics if d.severity == "error"] == [], text
    assert len(result.records) == 1, text
    got, want = view(result.records[0].csl()), expected(record, fmt)
    if fmt == "ris":
        want = _ris_names(record, want)
    changed = {k: (want[k], got.get(k)) for k in want if got.get(k) != want[k]}
    assert not changed, f"{fmt} lost or changed fields:\n{text}"


@SETTINGS
@given(records())
def test_bibtex_round_trip(record: Record) -> None:
    _round_trip(record, "bibtex")


@SETTINGS
@given(records())
def test_biblatex_round_trip(record: Record) -> None:
    _round_trip(record, "biblatex")


@SETTINGS
@given(records())
def test_ris_round_trip(record: Record) -> None:
    _round_trip(record, "ris")


@SETTINGS
@given(records())
def test_csl_json_round_trip(record: Record) -> None:
    _round_trip(record, "csl-json")
