"""The ``citekit`` command: options in, one pipeline call, diagnostics to stderr, exit code out."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from citekit import pipeline
from citekit import styles as csl_styles
from citekit.errors import CitekitError
from citekit.keys import DEFAULT_PATTERN
from citekit.output import OutputError, write_atomically
from citekit.parsers import PARSERS, ParseResult
from citekit.writers import WRITERS

if TYPE_CHECKING:
    from citekit.enrich import Enricher

app = typer.Typer(
    help="Turn pasted citations, VitaminDWiki pages and EBSCO records into clean references.",
    no_args_is_help=True,
    add_completion=False,
)

OutputFormat = Enum("OutputFormat", {name: name for name in WRITERS}, type=str)  # type: ignore[misc]
InputFormat = Enum("InputFormat", {name: name for name in PARSERS}, type=str)  # type: ignore[misc]
# Mirrors citekit.enrich.PREFER_CHOICES; spelled out so `citekit --help` does not import requests.
Prefer = Enum("Prefer", {name: name for name in ("parsed", "crossref")}, type=str)  # type: ignore[misc]
CacheOption = Annotated[
    Optional[Path],
    typer.Option(
        "--cache",
        help="HTTP cache file (or folder) for DOI look-ups; default: the user cache directory.",
    ),
]
KeepDuplicatesOption = Annotated[
    bool,
    typer.Option(
        "--keep-duplicates",
        help="Do not merge the records of one work (same DOI, PMID, or title, year and author) "
        "found in several places.",
    ),
]
SourceOption = Annotated[
    Optional[InputFormat],
    typer.Option("--from", help="Input format; detected from each file's content when omitted."),
]
ReferencesOption = Annotated[
    bool,
    typer.Option(
        "--references/--no-references",
        help="Include the references pasted under a study (its reference list).",
    ),
]

PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders (searched recursively) or - for stdin.")
]
# The options of `export`, named here so that its signature reads as a list of them.
FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")]
OutputOption = Annotated[
    Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")
]
KeyPatternOption = Annotated[
    str,
    typer.Option(
        help="Citation key recipe: {author} {Author} {year} {title} {Title} {titles} {journal}."
    ),
]
AsciiOption = Annotated[
    bool, typer.Option("--ascii", help="BibTeX: write accents as LaTeX commands.")
]
NewKeysOption = Annotated[
    bool,
    typer.Option(
        "--new-keys", help="Make every key from --key-pattern, also where an input has one."
    ),
]
EnrichOption = Annotated[
    bool, typer.Option("--enrich", help="Complete records from Crossref by their DOI.")
]
PreferOption = Annotated[
    Prefer,
    typer.Option(help="Enrich: whose value wins where both have one (parsed fills gaps only)."),
]
MailtoOption = Annotated[
    Optional[str],
    typer.Option(
        envvar="CITEKIT_MAILTO",
        help="Enrich: your e-mail for Crossref's polite pool (10 requests/s instead of 5).",
    ),
]
OfflineOption = Annotated[
    bool, typer.Option("--offline", help="Enrich: answer from the cache only.")
]
ReportOption = Annotated[
    Optional[Path],
    typer.Option(
        help="Write a JSON report: summary, every diagnostic, and with --enrich what each "
        "record gained, conflicts and failed DOIs."
    ),
]
RejectsOption = Annotated[
    Optional[Path],
    typer.Option(help="Write every input, block or line that gave no record to this file."),
]
StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict", help="Exit 1 if anything is worth a warning (the output is still written)."
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only errors on stderr; no summary.")
]
JobsOption = Annotated[
    Optional[int],
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Processes that parse many input files (default: one per core; same output).",
    ),
]
StyleOption = Annotated[
    Optional[str],
    typer.Option(
        "--style",
        "-s",
        help="text/markdown/html/rtf: a CSL style short name, id or .csl file "
        f"(see `citekit styles`; default {csl_styles.DEFAULT_STYLE}).",
    ),
]

# Exit codes: 0 all inputs read; 1 some input could not be read (the rest was written);
# 2 bad usage (typer's own code).
EXIT_INPUT_ERROR = 1


@app.callback()
def main() -> None:
    """citekit: references from VitaminDWiki pages, PubMed citations and EBSCO records."""


def _report(message: str) -> None:
    typer.echo(f"citekit: {message}", err=True)


@app.command()
def export(
    paths: PathsArgument,
    output_format: FormatOption = "bibtex",  # type: ignore[assignment]
    output: OutputOption = None,
    source_format: SourceOption = None,
    key_pattern: KeyPatternOption = DEFAULT_PATTERN,
    ascii_only: AsciiOption = False,
    keep_duplicates: KeepDuplicatesOption = False,
    new_keys: NewKeysOption = False,
    references: ReferencesOption = True,
    enrich: EnrichOption = False,
    prefer: PreferOption = "parsed",  # type: ignore[assignment]
    mailto: MailtoOption = None,
    offline: OfflineOption = False,
    cache: CacheOption = None,
    report: ReportOption = None,
    rejects: RejectsOption = None,
    strict: StrictOption = False,
    quiet: QuietOption = False,
    jobs: JobsOption = None,
    style: StyleOption = None,
) -> None:
    """Export references from PATHS as BibTeX, RIS, CSL-JSON or a styled reference list."""
    if not enrich and (offline or Prefer(prefer).value != "parsed"):
        _report("--offline and --prefer need --enrich")
        raise typer.Exit(code=2)
    # Only the options given reach the writer, which refuses one its format does not use.
    options: dict[str, object] = {"ascii": True} if ascii_only else {}
    if style is not None:
        options["style"] = style
    counter = _ReadingCount() if sys.stderr.isatty() and not quiet else None
    try:
        enricher = _enricher(Prefer(prefer).value, mailto, offline, cache) if enrich else None
        result = pipeline.export(
            paths,
            OutputFormat(output_format).value,
            source_format=InputFormat(source_format).value if source_format else None,
            key_pattern=key_pattern,
            keep_duplicates=keep_duplicates,
            new_keys=new_keys,
            references=references,
            enricher=enricher,
            jobs=jobs,
            keep_rejected=rejects is not None,
            progress=counter,
            **options,  # type: ignore[arg-type]
        )
    except CitekitError as error:
        if counter is not None:
            counter.done()
        _report(str(error))
        raise typer.Exit(code=2) from error
    if counter is not None:
        counter.done()
    code = _deliver(
        result, output, report, rejects, references=references, strict=strict, quiet=quiet
    )
    if code:
        raise typer.Exit(code=code)


def _deliver(
    result: pipeline.Export,
    output: Path | None,
    report: Path | None,
    rejects: Path | None,
    *,
    references: bool,
    strict: bool,
    quiet: bool,
) -> int:
    """Diagnostics to stderr, the export to ``output`` (or stdout), the side files; the exit
    code, which a side file that could not be written makes 1."""
    for diagnostic in result.diagnostics:
        if not quiet or diagnostic.severity == "error":
            _report(str(diagnostic))
    if not references and not quiet:
        count = result.references_left_out
        noun = "reference" if count == 1 else "references"
        _report(f"note: left out {count} {noun} pasted under studies (--no-references)")
    _emit(result.text, output)
    code = _exit_code(result, strict)
    written = [
        _write_side_file(report, _report_json(result, code)) if report else True,
        _write_side_file(rejects, _rejects_text(result)) if rejects else True,
    ]
    if not quiet:
        _report(summary_line(result))
    return EXIT_INPUT_ERROR if not all(written) else code


def _exit_code(result: pipeline.Export, strict: bool) -> int:
    """1 when an input failed, or under --strict when anything was worth a warning."""
    if result.failed or (strict and result.count("warning")):
        return EXIT_INPUT_ERROR
    return 0


def summary_line(result: pipeline.Export) -> str:
    """``3,065 records from 2,415 files; 12 warnings, 0 errors``."""
    warnings, errors = result.count("warning"), result.count("error")
    return (
        f"{_count(len(result.records), 'record')} from {_count(result.files, 'file')}; "
        f"{_count(warnings, 'warning')}, {_count(errors, 'error')}"
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _report_json(result: pipeline.Export, exit_code: int) -> str:
    """The --report document: the summary, every diagnostic, and the enrichment report."""
    data: dict[str, object] = {
        "summary": {
            "records": len(result.records),
            "files": result.files,
            "notes": result.count("note"),
            "warnings": result.count("warning"),
            "errors": result.count("error"),
            "exit_code": exit_code,
        },
        "diagnostics": [
            {
                "file": d.origin,
                "line": d.line,
                "severity": d.severity,
                "code": d.code,
                "message": d.message,
            }
            for d in result.diagnostics
        ],
    }
    if result.enrichment is not None:
        data["enrichment"] = result.enrichment.report(result.records)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _rejects_text(result: pipeline.Export) -> str:
    """One line per input, block or line that gave no record (where, code, why), and under
    it the text left behind, indented by four spaces so that no line of it reads as a
    heading line."""
    out = []
    for d in result.rejects:
        out.append(
            f"{d.origin if d.line is None else f'{d.origin}:{d.line}'}\t{d.code}\t{d.message}\n"
        )
        out += [f"    {line}\n" for line in d.text.splitlines()]
    return "".join(out)


def _write_side_file(path: Path, text: str) -> bool:
    """Write a report beside the export (atomically, as -o); an error line if it cannot be."""
    try:
        write_atomically(path, text.encode("utf-8"))
    except OutputError as error:
        _report(f"{error.path}: error: cannot write the report: {error.reason}")
        return False
    return True


def _emit(text: str, output: Optional[Path]) -> None:
    """Write the export to ``output`` (replaced whole, or left as it was), or to stdout."""
    if output:
        try:
            write_atomically(output, text.encode("utf-8"))
        except OutputError as error:
            _report(f"{error.path}: error: cannot write: {error.reason}")
            raise typer.Exit(code=EXIT_INPUT_ERROR) from error
        return
    # Bytes, so that RIS keeps its CRLF ends and nothing re-encodes the text.
    stream = getattr(sys.stdout, "buffer", None)
    if stream is not None:
        stream.write(text.encode("utf-8"))
        stream.flush()
    else:
        sys.stdout.write(text)


def _enricher(prefer: str, mailto: Optional[str], offline: bool, cache: Optional[Path]) -> Enricher:
    """The enrich stage as the options describe it, with a progress bar on a terminal."""
    from citekit.enrich import Enricher, Settings

    settings = Settings.from_env(os.environ, mailto=mailto)
    progress = _ProgressBar() if sys.stderr.isatty() else None
    return Enricher(settings, prefer=prefer, offline=offline, cache=cache, progress=progress)


class _ProgressBar:
    """A DOI look-up progress bar on stderr, opened once the number of DOIs is known."""

    def __init__(self) -> None:
        self._bar = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            self._bar = typer.progressbar(length=total, label="Looking up DOIs", file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done
        if done >= total:
            self._bar.__exit__(None, None, None)


class _ReadingCount:
    """How many inputs have been read, on one stderr line that is rewritten in place (the
    total is not known until every folder has been walked, so a count, not a bar)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, files: int) -> None:
        sys.stderr.write(f"\rReading inputs: {files:,} files")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:  # the count gives way to the diagnostics and the summary line
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


