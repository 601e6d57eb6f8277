"""The reference-list formats: text, Markdown, HTML and RTF, and the export command."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from citekit import Record, write
from citekit.bibliography import render
from citekit.cli import app
from citekit.writers import WRITERS, ListOptions, html, markdown, rtf, text
from tests.conftest import ROOT, SEEDS

CORPUS = ROOT / "tests" / "bibliography" / "corpus.json"
runner = CliRunner()


def corpus(*ids: str) -> list[Record]:
    items = json.loads(CORPUS.read_text(encoding="utf-8"))
    return [Record.from_csl(i) for i in items if not ids or i["id"] in ids]


class _Tags(HTMLParser):
    """Every tag and attribute in an HTML fragment."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(fragment: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(fragment)
    return parser.tags


ALLOWED_TAGS = {"div", "i", "b", "a", "span", "sup", "sub"}
ALLOWED_ATTRIBUTES = {"class", "id", "style", "href"}


def test_formats_are_registered() -> None:
    assert {"text", "markdown", "html", "rtf"} <= set(WRITERS)


def test_text_is_one_line_per_entry() -> None:
    records = corpus()
    out = text.write(records, ListOptions(style="apa")).text
    assert out.endswith("\n")
    assert len(out.splitlines()) == len(records)
    assert "\ue000" not in out and "<i>" not in out


def test_text_superscripts_subscripts_and_small_caps() -> None:
    out = text.write(corpus("markup2016"), ListOptions(style="apa")).text
    assert "25(OH)D₃ & CO₂ in iPSC models" in out
    # Biotropica sets author names in small capitals.
    assert text.write(corpus("markup2016"), ListOptions(style="biotropica")).text.startswith(
        "TANAKA, H."
    )


def test_markdown_italics_links_and_numbering() -> None:
    liang = write(corpus("epub2024"), "markdown").text
    assert "*Nature Aging*, *4*(3), 336–349. <https://doi.org/10.1038/s43587-023-00560-5>" in liang
    numbered = markdown.write(corpus("epub2024"), ListOptions(style="vancouver")).text
    assert numbered.startswith("1\\. Liang L, Tong T.")
    assert (
        "doi:[10.1038/s43587-023-00560-5](https://doi.org/10.1038/s43587-023-00560-5)" in numbered
    )
    ieee = markdown.write(corpus("epub2024"), ListOptions(style="ieee")).text
    assert ieee.startswith("\\[1\\] L. Liang and T. Tong,")


def test_markdown_escapes_what_would_be_markup() -> None:
    out = markdown.write(corpus("inject2015"), ListOptions(style="apa")).text
    # <b> is CSL-JSON markup (bold); <script> is only text.
    assert "\\<script\\>alert(“x”)\\</script\\> & other **unsafe** text: P\\<0.05" in out
    assert "*Journal of \\<Security\\> & Safety*" in out
    star = Record.from_csl({"id": "s", "type": "book", "title": "A *bold* [link](x) &amp; `code`"})
    line = markdown.write([star], ListOptions(style="apa")).text
    assert "A \\*bold\\* \\[link\\](x) \\&amp; \\`code\\`" in line


def test_markdown_entries_are_paragraphs() -> None:
    out = markdown.write(corpus(), ListOptions(style="apa")).text
    assert len(out.split("\n\n")) == len(corpus())


def test_html_is_escaped_and_uses_only_its_own_tags() -> None:
    out = html.write(corpus(), ListOptions(style="apa")).text
    found = tags(out)
    assert {tag for tag, _ in found} <= ALLOWED_TAGS
    assert {name for _, attrs in found for name in attrs} <= ALLOWED_ATTRIBUTES
    assert "&lt;script&gt;alert(“x”)&lt;/script&gt; &amp; other <b>unsafe</b> text" in out
    assert "<i>Journal of &lt;Security&gt; &amp; Safety</i>" in out
    assert '<div class="csl-entry" id="ref-inject2015"' in out


def test_html_links_dois_urls_pmids_and_pmcids() -> None:
    out = html.write(corpus("epub2024", "inject2015"), ListOptions(style="pubmed")).text
    doi = "https://doi.org/10.1038/s43587-023-00560-5"
    assert f'doi: <a href="{doi}">10.1038/s43587-023-00560-5</a>.' in out
    assert 'PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/38267706/">38267706</a>' in out
    assert 'PMCID: <a href="https://pmc.ncbi.nlm.nih.gov/articles/PMC10950785/">PMC10950785' in out
    # An address with markup characters is escaped in the attribute and the text.
    assert '<a href="https://example.org/a?b=1&amp;c=%3C2%3E">' in out
    assert ">https://example.org/a?b=1&amp;c=&lt;2&gt;</a>" in out


def test_html_never_links_other_schemes() -> None:
    record = Record.from_csl(
        {"id": "x", "type": "webpage", "title": "Click", "URL": "javascript:alert(1)"}
    )
    out = html.write([record], ListOptions(style="apa")).text
    assert "javascript:alert(1)" in out
    assert "<a " not in out


def test_html_number_column_for_aligned_styles() -> None:
    out = html.write(corpus("epub2024"), ListOptions(style="vancouver")).text
    assert '<div class="csl-left-margin"' in out and ">1.</div>" in out
    assert '<div class="csl-right-inline"' in out


