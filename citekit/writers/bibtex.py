"""BibTeX, written through bibtexparser v2's model and writer.

Text fields are LaTeX-escaped so that no input can leave its field or run a command; the
capitals a style must not lower-case are braced word by word (``vitamin {D}``, ``{COVID}-19``),
never the whole title. ``doi`` and ``url`` are written raw, as Zotero and biber expect: only
characters that would unbalance the field are percent-encoded. ``month`` is a macro
(``apr``), ``pages`` use ``--``. With ``ascii=True`` non-ASCII letters become LaTeX accent
commands (pylatexenc) for 8-bit BibTeX setups.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import bibtexparser
from bibtexparser.model import Entry, Field

from citekit.normalize import LANGUAGE_NAMES
from citekit.record import Name, Record
from citekit.writers.common import notes

NAME = "bibtex"

CSL_TO_BIBTEX_TYPE = {
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "article": "article",
    "review": "article",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "webpage": "misc",
}
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# Characters with a meaning to TeX or BibTeX, and what stands for them in text.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL = re.compile(r"[\\{}&%$#_~^]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_FORMAT = bibtexparser.BibtexFormat()
_FORMAT.indent = "  "
_FORMAT.block_separator = "\n"


def escape(text: str, *, ascii_only: bool = False) -> str:
    """Escape ``text`` for a BibTeX text field: TeX specials and line breaks neutralised."""
    return _escape_run(_flatten(text), ascii_only)


def _flatten(text: str) -> str:
    """One line: a line break inside a field would end a LaTeX paragraph or a log line."""
    return re.sub(r"\s+", " ", text.strip())


def _escape_run(text: str, ascii_only: bool) -> str:
    out = _SPECIAL.sub(lambda m: _LATEX_SPECIALS[m.group(0)], text)
    if ascii_only:
        out = _to_ascii(out)
    return out


def _to_ascii(text: str) -> str:
    if text.isascii():
        return text
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    encoder = UnicodeToLatexEncoder(
        non_ascii_only=True,
        replacement_latex_protection="braces-all",
        unknown_char_policy="replace",
    )
    return encoder.unicode_to_latex(text)


def _needs_protection(word: str, first: bool) -> bool:
    """A word whose capitals a BibTeX style would wrongly lower-case.

    ``first`` is true where ``change.case$`` keeps the capital anyway: the title's first
    character and the one after a colon and a space.
    """
    if not any(c.isupper() for c in word):
        return False
    if any(c.isupper() for c in word[1:]):
        return True  # acronyms and inner capitals: BMD, mRNA, McDonald
    if any(c.isdigit() for c in word):
        return True  # K2, H2
    return len(word) == 1 and not first  # vitamin D, X-ray


def protect(text: str, *, ascii_only: bool = False) -> str:
    """Escape a title and brace the words whose capitals must survive a BibTeX style."""
    text = _flatten(text)
    pieces = []
    last = 0
    for number, match in enumerate(_WORD.finditer(text)):
        pieces.append(_escape_run(text[last : match.start()], ascii_only))
        word = match.group(0)
        escaped = _to_ascii(word) if ascii_only else word
        kept = number == 0 or bool(re.search(r":\s+$", text[: match.start()]))
        pieces.append("{" + escaped + "}" if _needs_protection(word, kept) else escaped)
        last = match.end()
    pieces.append(_escape_run(text[last:], ascii_only))
    return "".join(pieces)


def raw(value: str) -> str:
    """A ``doi``/``url`` value as written, except what could unbalance the field."""
    value = re.sub(r"\s+", "%20", value.strip())
    if value.count("{") != value.count("}") or "\\" in value or _unbalanced(value):
        value = value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")
    return value


def _unbalanced(value: str) -> bool:
    depth = 0
    for char in value:
        depth += (char == "{") - (char == "}")
        if depth < 0:
            return True
    return depth != 0


def _name(name: Name, ascii_only: bool) -> str:
    if name.literal:
        return "{" + escape(name.literal, ascii_only=ascii_only) + "}"
    return escape(name.display, ascii_only=ascii_only)


def _names(names: list[Name], ascii_only: bool) -> str:
    return " and ".join(_name(n, ascii_only) for n in names)


def fields(record: Record, *, ascii_only: bool = False) -> list[tuple[str, str]]:
    """The BibTeX fields of ``record`` as (name, value-with-delimiters) pairs, in order."""
    text = lambda value: "{" + escape(value, ascii_only=ascii_only) + "}"  # noqa: E731
    out: list[tuple[str, str]] = []
    add = out.append
    if record.author:
        add(("author", "{" + _names(record.author, ascii_only) + "}"))
    if record.editor:
        add(("editor", "{" + _names(record.editor, ascii_only) + "}"))
    if record.title:
        add(("title", "{" + protect(record.title, ascii_only=ascii_only) + "}"))
    entry_type = CSL_TO_BIBTEX_TYPE.get(record.type, "misc")
    container = record.container_title or record.container_title_short
    if container:
        key = "journal" if entry_type == "article" else "booktitle"
        if entry_type in ("techreport", "phdthesis", "book", "misc"):
            key = "series" if entry_type == "book" else "howpublished"
        add((key, text(container)))
    if record.container_title_short and record.container_title:
        add(("shortjournal", text(record.container_title_short)))
    for key, value in (
        ("edition", record.edition),
        ("volume", record.volume),
        ("number", record.issue or record.number),
    ):
        if value:
            add((key, text(value)))
    if record.page:
        add(("pages", "{" + escape(record.page).replace("-", "--") + "}"))
    if record.number_of_pages:
        add(("pagetotal", text(record.number_of_pages)))
    if record.issued and record.issued.year:
        add(("year", "{" + str(record.issued.year) + "}"))
        if record.issued.month and 1 <= record.issued.month <= 12:
            add(("month", MONTH_MACROS[record.issued.month - 1]))
    if record.publisher:
        publisher_key = (
            "school"
            if entry_type == "phdthesis"
            else ("institution" if entry_type == "techreport" else "publisher")
        )
        add((publisher_key, text(record.publisher)))
    if record.publisher_place:
        add(("address", text(record.publisher_place)))
    if record.ISSN:
        add(("issn", text(record.ISSN)))
    if record.ISBN:
        add(("isbn", text(record.ISBN)))
    if record.DOI:
        add(("doi", "{" + raw(record.DOI) + "}"))
    if record.URL:
        add(("url", "{" + raw(record.URL) + "}"))
    if record.PMID:
        add(("pmid", text(record.PMID)))
    if record.PMCID:
        add(("pmcid", text(record.PMCID)))
    if record.language:
        add(("language", text(LANGUAGE_NAMES.get(record.language, record.language))))
    if record.keyword:
        add(("keywords", text(record.keyword)))
    if record.abstract:
        add(("abstract", text(record.abstract)))
    note = notes(record) or []
    if note:
        add(("note", text(". ".join(note))))
    return out


def entry(record: Record, *, ascii_only: bool = False) -> Entry:
    """The bibtexparser entry for ``record`` (its ``id`` is the citation key)."""
    return Entry(
        CSL_TO_BIBTEX_TYPE.get(record.type, "misc"),
        record.id,
        [Field(key, value) for key, value in fields(record, ascii_only=ascii_only)],
    )


def write(records: Sequence[Record], *, ascii: bool = False, **_: Any) -> str:
    """Serialise ``records`` as BibTeX entries, in the order given."""
    library = bibtexparser.Library()
    for record in records:
        library.add(entry(record, ascii_only=ascii))
    # An empty unparse stack: the values above carry their own delimiters (month is a macro).
    return bibtexparser.write_string(library, unparse_stack=[], bibtex_format=_FORMAT)
