"""The ``citekit`` command: options in, one pipeline call, diagnostics to stderr, exit code out."""

from __future__ import annotations

import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from citekit import pipeline
from citekit.errors import CitekitError
from citekit.keys import DEFAULT_PATTERN
from citekit.parsers import PARSERS
from citekit.writers import WRITERS

app = typer.Typer(
    help="Turn pasted citations, VitaminDWiki pages and EBSCO records into clean references.",
    no_args_is_help=True,
    add_completion=False,
)

OutputFormat = Enum("OutputFormat", {name: name for name in WRITERS}, type=str)  # type: ignore[misc]
InputFormat = Enum("InputFormat", {name: name for name in PARSERS}, type=str)  # type: ignore[misc]

# Exit codes: 0 all inputs read; 1 some input could not be read (the rest was written);
# 2 bad usage (typer's own code).
EXIT_INPUT_ERROR = 1


@app.callback()
def main() -> None:
    """citekit: references from VitaminDWiki pages, PubMed citations and EBSCO records."""
    logger = logging.getLogger("citekit")
    if _WARNINGS not in logger.handlers:
        logger.addHandler(_WARNINGS)


def _report(message: str) -> None:
    typer.echo(f"citekit: {message}", err=True)


class _WarningLines(logging.Handler):
    """What the library logs (fields a format had no place for) as citekit's stderr lines."""

    def emit(self, record: logging.LogRecord) -> None:
        _report(f"{record.levelname.lower()}: {record.getMessage()}")


_WARNINGS = _WarningLines(logging.WARNING)


@app.command()
def export(
    paths: Annotated[
        list[str], typer.Argument(help="Files, folders (searched recursively) or - for stdin.")
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = "bibtex",  # type: ignore[assignment]
    output: Annotated[
        Optional[Path], typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    source_format: Annotated[
        Optional[InputFormat],
        typer.Option(
            "--from", help="Input format; detected from each file's content when omitted."
        ),
    ] = None,
    key_pattern: Annotated[
        str,
        typer.Option(
            help="Citation key recipe: {author} {Author} {year} {title} {Title} {titles} {journal}."
        ),
    ] = DEFAULT_PATTERN,
    ascii_only: Annotated[
        bool, typer.Option("--ascii", help="BibTeX: write accents as LaTeX commands.")
    ] = False,
) -> None:
    """Export references from PATHS as BibTeX, RIS or CSL-JSON."""
    try:
        result = pipeline.export(
            paths,
            OutputFormat(output_format).value,
            source_format=InputFormat(source_format).value if source_format else None,
            key_pattern=key_pattern,
            ascii=ascii_only,
        )
    except CitekitError as error:
        _report(str(error))
        raise typer.Exit(code=2) from error
    for diagnostic in result.diagnostics:
        _report(str(diagnostic))
    if output:
        output.write_text(result.text, encoding="utf-8", newline="")
    else:
        # Bytes, so that RIS keeps its CRLF ends and nothing re-encodes the text.
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            stream.write(result.text.encode("utf-8"))
            stream.flush()
        else:
            sys.stdout.write(result.text)
    _report(f"{len(result.records)} record(s) written")
    if result.failed:
        raise typer.Exit(code=EXIT_INPUT_ERROR)
