"""The writers field by field: TeX text, BibTeX, BibLaTeX and RIS as their readers expect them."""

from __future__ import annotations

import pytest

from citekit import Name, Record
from citekit.parsers import ris as ris_reader
from citekit.writers import biblatex, bibtex, ris
from citekit.writers.shared.common import found_on_note
from citekit.writers.shared.latex import TeX, file_field, raw
from tests.conftest import ROOT
from tests.export_fixtures import fixture_records

FIX = {r.id: r for r in fixture_records()}


def record(**data) -> Record:
    return Record.from_csl({"id": "k", "type": "article-journal", **data})


def fields(module, item: Record, **kw) -> dict[str, str]:
    return dict(module.fields(item, **kw))


# -- TeX text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("Effects of vitamin D on bone", "Effects of vitamin {D} on bone"),
        ("Low BMD in COVID-19 patients", "Low {BMD} in {COVID}-19 patients"),
        ("mRNA of CYP24A1 and 25(OH)D", "{mRNA} of {CYP24A1} and 25({OH}){D}"),
        ("Vitamin K2 and H2O2 in NaCl", "Vitamin {K2} and {H2O2} in {NaCl}"),
        ("Sun exposure in Norway and Sweden", "Sun exposure in {Norway} and {Sweden}"),
        ("A Trial of Vitamin D in the UK", "A Trial of Vitamin {D} in the {UK}"),
        ("“Vitamin D” in winter", "“{Vitamin} {D}” in winter"),
        ("维生素D与钙", "维生素{D}与钙"),
        ("X-ray and hepatitis B", "X-ray and hepatitis {B}"),
    ],
)
def test_title_braces_only_what_must_keep_its_capitals(title: str, written: str) -> None:
    assert TeX().title(title) == written


def test_title_case_is_told_from_sentence_case() -> None:
    title_case = TeX().title("Effects of Vitamin Supplementation on Bone Mineral Density")
    assert "{" not in title_case  # the style may lower-case every word
    sentence = TeX().title("Vitamin D levels in Norway, Sweden and Denmark")
    assert sentence == "Vitamin {D} levels in {Norway}, {Sweden} and {Denmark}"
    # Names of books and series keep every capital.
    assert (
        TeX().title("Handbook of Vitamin Research", name=True) == "Handbook of {Vitamin} {Research}"
    )


def test_text_escapes_every_tex_special() -> None:
    assert TeX().text(r"a & b % c $ d # e _ f ~ g ^ h \ i < j > k") == (
        r"a \& b \% c \$ d \# e \_ f {\textasciitilde} g {\textasciicircum} h "
        r"{\textbackslash} i {\textless} j {\textgreater} k"
    )


def test_braces_pair_up_or_get_an_invisible_partner() -> None:
    assert TeX().text("a {b} c") == r"a \{b\} c"
    assert TeX().text("a } b {") == r"a \vphantom{\{}\} b \{\vphantom{\}}"


def test_values_are_one_line() -> None:
    assert TeX().text("two\nlines\r\n\u2028and\ttabs\x00") == "two lines and tabs"


def test_ascii_spells_accents_with_latex_commands() -> None:
    tex = TeX(ascii_only=True)
    assert tex.text("Müller Núñez Østergaard Weiß") == (
        r"M{\"u}ller N{\'u}{\~n}ez {\O}stergaard Wei{\ss}"
    )
    assert tex.text("Lǚ") == r"L{\v{\"{u}}}"  # a letter pylatexenc has no entry for
    assert tex.text("王") == "Wang"
    assert tex.transliterated == {"王"}
    written = bibtex.write([FIX["wang2022weisheng"]], bibtex.Options(ascii=True))
    (warning,) = [d for d in written.diagnostics if d.code == "transliterated"]
    assert str(warning).startswith("bibtex: warning[transliterated]: --ascii has no LaTeX spelling")