def test_rtf_is_ascii_with_balanced_groups() -> None:
    out = rtf.write(corpus(), ListOptions(style="apa")).text
    assert out.isascii()
    assert out.startswith("{\\rtf1\\ansi") and out.rstrip().endswith("}")
    depth = 0
    for match in re.finditer(r"\\\\|\\[{}]|[{}]", out):
        token = match.group(0)
        depth += {"{": 1, "}": -1}.get(token, 0)
        assert depth >= 0
    assert depth == 0
    assert "{\\i Nature Aging}" in out
    assert "\\u8211?" in out  # the en dash of a page range
    assert 'HYPERLINK "https://doi.org/10.1038/s43587-023-00560-5"' in out
    assert "N\\u246?rdic" not in out and "Nilsson, \\u197?." in out


def test_empty_list() -> None:
    assert text.write([], ListOptions(style="apa")).text == ""
    assert markdown.write([], ListOptions(style="apa")).text == ""
    assert html.write([], ListOptions(style="apa")).text == '<div class="csl-bib-body">\n</div>\n'
    assert rtf.write([], ListOptions(style="apa")).text.startswith("{\\rtf1")


def test_locale_option() -> None:
    record = corpus("holick2011")
    assert "(Hrsg.)" in text.write(record, ListOptions(style="apa", locale="de-DE")).text
    assert "(Eds.)" in text.write(record, ListOptions(style="apa")).text


# Text that tries every kind of markup the formats know.
hostile = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'*_[]()`#!\\{}$~^|;:.,-\ue000\ue00e\ue019")),
    min_size=1,
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(title=hostile, journal=hostile)
def test_no_input_text_injects_markup(title: str, journal: str) -> None:
    record = Record.from_csl(
        {
            "id": "x",
            "type": "article-journal",
            "title": title,
            "container-title": journal,
            "author": [{"family": "Doe", "given": "Jane"}],
            "issued": {"date-parts": [[2020]]},
        }
    )
    fragment = html.write([record], ListOptions(style="apa")).text
    found = tags(fragment)
    assert {tag for tag, _ in found} <= ALLOWED_TAGS
    assert [t for t, _ in found].count("div") == 2  # the body and the one entry
    assert not re.search(
        "[\ue000-\ue01f]", fragment + text.write([record], ListOptions(style="apa")).text
    )
    assert rtf.write([record], ListOptions(style="apa")).text.isascii()


def test_cli_exports_a_styled_list(tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(ROOT / "seeds"), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Liang, L., Tong, T., Qin, L.")  # APA is the default
    vancouver = runner.invoke(app, ["export", *map(str, SEEDS), "-f", "text", "-s", "vancouver"])
    assert vancouver.stdout.splitlines()[1].startswith("2. Milovanovic P, Savic I")
    own = tmp_path / "mine.csl"
    own.write_bytes((ROOT / "styles" / "pubmed-summary.csl").read_bytes())
    by_path = runner.invoke(app, ["export", str(SEEDS[0]), "-f", "text", "--style", str(own)])
    assert by_path.exit_code == 0
    assert "Exp Ther Med. 2022 Apr;23(4):285. doi: 10.3892/etm.2022.11214." in by_path.stdout


def test_cli_unknown_style_is_bad_usage() -> None:
    result = runner.invoke(app, ["export", str(SEEDS[0]), "-f", "html", "--style", "vancuver"])
    assert result.exit_code == 2
    assert "unknown style 'vancuver'" in result.stderr and "vancouver" in result.stderr


def test_cli_reports_records_left_out(monkeypatch: Any) -> None:
    from citekit.bibliography import elements

    original = elements._Text._variable

    def fails(self: Any, entry: Any, context: Any) -> Any:
        if self.get("variable") == "title" and "Ectopic" in str(entry.reference.get("title")):
            raise ValueError("simulated")
        return original(self, entry, context)

    monkeypatch.setattr(elements._Text, "_variable", fails)
    result = runner.invoke(app, ["export", str(ROOT / "seeds"), "-f", "text"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 1
    assert (
        "004_f2f5cbe0e0cecede.txt:3: warning[not-rendered]: apa: milovanovic2025ectopic: "
        "left out of the reference list: ValueError('simulated')" in result.stderr
    )


def test_render_keeps_records_and_layout_options() -> None:
    bibliography = render(corpus("epub2024"), "apa")
    assert bibliography.hanging_indent and bibliography.line_spacing == 2
    assert bibliography.entries[0].record.PMID == "38267706"
    assert render(corpus("epub2024"), "ieee").second_field_align == "flush"


def test_reference_lists_do_not_cite_the_database_of_an_article():
    # Where the EBSCO reader keeps them, as Zotero's EBSCOhost translator does: the database
    # as the library catalogue (CSL source), the accession number as the call number.
    item = {
        "id": "a", "type": "article-journal", "title": "A title",
        "author": [{"family": "Keller", "given": "Anna"}], "container-title": "Nutrients",
        "issued": {"date-parts": [[2021]]}, "source": "Academic Search Index",
        "call-number": "183285375",
    }  # fmt: skip
    for style in ("apa", "vancouver", "chicago-author-date"):
        text = write([Record.from_csl(item)], "text", style=style).text
        assert "Academic Search" not in text and "183285375" not in text, style
    # An archive is part of a reference and printed, as citeproc-js prints it.
    report = {**item, "type": "report", "archive": "National Archives"}
    assert "National Archives" in write([Record.from_csl(report)], "text", style="apa").text