cache_app = typer.Typer(help="The HTTP cache of DOI look-ups.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def cache_info(cache: CacheOption = None) -> None:
    """Where the cache is, how many answers it holds and how big it is."""
    from citekit.enrich import cache as http_cache

    try:
        for line in http_cache.info(cache).lines():
            typer.echo(line)
    except CitekitError as error:
        _report(str(error))
        raise typer.Exit(code=2) from error


@cache_app.command("clear")
def cache_clear(cache: CacheOption = None) -> None:
    """Drop every cached answer; the next --enrich asks Crossref again."""
    from citekit.enrich import cache as http_cache

    try:
        dropped = http_cache.clear(cache)
    except CitekitError as error:
        _report(str(error))
        raise typer.Exit(code=2) from error
    _report(f"{dropped} cached answer(s) removed from {http_cache.cache_path(cache)}")


@app.command()
def styles(
    query: Annotated[
        Optional[str], typer.Argument(help="Words to look for in style ids, titles, short names.")
    ] = None,
) -> None:
    """List the CSL styles --style accepts, or those matching QUERY."""
    found = csl_styles.search(query)
    for info in found:
        notes = csl_styles.aliases_of(info.id)
        if info.origin == "citekit":
            notes.append("citekit's own")
        if info.parent:
            notes.append(f"uses {info.parent}")
        extra = f"\t[{'; '.join(notes)}]" if notes else ""
        typer.echo(f"{info.id}\t{info.title}{extra}")
    _report(f"{len(found)} style(s)" + (f" matching {query!r}" if query else ""))
    if not found:
        raise typer.Exit(code=EXIT_INPUT_ERROR)


@app.command()
def check(paths: PathsArgument, source_format: SourceOption = None) -> None:
    """Parse PATHS only: per file, how many records it gave and every problem found.

    Exit 1 if any input failed (an error), as export does; warnings are listed, not fatal.
    """
    from citekit.tables import check_table

    result = _parse(paths, source_format)
    _console().print(check_table(result))
    typer.echo(_parsed_summary(result), err=True)
    if any(d.severity == "error" for d in result.diagnostics):
        raise typer.Exit(code=EXIT_INPUT_ERROR)


@app.command()
def show(paths: PathsArgument, source_format: SourceOption = None) -> None:
    """Parse PATHS and show the records: first author, year, title, journal, DOI."""
    from citekit.tables import records_table

    result = _parse(paths, source_format)
    for diagnostic in result.diagnostics:
        if diagnostic.severity == "error":
            _report(str(diagnostic))
    _console().print(records_table(result.records))
    typer.echo(_parsed_summary(result), err=True)
    if any(d.severity == "error" for d in result.diagnostics):
        raise typer.Exit(code=EXIT_INPUT_ERROR)


def _parse(paths: list[str], source_format: Optional[InputFormat]) -> ParseResult:
    name = InputFormat(source_format).value if source_format else None
    return pipeline.parse_paths(paths, source_format=name)


def _parsed_summary(result: ParseResult) -> str:
    warnings = sum(d.severity == "warning" for d in result.diagnostics)
    errors = sum(d.severity == "error" for d in result.diagnostics)
    return (
        f"citekit: {_count(len(result.records), 'record')} from {_count(result.files, 'file')}; "
        f"{_count(warnings, 'warning')}, {_count(errors, 'error')}"
    )


def _console() -> Any:
    """Colour and the terminal's width on a terminal; plain text, wide enough not to fold
    lines into each other, anywhere else (a pipe, a file, a test)."""
    from rich.console import Console

    if sys.stdout.isatty():
        return Console()
    return Console(no_color=True, width=200, highlight=False, force_terminal=False)