def test_names_in_bibtex_form() -> None:
    tex = TeX()
    assert tex.names(FIX["berg2023vitamin"].author) == (
        "van der Berg, Jan and Müller, Jörg and Núñez-García, José Luis and Østergaard, Søren"
        " and Smith, Jr., John and de la Fontaine, Jean and {Norwegian Vitamin D Study Group}"
    )
    assert tex.name(Name(family="Smith, Jones", given="Ann and Bob")) == (
        "{Smith, Jones}, {Ann and Bob}"
    )
    assert tex.name(Name(given="Madonna")) == "{Madonna}"


def test_doi_url_and_file_are_raw() -> None:
    assert raw("10.1002/(SICI)1097-4636(199712)37:3<324::AID-JBM2>3.0.CO;2-J") == (
        "10.1002/(SICI)1097-4636(199712)37:3<324::AID-JBM2>3.0.CO;2-J"
    )
    assert raw("https://x.org/a_b?c=1&d=%20#e~f") == "https://x.org/a_b?c=1&d=%20#e~f"
    assert file_field(["https://x.org/a.pdf"]) == r"PDF:https\://x.org/a.pdf:application/pdf"


# -- BibTeX ------------------------------------------------------------------------------------


def test_bibtex_article_fields() -> None:
    got = fields(bibtex, FIX["berg2023vitamin"])
    assert got["journal"] == "{Journal of Steroid Biochemistry \\& Molecular Biology}"
    assert got["shortjournal"] == "{J Steroid Biochem Mol Biol}"
    assert got["pages"] == "{106311--106320}"
    assert (got["year"], got["month"], got["date"]) == ("{2023}", "jul", "{2023-07-05}")
    assert (got["pmid"], got["pmcid"]) == ("{37011234}", "{PMC10011234}")
    assert (got["language"], got["langid"]) == ("{english}", "{english}")
    assert got["doi"] == "{10.1016/j.jsbmb.2023_106311}"  # raw: no \_ for Zotero to keep
    assert got["keywords"] == "{vitamin D; VDR, FokI}"
    assert got["library"] == "{Academic Search Complete, 163000001}"
    assert got["note"].startswith("{Corrected in 2024. Cited on VitaminDWiki page: Vitamin D")
    assert "abstract" in got and "file" in got


@pytest.mark.parametrize(
    ("key", "entry", "expected"),
    [
        ("holick2018vitamin", "incollection", {"booktitle", "editor", "publisher", "series"}),
        ("ross2011dietary", "book", {"editor", "publisher", "address", "pagetotal", "isbn"}),
        ("okafor2020vitamin", "phdthesis", {"school", "pagetotal"}),
        ("lie2019sun", "mastersthesis", {"school"}),
        ("who2022vitamin", "techreport", {"institution", "number", "type", "series"}),
        ("keane2021vitamin", "inproceedings", {"booktitle", "issue", "editor"}),
        ("grant2020sunshine", "article", {"entrysubtype", "journal"}),
        ("obrien2022vitamin", "article", {"entrysubtype", "address"}),
        ("oods2024vitamin", "misc", {"howpublished", "url"}),
    ],
)
def test_bibtex_types(key: str, entry: str, expected: set[str]) -> None:
    assert bibtex.entry_type(FIX[key]) == entry
    assert expected <= set(fields(bibtex, FIX[key]))


def test_bibtex_dates_and_months() -> None:
    assert fields(bibtex, FIX["smith2021effects"])["month"] == 'mar # "--" # apr'
    assert fields(bibtex, FIX["grant2020sunshine"])["month"] == "{Winter}"
    assert "date" not in fields(bibtex, FIX["smith2021effects"])
    # A thesis whose type is the entry type's own needs no `type` (pandoc keeps braces in it).
    assert "type" not in fields(bibtex, FIX["okafor2020vitamin"])
    # An inproceedings' issue goes in `issue`: `number` there is a series number.
    keane = fields(bibtex, FIX["keane2021vitamin"])
    assert "number" not in keane and keane["issue"] == "{OCE2}"


