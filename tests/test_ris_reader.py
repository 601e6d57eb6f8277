"""The RIS reader: round trips through citekit's own RIS writer, and what the reader must do
whatever the file (the corpus cases under ``tests/corpus/ris/`` check real exporters' layouts
field by field).

The round trip takes its expectations from the record and ``tests/format_tables.py`` (what
RIS has a place for, from the RIS specification as Zotero's RIS.js reads it), never from the
writer's report of what it dropped: every field RIS can carry must come back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from citekit import Record, detect, parse, write
from citekit.parsers import PARSERS, ris
from tests.export_fixtures import record_sets
from tests.format_tables import cannot_carry
from tests.test_bibtex_reader import _text, expected, view
from tests.test_corpus import _compare

SETS = record_sets()
RECORDS = [(name, i, r) for name, rs in SETS.items() for i, r in enumerate(rs)]


def _held(fields: dict[str, Any]) -> dict[str, Any]:
    # RIS names a catalogue and the number in it (DB/DP, AN/CN: the RIS spec's database,
    # database provider, accession number, call number); which CSL pair a value lands in
    # depends on which of the four the record has, so the values are compared as a set.
    if "library" in fields:
        fields["library"] = sorted(fields["library"])
    return fields


@pytest.mark.parametrize(("name", "index", "record"), RECORDS, ids=lambda v: str(v)[:20])
def test_round_trip_gives_back_what_ris_carries(name: str, index: int, record: Record) -> None:
    text = write([record], "ris").text
    result = parse(text, origin="roundtrip.ris")
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert len(result.records) == 1, text
    got, want = _held(view(result.records[0].csl())), _held(expected(record, "ris"))
    if "type" not in cannot_carry("ris", record):
        assert result.records[0].type == record.type
    missing = {k: (want[k], got.get(k)) for k in want if got.get(k) != want[k]}
    assert not missing, f"ris lost or changed fields:\n{text}"
    if record.note:
        assert _text(record.note) in (_text(result.records[0].note) or "")


CORPUS = Path(__file__).resolve().parent / "corpus"
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
OTHER_INPUTS = sorted(
    p
    for p in [*CORPUS.rglob("*"), *SEEDS_DIR.rglob("*")]
    if p.is_file()
    and p.suffix in (".md", ".txt", ".bib", ".json", ".nbib")
    and "expect" not in p.name
)
RIS_INPUTS = sorted((CORPUS / "ris").glob("*.ris"))


@pytest.mark.parametrize("path", OTHER_INPUTS, ids=lambda p: p.name[:30])
def test_ris_does_not_claim_other_formats(path: Path) -> None:
    assert not ris.matches(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", RIS_INPUTS, ids=lambda p: p.name[:30])
def test_other_readers_do_not_claim_ris(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig")
    claimed = [n for n, m in PARSERS.items() if n not in ("ris", "pubmed") and m.matches(text)]
    assert claimed == []
    # Saved as .txt (Ovid, ProQuest and Web of Science offer that), content alone decides.
    assert detect(text, "export.txt") == "ris"


def _messages(result: Any, code: str) -> list[str]:
    return [str(d) for d in result.diagnostics if d.code == code]


def test_spacing_variants_crlf_and_bom_are_one_grammar() -> None:
    # Zotero: `TAG  - value` CRLF with a BOM; older writers: `TAG - value`, `TAG  -` empty.
    text = (
        "\ufeffTY  - JOUR\r\nTI - One title\r\nAU  -\r\nAU  - Doe, Jane\r\nPY  - 2001\r\nER  -\r\n"
    )
    (record,) = parse(text, origin="a.ris").records
    assert record.title == "One title"
    assert [(n.family, n.given) for n in record.author] == [("Doe", "Jane")]
    assert record.issued is not None and record.issued.year == 2001


def test_a_record_without_er_at_the_end_is_read_and_warned() -> None:
    text = "TY  - JOUR\nTI  - First\nER  - \n\nTY  - BOOK\nTI  - Second, unterminated\nPY  - 2010\n"
    result = parse(text, origin="cut.ris")
    assert [r.title for r in result.records] == ["First", "Second, unterminated"]
    assert [d.line for d in result.diagnostics if d.code == "no-end"] == [5]


def test_a_ty_without_the_previous_er_starts_the_next_record() -> None:
    text = "TY  - JOUR\nTI  - First\nTY  - JOUR\nTI  - Second\nER  - \n"
    result = parse(text, origin="x.ris")
    assert [r.title for r in result.records] == ["First", "Second"]
    assert [d.line for d in result.diagnostics if d.code == "no-end"] == [1]


def test_unknown_tags_are_reported_once_per_tag_per_file() -> None:
    record = "TY  - JOUR\nTI  - T{n}\nZZ  - mystery\nQ9  - other\nER  - \n"
    result = parse("".join(record.format(n=n) for n in range(3)), origin="u.ris")
    assert len(result.records) == 3
    unknown = _messages(result, "unknown-tag")
    assert len(unknown) == 2
    assert any("ZZ" in m and "3 record(s)" in m for m in unknown)


def test_known_tags_without_a_csl_field_are_named() -> None:
    text = "TY  - JOUR\nTI  - T\nAD  - Dept of Things, Oslo\nU3  - 2014-08-29\nER  - \n"
    (message,) = _messages(parse(text, origin="k.ris"), "not-read")
    assert "AD (1)" in message and "U3 (1)" in message


def test_lines_outside_records_are_reported() -> None:
    # Ovid: a record number before TY (no data), an NL tag and a link line after ER.
    text = (
        "1.\nTY  - JOUR\nTI  - T\nER  -\nNL  - Clin Psychol Psychother\n\n"
        "Link to the Ovid Full Text or citation: https://example.org/x\n\n2.\n"
        "TY  - JOUR\nTI  - U\nER  -\n"
    )
    result = parse(text, origin="ovid.ris")
    assert [r.title for r in result.records] == ["T", "U"]
    (message,) = _messages(result, "outside-record")
    assert "2 line(s)" in message and "NL" in message
    assert [d.line for d in result.diagnostics if d.code == "outside-record"] == [5]


def test_tag_lines_after_er_up_to_an_er_are_a_record_without_ty() -> None:
    text = "TY  - JOUR\nTI  - T\nER  - \nTI  - Untyped\nAU  - Roe, R\nER  - \n"
    result = parse(text, origin="t.ris")
    assert [r.title for r in result.records] == ["T", "Untyped"]
    assert [r.type for r in result.records] == ["article-journal", "article-journal"]
    assert _messages(result, "unknown-type")


def test_a_file_with_no_record_is_an_error() -> None:
    result = parse("ER  - \n", origin="empty.ris", source_format="ris")
    assert result.records == []
    assert [d.code for d in result.diagnostics if d.severity == "error"] == ["not-recognised"]


def test_values_are_kept_as_data_not_markup() -> None:
    # A value never becomes a tag of its own or markup: the writer escapes, the reader keeps.
    text = "TY  - JOUR\nTI  - <script>alert(1)</script> & {\\x}\nER  - \n"
    (record,) = parse(text, origin="x.ris").records
    assert record.title == "<script>alert(1)</script> & {\\x}"
    assert "<script>" not in write([record], "html").text


def test_pandas_gaps_several_urls_pdf_links_and_unread_dates() -> None:
    # asreview's files (written through pandas) spell gaps `nan`; Lens exports put PDFs in
    # L4; rispy's examples put two URLs on one UR line; asreview's faulty_year.ris a PY of
    # `10 15`.
    text = (
        "TY  - JOUR\nTI  - Escape education\nDA  - 2020///nan\nIS  - nan\nSP  - 100364\n"
        "EP  - nan\nUR  - http://example.com; http://www.example.com\n"
        "L4  - https://onlinelibrary.wiley.com/doi/pdf/10.1111/puar.13181\nER  -\n"
        "TY  - JOUR\nTI  - Faulty year\nPY  - 10 15\nER  -\n"
    )
    result = parse(text, origin="lens.ris")
    first, second = result.records
    assert (first.issue, first.page, first.URL) == (None, "100364", "http://example.com")
    assert first.custom.pdf == ["https://onlinelibrary.wiley.com/doi/pdf/10.1111/puar.13181"]
    assert first.issued is not None and first.issued.date_parts == [[2020]]
    assert any("UR (1)" in m for m in _messages(result, "not-read"))
    assert second.issued is None
    assert [d.line for d in result.diagnostics if d.code == "bad-date"] == [10]


def test_a_medline_file_saved_as_ris_goes_to_the_medline_reader() -> None:
    # asreview's citation-file-formatting corpus ships PubMed's MEDLINE format as .ris: the
    # suffix's owner is asked first, and RIS finds no TY line in it.
    text = "PMID- 30922926\nOWN - NLM\nTI  - Time lapse.\nAU  - Griffin DK\nDP  - 2020 Feb\n"
    assert not ris.matches(text)
    assert detect(text, "_baseline_pubmed.ris") == "medline"


def test_record_numbers_and_accessions_in_id_are_not_citation_keys() -> None:
    # JabRef/Mendeley/citekit: a key; EndNote: a record number; RefWorks: its record id.
    text = "".join(
        f"TY  - JOUR\nTI  - T{n}\nID  - {key}\nER  - \n"
        for n, key in enumerate(["Smith2020", "12", "RefID:888-boisvert2024description"])
    )
    records = parse(text, origin="ids.ris").records
    assert [r.id or None for r in records] == ["Smith2020", None, None]


def test_a_letters_second_names_are_its_recipients() -> None:
    # RIS.js: A2 of a letter (PCOMM) is its recipient. Not in the corpus: APA lists no
    # personal communications, so the pandoc comparison could not pair its entry.
    text = "TY  - PCOMM\nTI  - A letter\nAU  - Writer, Wanda\nA2  - Reader, Rolf\nER  - \n"
    (record,) = parse(text, origin="letter.ris").records
    assert record.type == "personal_communication"
    assert [(n.family, n.given) for n in record.recipient] == [("Reader", "Rolf")]
    assert record.editor == []


TYPES_CASE = Path(__file__).resolve().parent / "ris_types" / "411-ris-types.ris"


def test_every_ris_type_and_its_type_dependent_tags() -> None:
    # Kept out of tests/corpus: the reference-list comparison with pandoc runs over that
    # folder, and APA's labels for data sets, maps, films… are a bibliography matter.
    expect = json.loads(TYPES_CASE.with_suffix(".expect.json").read_text(encoding="utf-8"))
    result = parse(TYPES_CASE.read_text(encoding="utf-8"), origin=TYPES_CASE.name)
    got = [r.csl() for r in result.records]
    assert len(got) == len(expect["records"])
    problems = []
    for number, (mine, want) in enumerate(zip(got, expect["records"], strict=True), start=1):
        problems += _compare(mine, want, f"record {number}")
    assert not problems, expect["rule"] + "\n" + "\n".join(problems)


def test_zotero_extra_lines_in_m2_are_read_as_their_fields() -> None:
    # RIS.js reads M2 as Zotero's Extra; its Key: value lines hold what no tag does.
    text = (
        "TY  - JOUR\r\nTI  - T\r\nM2  - PMID: 123\r\nM2  - available-date: 2022-02-15\r\n"
        "M2  - number-of-pages: 12\r\nM2  - ISBN: 9780309163941\r\nM2  - a remark\r\nER  - \r\n"
    )
    (got,) = parse(text, origin="z.ris").records
    assert got.available_date.date_parts == [[2022, 2, 15]]
    assert (got.number_of_pages, got.ISBN, got.PMID) == ("12", "9780309163941", "123")
    assert got.note == "a remark"
