"""Hostile text stays text: no value leaves its field, runs a LaTeX command or starts a RIS tag.

The cases of the issue (a title with ``}\\input{/etc/passwd}{``, a RIS value with
``\\nER  - \\nTY  - ``, an abstract with ``\\write18{…}``) go through every writer and the real
readers; property tests then try any text at all.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import bibtexparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from citekit import Record, write
from citekit.writers import ris
from citekit.writers.shared.latex import TeX, raw
from tests.export_fixtures import INJECTION
from tests.test_tex_tools import run_bibtex
from tests.tools import pandoc

RECORD = Record.from_csl({"id": "doe2020effects", **INJECTION})
# (`write` gives every record a fresh citation key, from its hostile author name too.)
# The control sequences a .bbl of citekit's may hold: the style's and citekit's escapes.
SAFE_COMMANDS = {
    "bibitem",
    "newblock",
    "em",
    "begin",
    "end",
    "textbackslash",
    "textasciitilde",
    "textasciicircum",
    "textless",
    "textgreater",
    "vphantom",
}


def brace_depths(text: str) -> list[int]:
    """The brace depth after each character, counted as BibTeX counts (backslashes or not)."""
    depth, out = 0, []
    for char in text:
        depth += (char == "{") - (char == "}")
        out.append(depth)
    return out


def balanced(text: str) -> bool:
    depths = brace_depths(text)
    return not depths or (min(depths) >= 0 and depths[-1] == 0)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_bibtex_fields_hold_the_hostile_text(fmt: str) -> None:
    text = write([RECORD], fmt).text
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    [entry] = library.entries
    names = [field.key for field in entry.fields]
    assert len(names) == len(set(names))  # nothing added a second title
    for field in entry.fields:
        assert balanced(field.value), field.key
    assert "\\input{" not in text and "\\write18{" not in text
    assert "{\\textbackslash}input\\{/etc/passwd\\}" in entry.fields_dict["title"].value
    assert "{\\textbackslash}write18\\{rm -rf {\\textasciitilde}\\}" in (
        entry.fields_dict["abstract"].value
    )
    assert "\\$" in entry.fields_dict["abstract"].value  # no math mode
    # doi and url stay raw, with only what would unbalance the field percent-encoded.
    assert entry.fields_dict["url"].value.strip("{}") == (
        "https://example.org/a%7D%5Cinput%7Bx%7D%20b"
    )


def test_bibtex_reads_it_as_text(tmp_path: Path) -> None:
    bbl, warnings, errors = run_bibtex(tmp_path, write([RECORD], "bibtex").text, "plain")
    assert (errors, warnings) == ([], [])
    assert set(re.findall(r"\\([A-Za-z]+)", bbl)) <= SAFE_COMMANDS
    assert "{\\textbackslash}input\\{/etc/passwd\\}" in bbl


def test_pandoc_reads_the_text_back(tmp_path: Path) -> None:
    for fmt, reader in (("bibtex", "bibtex"), ("biblatex", "biblatex")):
        result = subprocess.run(
            [pandoc(), "-f", reader, "-t", "csljson"],
            input=write([RECORD], fmt).text.encode(),
            capture_output=True,
            check=True,
        )
        assert result.stderr == b""
        [item] = json.loads(result.stdout)
        assert item["title"].casefold() == INJECTION["title"].casefold()
        assert item["abstract"] == INJECTION["abstract"]
        assert item["author"] == [{"family": "Doe}, title = {pwned", "given": "Jane \\write18{id}"}]


def test_ris_values_cannot_start_a_tag() -> None:
    text = write([RECORD], "ris").text
    lines = text.split("\r\n")
    assert lines[-1] == ""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - ?.*", line) for line in lines if line)
    assert [line[:2] for line in lines].count("TY") == 1
    assert [line[:2] for line in lines].count("ER") == 1
    assert "N1  - first line ER - TY - JOUR TI - injected record" in lines
    assert "KW  - vitamin D ER -" in lines


def test_pandoc_reads_one_ris_record() -> None:
    result = subprocess.run(
        [pandoc(), "-f", "ris", "-t", "csljson"],
        input=write([RECORD], "ris").text.encode(),
        capture_output=True,
        check=True,
    )
    [item] = json.loads(result.stdout)
    assert item["title"] == INJECTION["title"]


# Any text at all: letters from every script, TeX specials, braces, line breaks.
ANY_TEXT = st.text(
    st.one_of(
        st.characters(blacklist_categories=("Cs",)),
        st.sampled_from(list("{}\\%$#&_~^<>\r\n\u2028\x0b\x85")),
    ),
    max_size=60,
)
COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
ESCAPES = {
    "\\{",
    "\\}",
    "\\&",
    "\\%",
    "\\$",
    "\\#",
    "\\_",
    "\\textbackslash",
    "\\textasciitilde",
    "\\textasciicircum",
    "\\textless",
    "\\textgreater",
    "\\vphantom",
}


@given(ANY_TEXT)
def test_any_text_makes_a_balanced_field_with_only_citekits_escapes(text: str) -> None:
    tex = TeX()
    for value in (tex.text(text), tex.title(text)):
        assert balanced(value)
        assert "\n" not in value and "\r" not in value
        assert set(COMMAND.findall(value)) <= ESCAPES
        unescaped = re.sub(r"\\.", "", value)
        assert not set("%$#&_~^") & set(unescaped)


@given(ANY_TEXT)
def test_any_text_in_ascii_mode_is_ascii_and_balanced(text: str) -> None:
    value = TeX(ascii_only=True).title(text)
    assert value.isascii()
    assert balanced(value)


@given(ANY_TEXT)
def test_any_url_stays_one_balanced_token(text: str) -> None:
    value = raw(text)
    assert balanced(value) and not re.search(r"[\s{}\\]", value)


@given(ANY_TEXT)
def test_any_ris_value_is_one_line(text: str) -> None:
    line = ris._line("AB", text)  # the one place a value becomes a line
    assert line.splitlines() == [line] or line == ""
    assert line.startswith("AB  -")