def test_bibtex_key_field_for_an_entry_without_names() -> None:
    got = fields(bibtex, record(title="Time to test vitamin D", **{"container-title": "BMJ"}))
    assert got["key"] == "{Time to test vitamin D}"


def test_bibtex_reports_what_it_cannot_hold() -> None:
    written = bibtex.write(list(FIX.values()))
    messages = [str(d) for d in written.diagnostics]
    assert (
        "bibtex: warning[not-carried]: no place for available-date; "
        "left out of 1 record(s): berg2023vitamin"
    ) in messages
    assert not any("archive" in m for m in messages)  # `library`
    assert (
        "bibtex: warning[not-carried]: no place for issued (the end of a date range); "
        "left out of 1 record(s): mcdonald2020calcitriol"
    ) in messages
    assert not any("grant2020" in m or "lacks" in m or "gaps" in m for m in messages)


def test_bibtex_names_records_with_gaps() -> None:
    written = bibtex.write([record(DOI="10.1000/x", id="anon")])
    gaps = [str(d) for d in written.diagnostics if d.code == "style-gap"]
    assert gaps[0].startswith(
        "bibtex: warning[style-gap]: anon: the data has gaps BibTeX styles will warn about: "
        "empty author; "
    )


# -- BibLaTeX ----------------------------------------------------------------------------------


def test_biblatex_article_fields() -> None:
    got = fields(biblatex, FIX["berg2023vitamin"])
    assert got["journaltitle"] == "{Journal of Steroid Biochemistry \\& Molecular Biology}"
    assert got["shortjournal"] == "{J Steroid Biochem Mol Biol}"
    assert got["date"] == "{2023-07-05}"
    assert (got["eprint"], got["eprinttype"]) == ("{37011234}", "{pubmed}")
    assert got["addendum"] == "{PMCID: PMC10011234}"
    assert got["library"] == "{Academic Search Complete, 163000001}"
    assert (got["langid"], got["doi"]) == ("{english}", "{10.1016/j.jsbmb.2023_106311}")
    assert got["url"].startswith("{https://example.org/articles/jsbmb_2023?id=106311&view")
    assert "journal" not in got and "year" not in got and "pmid" not in got


def test_biblatex_types_follow_the_data_model() -> None:
    assert biblatex.entry_type(FIX["ross2011dietary"]) == "collection"  # editors, no author
    chapter = FIX["holick2018vitamin"]
    assert biblatex.entry_type(chapter) == "incollection"
    assert biblatex.entry_type(chapter.model_copy(update={"editor": []})) == "inbook"
    assert biblatex.entry_type(FIX["oods2024vitamin"]) == "online"
    assert fields(biblatex, FIX["okafor2020vitamin"])["type"] == "{phdthesis}"
    assert fields(biblatex, FIX["lie2019sun"])["type"] == "{mathesis}"
    assert fields(biblatex, FIX["grant2020sunshine"])["yeardivision"] == "{winter}"
    assert fields(biblatex, FIX["smith2021effects"])["date"] == "{2021-03/2021-04}"


def test_biblatex_leaves_out_what_biber_rejects() -> None:
    odd = record(volume="45-46", ISSN="0002-9165, 1938-3207", ISBN="9783030123456")
    got = fields(biblatex, odd)
    assert got["issn"] == "{0002-9165}"
    assert "volume" not in got and "isbn" not in got
    assert biblatex.unwritten(odd) == ["ISBN", "volume", "ISSN (all but the first)"]
    messages = [d.message for d in biblatex.write([odd]).diagnostics]
    assert "no place for volume; left out of 1 record(s): k" in messages


# -- RIS ---------------------------------------------------------------------------------------


def tags(item: Record) -> list[tuple[str, str]]:
    return ris.tags(item)


def tag_values(item: Record, tag: str) -> list[str]:
    return [value for name, value in tags(item) if name == tag]


