"""citekit: pasted citations and EBSCO records → CSL-JSON, BibTeX, RIS and bibliographies.

The library API is small: :func:`parse` one text, :func:`parse_paths` files and folders,
:func:`merge_duplicates` to write each work once, :func:`write` records in an output format,
or :func:`export` to do all of it at once.
"""

from citekit.dedup import merge_duplicates
from citekit.errors import CitekitError, Diagnostic, ParseError, UnknownFormatError
from citekit.normalize import clean_doi
from citekit.parsers import PARSERS, ParseResult
from citekit.pipeline import Export, detect, export, parse, parse_paths, write
from citekit.record import Date, Name, Record
from citekit.writers import WRITERS, OptionError, Written

__version__ = "0.1.0"

__all__ = [
    "PARSERS",
    "WRITERS",
    "CitekitError",
    "Date",
    "Diagnostic",
    "Export",
    "Name",
    "OptionError",
    "ParseError",
    "ParseResult",
    "Record",
    "UnknownFormatError",
    "Written",
    "__version__",
    "clean_doi",
    "detect",
    "export",
    "merge_duplicates",
    "parse",
    "parse_paths",
    "write",
]
