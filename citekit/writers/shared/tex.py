"""The one writer of the two TeX formats: records through a profile into bibtexparser entries."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol

import bibtexparser
from bibtexparser.model import Entry, Field

from citekit.errors import Diagnostic
from citekit.normalize import BABEL_NAMES, LANGUAGE_NAMES
from citekit.record import Record
from citekit.writers.shared.common import joined_notes
from citekit.writers.shared.latex import TeX, file_field, raw
from citekit.writers.shared.profile import (
    Built,
    Context,
    DropReport,
    Encoder,
    Profile,
    build,
    transliterated,
)
from citekit.writers.shared.written import Written

_RANGE_DASH = re.compile(r"\s*[-‐‑‒–—]+\s*")

_FORMAT = bibtexparser.BibtexFormat()
_FORMAT.indent = "  "  # bibtexparser's default is a tab
_FORMAT.block_separator = "\n"


class TexOptions(Protocol):
    ascii: bool


def write_tex(
    records: Sequence[Record],
    profile: Profile,
    options: TexOptions,
    gaps: Callable[[Built, Record], Diagnostic | None],
) -> Written:
    """Serialise ``records`` through ``profile``, in the order given; ``gaps`` names what a
    record lacks that the format's styles or tools will complain about."""
    tex = TeX(ascii_only=options.ascii)
    dropped = DropReport(profile.name)
    diagnostics: list[Diagnostic] = []
    library = bibtexparser.Library()
    for record in records:
        built = build(record, profile, tex)
        dropped.add(record, built.left_out(record))
        gap = gaps(built, record)
        if gap:
            diagnostics.append(gap)
        library.add(Entry(built.kind, record.id, [Field(k, v) for k, v in built.fields]))
    diagnostics += dropped.diagnostics() + transliterated(profile.name, tex)
    # An empty unparse stack: the values carry their own delimiters (month is a macro).
    text = bibtexparser.write_string(library, unparse_stack=[], bibtex_format=_FORMAT)
    return Written(text, diagnostics)


# --- encoders the TeX profiles share ----------------------------------------------------


def pages(page: str, tex: TeX) -> str:
    """``869-886`` → ``869--886``: BibTeX's range dash between the escaped page numbers."""
    return "--".join(tex.text(part) for part in _RANGE_DASH.split(page.strip()))


def babel_language(code: str) -> str:
    """``en`` → ``english``; a code babel has no name for stays the code."""
    return BABEL_NAMES.get(code.split("-")[0].lower(), code)


def tex_of(context: Context) -> TeX:
    assert context.tex is not None  # the TeX formats always build with an escaper
    return context.tex


def braced(text: str) -> str:
    return "{" + text + "}"


def text(attribute: str) -> Encoder:
    """The record's ``attribute`` as escaped TeX text in braces."""

    def encode(record: Record, context: Context) -> str | None:
        value = getattr(record, attribute)
        return braced(tex_of(context).text(value)) if value else None

    return encode


def unprinted(attribute: str) -> Encoder:
    """A field no style prints (abstract, keywords), for the readers that keep it as typed."""

    def encode(record: Record, context: Context) -> str | None:
        value = getattr(record, attribute)
        return braced(tex_of(context).unprinted(value)) if value else None

    return encode


def title(attribute: str, *, name: bool = False) -> Encoder:
    """The record's ``attribute`` as a title: escaped, words that keep their case braced."""

    def encode(record: Record, context: Context) -> str | None:
        value = getattr(record, attribute)
        return braced(tex_of(context).title(value, name=name)) if value else None

    return encode


def names(attribute: str) -> Encoder:
    def encode(record: Record, context: Context) -> str | None:
        value = getattr(record, attribute)
        return braced(tex_of(context).names(value)) if value else None

    return encode


def raw_field(attribute: str) -> Encoder:
    """A link, written as it is (Zotero keeps a ``\\_`` in a DOI)."""

    def encode(record: Record, _: Context) -> str | None:
        value = getattr(record, attribute)
        return braced(raw(value)) if value else None

    return encode


def only_short(encoder: Encoder) -> Encoder:
    """The abbreviation standing in for a container title that is not known."""

    def encode(record: Record, context: Context) -> str | None:
        return None if record.container_title else encoder(record, context)

    return encode


def page_range(record: Record, context: Context) -> str | None:
    return braced(pages(record.page, tex_of(context))) if record.page else None


def library(record: Record, context: Context) -> str | None:
    """biblatex's ``library``, "a library name and a call number": the catalogue or database
    a record came from and its number there. BibTeX ignores it; pandoc reads it as the
    call number."""
    value = ", ".join(v for v in (record.source, record.call_number) if v)
    return braced(tex_of(context).text(value)) if value else None


def archive(record: Record, context: Context) -> str | None:
    """Where an archive holds the work, when there is no catalogue entry to name instead."""
    value = ", ".join(v for v in (record.archive, record.archive_location) if v)
    return braced(tex_of(context).text(value)) if value else None


def language_name(record: Record, context: Context) -> str | None:
    if not record.language:
        return None
    return braced(tex_of(context).text(LANGUAGE_NAMES.get(record.language, record.language)))


def langid(record: Record, context: Context) -> str | None:
    return (
        braced(tex_of(context).text(babel_language(record.language))) if record.language else None
    )


def note(record: Record, context: Context) -> str | None:
    value = joined_notes(record)
    return braced(tex_of(context).text(value)) if value else None


def pdf_files(record: Record, _: Context) -> str | None:
    return braced(file_field(record.custom.pdf)) if record.custom.pdf else None