def test_ris_article_in_zotero_profile() -> None:
    pairs = tags(FIX["berg2023vitamin"])
    assert pairs[0] == ("TY", "JOUR") and pairs[-1] == ("ER", "")
    berg = FIX["berg2023vitamin"]
    assert tag_values(berg, "AU")[:5] == [
        "van der Berg, Jan",
        "Müller, Jörg",
        "Núñez-García, José Luis",
        "Østergaard, Søren",
        "Smith, John, Jr.",
    ]
    assert tag_values(berg, "AU")[-1] == "Norwegian Vitamin D Study Group"  # no comma
    assert tag_values(berg, "T2") == ["Journal of Steroid Biochemistry & Molecular Biology"]
    assert tag_values(berg, "J2") == ["J Steroid Biochem Mol Biol"]
    assert (tag_values(berg, "SP"), tag_values(berg, "EP")) == (["106311"], ["106320"])
    assert (tag_values(berg, "PY"), tag_values(berg, "DA")) == (["2023"], ["2023/07/05/"])
    assert tag_values(berg, "M2")[:2] == ["PMID: 37011234", "PMCID: PMC10011234"]
    assert tag_values(berg, "KW") == ["vitamin D", "VDR", "FokI"]
    assert tag_values(berg, "L1") == ["https://example.org/pdf/jsbmb_106311.pdf"]
    assert tag_values(berg, "N1")[0] == "Corrected in 2024."
    assert (tag_values(berg, "DB"), tag_values(berg, "AN")) == (
        ["Academic Search Complete"],
        ["163000001"],
    )
    assert tag_values(berg, "SN") == ["0960-0760"]
    assert tag_values(berg, "LA") == ["en"]


@pytest.mark.parametrize(
    ("key", "ty", "expected"),
    [
        # Zotero reads a book's editors from A3 (A2 is its series editor), its series from T2.
        (
            "ross2011dietary",
            "BOOK",
            {"A3", "T2", "SP", "SN", "PB", "CY", "ET"},
        ),
        ("holick2018vitamin", "CHAP", {"A2", "T2", "T3", "SN", "PB", "CY", "ET", "SP", "EP"}),
        ("keane2021vitamin", "CPAPER", {"T2", "C3", "C1", "A2", "IS"}),
        ("who2022vitamin", "RPRT", {"SN", "M3", "T2", "PB", "CY", "UR"}),
        ("okafor2020vitamin", "THES", {"M3", "SP", "PB", "CY"}),
        ("grant2020sunshine", "MGZN", {"T2", "VL"}),
        ("obrien2022vitamin", "NEWS", {"T2", "CY"}),
        ("oods2024vitamin", "ELEC", {"T2", "UR"}),
    ],
)
def test_ris_types_use_zoteros_tags(key: str, ty: str, expected: set[str]) -> None:
    pairs = tags(FIX[key])
    assert pairs[0] == ("TY", ty)
    assert expected <= {name for name, _ in pairs}


def test_ris_book_editors_are_not_series_editors() -> None:
    names = {name for name, _ in tags(FIX["ross2011dietary"])}
    assert "A3" in names and "A2" not in names


def test_ris_letter_recipient_is_a2_and_its_editor_has_no_tag() -> None:
    """Zotero's RIS import reads A2 on a PCOMM as the letter's recipient (RIS.js), so the
    recipient goes there and an editor, which Zotero's letter has no field for, is reported
    rather than written where it would come back as the recipient."""
    letter = Record.from_csl(
        {
            "id": "keller1936letter",
            "type": "personal_communication",
            "title": "Letter on vitamin D",
            "author": [{"family": "Keller", "given": "Ana"}],
            "recipient": [{"family": "Brandt", "given": "Jonas"}],
            "editor": [{"family": "Lind", "given": "Eva"}],
        }
    )
    assert tag_values(letter, "TY") == ["PCOMM"]
    assert tag_values(letter, "A2") == ["Brandt, Jonas"]
    assert "editor" in ris.unwritten(letter)
    assert "recipient" not in ris.unwritten(letter)
    back = ris_reader.parse(ris.write([letter]).text, origin="x.ris").records[0]
    assert [n.family for n in back.recipient] == ["Brandt"] and not back.editor


