"""Bad inputs and faults, each through the command line with its exact code and exit code.

The matrix of issue 13. Expectations are the README's code table and exit codes (0 ok, 1 an
input failed, 2 usage). What is already covered elsewhere is not repeated here: -o to a
directory, a missing folder and /dev/full, and SIGINT during -o (tests/test_output.py); a
missing file and skipped files in a folder (tests/test_cli.py); UTF-16 without a BOM
(tests/test_cli_export.py). Inputs that could block (FIFO, socket) run in a subprocess with a
timeout, so a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from citekit.cli import app

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0
# One PubMed Summary line (title first layout, as PubMed's "Summary (text)" export writes it).
CITATION = "Smith J, Jones K. Vitamin D and falls in winter. J Bone Res. 2012;5(2):101-9.\n"


def run(*args: str):
    return CliRunner().invoke(app, ["export", *args, "-f", "csl-json"], catch_exceptions=False)


def run_process(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "citekit", "export", *args, "-f", "csl-json"]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def said(stderr: str, code: str) -> list[str]:
    return [line for line in stderr.splitlines() if f"[{code}]" in line]


def titles(stdout: str) -> list[str]:
    return [item.get("title") for item in json.loads(stdout)]


# -- contents ------------------------------------------------------------------------------


def test_an_empty_file_is_a_warning_and_nothing_else(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.md"
    blank.write_bytes(b"\n \r\n\t\n")  # an editor's "empty" file
    result = run(str(empty), str(blank))
    assert result.exit_code == 0
    assert said(result.stderr, "empty") == [
        f"citekit: {empty}: warning[empty]: empty file; nothing to read",
        f"citekit: {blank}: warning[empty]: empty file; nothing to read",
    ]
    assert json.loads(result.stdout) == []


def test_a_binary_file_is_an_error_and_the_others_still_export(tmp_path: Path):
    # A PDF saved with a .txt name (what a browser's "save as" of a full-text link gives).
    pdf = tmp_path / "paper.txt"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\x00\x00stream\n")
    good = tmp_path / "good.txt"
    good.write_text(CITATION, encoding="utf-8")
    result = run(str(pdf), str(good))
    assert result.exit_code == 1
    assert said(result.stderr, "binary") == [
        f"citekit: {pdf}: error[binary]: binary data, not text (NUL bytes); not read"
    ]
    assert titles(result.stdout) == ["Vitamin D and falls in winter"]


def test_invalid_utf8_is_read_as_windows_1252_with_the_line_named(tmp_path: Path):
    page = tmp_path / "latin.txt"
    # "Stöcklin" saved by an old Windows editor: ö is the single byte 0xF6.
    page.write_bytes(b"\n" + CITATION.replace("Smith J", "St\xf6cklin J").encode("latin-1"))
    result = run(str(page))
    assert result.exit_code == 0
    assert said(result.stderr, "not-utf8") == [
        f"citekit: {page}:2: warning[not-utf8]: not UTF-8; read as Windows-1252"
    ]
    assert json.loads(result.stdout)[0]["author"][0]["family"] == "Stöcklin"


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")],
)
def test_byte_order_marks_are_read_and_not_kept(tmp_path: Path, encoding: str, bom: bytes):
    page = tmp_path / "notepad.txt"  # Windows Notepad writes each of these
    page.write_bytes(bom + CITATION.encode(encoding))
    result = run(str(page))
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert item["author"][0]["family"] == "Smith" and item["title"] == (
        "Vitamin D and falls in winter"
    )


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_read_as_lf(tmp_path: Path, end: str):
    # An EBSCO-style copy (Windows: CRLF; classic Mac OS: CR), title and source on two lines
    # of a PubMed Summary export.
    text = "Vitamin D and falls in winter.\nSmith J, Jones K.\nJ Bone Res. 2012;5(2):101-9.\n"
    lf, other = tmp_path / "lf.txt", tmp_path / "other.txt"
    lf.write_bytes(text.encode())
    other.write_bytes(text.replace("\n", end).encode())
    assert run(str(lf)).exit_code == 0
    expected = json.loads(run(str(lf)).stdout)[0]
    got = json.loads(run(str(other)).stdout)[0]
    for item in (expected, got):
        item.pop("custom")
    assert got == expected and got["volume"] == "5"


def test_broken_front_matter_keeps_the_citations(tmp_path: Path):
    page = tmp_path / "page.md"
    # A VitaminDWiki page whose front matter lost a comma in an edit.
    page.write_text('---\n{"title": "Falls" "slug": "falls"}\n---\n\n' + CITATION, "utf-8")
    result = run(str(page))
    assert result.exit_code == 0
    [line] = said(result.stderr, "bad-front-matter")
    assert line.startswith(f"citekit: {page}:1: warning[bad-front-matter]: front matter is not")
    assert titles(result.stdout) == ["Vitamin D and falls in winter"]


def test_a_one_megabyte_line_does_not_stop_the_citation_below_it(tmp_path: Path):
    page = tmp_path / "long.txt"
    page.write_text("x" * 1_000_000 + "\n\n" + CITATION, encoding="utf-8")
    result = run(str(page))
    assert result.exit_code == 0
    assert "Vitamin D and falls in winter" in titles(result.stdout)


def test_five_thousand_authors_are_all_kept(tmp_path: Path):
    # A consortium paper in PubMed's MEDLINE format: one FAU line per author.
    lines = ["PMID- 12345678", "TI  - Vitamin D and falls.", "DP  - 2012 Feb"]
    lines += [f"FAU - Author{i}, Ann" for i in range(5000)]
    lines += ["TA  - J Bone Res", "VI  - 5", "PG  - 101-9", "LID - 10.1000/abc.5 [doi]"]
    page = tmp_path / "consortium.nbib"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(str(page))
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert len(item["author"]) == 5000 and item["author"][-1]["family"] == "Author4999"


def test_five_thousand_authors_on_a_summary_line_are_authors_not_a_title(tmp_path: Path):
    # The same paper as PubMed's summary line: the author sentence alone is 70,000 characters.
    authors = ", ".join(f"Author{i} AB" for i in range(5000))
    line = f"{authors}. Vitamin D and falls. J Bone Res. 2012;5(2):101-9. doi: 10.1000/abc.5.\n"
    pasted = tmp_path / "consortium.txt"
    pasted.write_text(line, encoding="utf-8")
    result = run(str(pasted))
    assert result.exit_code == 0, result.stderr
    [item] = json.loads(result.stdout)
    assert item["title"] == "Vitamin D and falls"
    assert len(item["author"]) == 5000
    assert item["author"][-1] == {"family": "Author4999", "given": "A. B."}


def test_a_long_paragraph_is_still_not_an_author_line() -> None:
    from citekit.names import parse_authors

    prose = " ".join(["Vitamin D levels were measured in the cohort"] * 120) + ", and more."
    assert parse_authors(prose) is None


def test_deep_json_is_one_error(tmp_path: Path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run(str(deep))
    assert result.exit_code == 1
    assert said(result.stderr, "too-deep") == [
        f"citekit: {deep}: error[too-deep]: JSON nested too deeply to read"
    ]


# -- things that are not files ---------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_named_or_in_a_folder_is_never_opened(tmp_path: Path):
    folder = tmp_path / "refs"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")  # no writer: opening it for reading would block for ever
    (folder / "good.txt").write_text(CITATION, encoding="utf-8")
    result = run_process(str(folder), str(folder / "pipe.txt"))
    assert result.returncode == 1
    message = "error[not-a-file]: not a regular file (a FIFO); not read"
    assert said(result.stderr, "not-a-file") == [f"citekit: {folder / 'pipe.txt'}: {message}"] * 2
    assert titles(result.stdout) == ["Vitamin D and falls in winter"]


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets here")
def test_a_socket_is_reported(tmp_path: Path):
    path = tmp_path / "s.txt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        result = run_process(str(path))
    finally:
        server.close()
    assert result.returncode == 1
    assert said(result.stderr, "not-a-file") == [
        f"citekit: {path}: error[not-a-file]: not a regular file (a socket); not read"
    ]


def test_a_device_is_reported():
    result = run_process("/dev/zero")  # reading it would never end
    assert result.returncode == 1
    assert said(result.stderr, "not-a-file") == [
        "citekit: /dev/zero: error[not-a-file]: not a regular file (a device); not read"
    ]


def test_a_symlink_loop_in_a_folder_is_walked_once(tmp_path: Path):
    folder = tmp_path / "refs"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.txt").write_text(CITATION, encoding="utf-8")
    (folder / "sub" / "back").symlink_to(folder)  # refs/sub/back -> refs
    (folder / "self").symlink_to(folder / "self")  # a link to itself
    result = run_process(str(folder))
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 1
    loops = said(result.stderr, "symlink-loop")
    assert [line.split(": ")[1] for line in loops] == [
        str(folder / "self"),
        str(folder / "sub" / "back"),
    ]


# -- files that cannot be read ---------------------------------------------------------------


@pytest.mark.skipif(ROOT_USER, reason="root reads files whatever their permissions")
def test_an_unreadable_file_is_an_error(tmp_path: Path):
    locked = tmp_path / "locked.txt"
    locked.write_text(CITATION, encoding="utf-8")
    locked.chmod(0)
    result = run(str(locked))
    assert result.exit_code == 1
    assert said(result.stderr, "unreadable") == [
        f"citekit: {locked}: error[unreadable]: cannot read: Permission denied"
    ]


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="no /proc here")
def test_a_file_that_fails_to_read_is_an_error():
    # A regular file by stat whose read fails (EIO), for root too.
    result = run("/proc/self/mem")
    assert result.exit_code == 1
    assert said(result.stderr, "unreadable") == [
        "citekit: /proc/self/mem: error[unreadable]: cannot read: Input/output error"
    ]


@pytest.mark.skipif(ROOT_USER, reason="root writes whatever the permissions")
def test_output_into_a_read_only_folder_is_one_error_line(tmp_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    source = tmp_path / "a.txt"
    source.write_text(CITATION, encoding="utf-8")
    folder.chmod(0o500)
    try:
        result = run(str(source), "-o", str(folder / "refs.json"))
    finally:
        folder.chmod(0o700)
    assert result.exit_code == 1
    assert "Permission denied" in result.stderr and "Traceback" not in result.output