def test_ris_dates() -> None:
    assert tag_values(FIX["grant2020sunshine"], "DA") == ["2020///Winter"]
    assert tag_values(FIX["smith2021effects"], "DA") == ["2021/03//"]
    assert ris.unwritten(FIX["smith2021effects"])[-1] == "issued (the end of a date range)"


def test_ris_text_is_crlf_with_no_header() -> None:
    text = ris.write([FIX["obrien2022vitamin"], FIX["grant2020sunshine"]]).text
    assert text.startswith("TY  - NEWS\r\nID  - obrien2022vitamin\r\n")
    assert text.count("ER  - \r\n") == 2 and "\n" not in text.replace("\r\n", "")
    assert "\r\n\r\nTY  - MGZN\r\n" in text


def test_biblatex_names_records_with_gaps() -> None:
    written = biblatex.write([record(DOI="10.1000/x", id="anon")])
    messages = [d.message for d in written.diagnostics if d.code == "style-gap"]
    assert (
        "anon lacks author, title, journaltitle, date, which @article needs; biber will warn"
        in (messages)
    )


def test_found_on_note_names_every_page_once_and_no_file_of_the_users() -> None:
    one = {"file": "a.md", "line": 3, "page_title": "Page A", "tiki_page_id": 1}
    again = {**one, "line": 30}  # the same page, further down
    other = {"file": "b.md", "line": 4, "slug": "page-b", "page_date": "2020-01-02"}
    disk = {"file": "notes.txt", "line": 5}  # no page: the user's own file
    assert found_on_note(record(custom={"found_on": [one, disk]})) == (
        "Cited on VitaminDWiki page: Page A (page 1)"
    )
    assert found_on_note(record(custom={"found_on": [one, again, disk, other]})) == (
        "Cited on VitaminDWiki pages: Page A (page 1); page-b (2020-01-02) /page-b"
    )
    assert found_on_note(record(custom={"found_on": [disk]})) is None


# -- CSL rich text in the TeX formats (issue 11) ------------------------------------------------


@pytest.mark.parametrize(
    ("title", "written"),
    [
        # The CSL-JSON markup tags and the LaTeX command for each (CSL-JSON schema, "rich text").
        ("Effects of <i>Lactobacillus</i> in mice", r"Effects of \textit{{Lactobacillus}} in mice"),
        ("<b>Bold</b> claims", r"\textbf{Bold} claims"),
        ("Serum 25(OH)D<sub>3</sub> levels", r"Serum 25({OH}){D}\textsubscript{3} levels"),
        ("Ca<sup>2+</sup> uptake", r"Ca\textsuperscript{2+} uptake"),
        ('The <span class="nocase">iPSC</span> model', r"The {{iPSC}} model"),
        (
            'A <span style="font-variant:small-caps;">Review</span> of it',
            r"A \textsc{{Review}} of it",
        ),
        # A tag without its partner is text, escaped like any other angle bracket.
        ("When <i>not closed", r"When {\textless}i{\textgreater}not closed"),
    ],
)
def test_rich_text_becomes_latex_commands(title: str, written: str) -> None:
    assert fields(bibtex, record(title=title))["title"] == "{" + written + "}"
    assert fields(biblatex, record(title=title))["title"] == "{" + written + "}"


def test_unprinted_fields_keep_angle_brackets_as_typed() -> None:
    # Zotero reads {\textless} back as the word \textless; no style prints an abstract.
    got = fields(bibtex, record(abstract="P<0.001 and x>2 & 5% <i>in vitro</i>", keyword="a$b"))
    assert got["abstract"] == r"{P<0.001 and x>2 \& 5\% <i>in vitro</i>}"
    assert got["keywords"] == r"{a\$b}"


def test_biblatex_isbn_keeps_the_first_valid_one() -> None:
    # A book's several ISBNs (print, e-book): biblatex's isbn holds one, so the first valid
    # one is written and the rest reported, rather than the field dropped.
    two = record(type="book", ISBN="9780309163941 9780309163958", publisher="NAP")
    assert fields(biblatex, two)["isbn"] == "{9780309163941}"
    assert biblatex.unwritten(two) == ["ISBN (all but the first)"]
    wrong_first = record(type="book", ISBN="978-3-030-12345-6; 0-306-40615-2")
    assert fields(biblatex, wrong_first)["isbn"] == "{0-306-40615-2}"


def test_ris_names_without_a_given_name_are_written_without_a_comma() -> None:
    # RIS.js splits AU at its first comma into last and first name, and reads a value without
    # one as a single-field name: a family-only or corporate name must not hold a comma.
    item = record(
        author=[
            {"family": "University of California, Berkeley"},
            {"literal": "WHO, Regional Office for Europe"},
        ]
    )
    assert tag_values(item, "AU") == [
        "University of California Berkeley",
        "WHO Regional Office for Europe",
    ]


def test_ris_writes_what_the_tags_cannot_hold_as_zotero_extra_lines() -> None:
    # RIS.js reads M2 into Extra, whose Key: value lines Zotero keeps (and moves into a field
    # where the item type has one): an Epub date, an article's page count or ISBN, a book's
    # ISSN, a report's ISBN (its SN is the report number).
    berg = FIX["berg2023vitamin"]
    assert tag_values(berg, "M2") == [
        "PMID: 37011234",
        "PMCID: PMC10011234",
        "available-date: 2023-04-02",
    ]
    article = record(ISBN="9780309163941", ISSN="0002-9165", **{"number-of-pages": "12"})
    assert tag_values(article, "SN") == ["0002-9165"]
    assert tag_values(article, "M2") == ["ISBN: 9780309163941", "number-of-pages: 12"]
    book = record(type="book", ISBN="9780309163941", ISSN="0002-9165", **{"number-of-pages": "9"})
    assert (tag_values(book, "SN"), tag_values(book, "SP")) == (["9780309163941"], ["9"])
    assert tag_values(book, "M2") == ["ISSN: 0002-9165"]
    report = record(type="report", number="WHO/7", ISBN="9780309163941")
    assert (tag_values(report, "SN"), tag_values(report, "M2")) == (
        ["WHO/7"],
        ["ISBN: 9780309163941"],
    )
    for item in (berg, article, book, report):
        assert not ris.unwritten(item), item.id


def test_the_access_date_is_urldate_and_y2() -> None:
    # Zotero's BibTeX import reads urldate as the access date, RIS.js Y2; biblatex has
    # urldate on every entry type; pandoc reads both as CSL's accessed.
    page = record(
        type="webpage", URL="https://example.org/d", accessed={"date-parts": [[2024, 1, 2]]}
    )
    assert fields(bibtex, page)["urldate"] == "{2024-01-02}"
    assert fields(biblatex, page)["urldate"] == "{2024-01-02}"
    assert tag_values(page, "Y2") == ["2024/01/02/"]
    for module in (bibtex, biblatex, ris):
        assert "accessed" not in module.unwritten(page), module.NAME


def test_a_record_export_does_not_load_the_csl_processor():
    """Writers are loaded when asked for: a BibTeX or RIS run never imports citeproc-py,
    which only the reference-list writers use (start-up is most of a small run)."""
    import subprocess
    import sys

    script = (
        "import sys, citekit\n"
        "r = citekit.parse_paths(['seeds']).records\n"
        "citekit.write(r, 'bibtex'); citekit.write(r, 'ris'); citekit.write(r, 'csl-json')\n"
        "assert 'citeproc' not in sys.modules, 'loaded by a record writer'\n"
        "citekit.write(r, 'text')\n"
        "assert 'citeproc' in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
