"""What several writers derive from a record in the same way, and how they report what they drop."""

from __future__ import annotations

import re
from collections.abc import Iterable

from citekit.record import Date, FoundOn, Record

# Not exported by any writer but CSL-JSON, on purpose, so never announced as dropped:
# - custom.provenance: enrichment's bookkeeping of where each value came from;
# - custom.document_type: the source database's own label ("Academic Journal"), which the
#   CSL type already expresses;
# - the id, which every writer uses as the citation key (RIS: ID) rather than as a field.
NOT_DATA = frozenset({"id", "type", "custom.provenance", "custom.document_type"})

# Line and paragraph separators, control characters and every other kind of white space:
# a value written on one line must not contain anything a reader could take as a line end.
_BREAKS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def flatten(text: str) -> str:
    """One line of text: every run of white space or control characters becomes one space."""
    # A printable text holds no break but the space (every other white space and control
    # character is unprintable), so with no double, leading or trailing space it is one
    # line already; most values are, and the check is far cheaper than the substitution.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return _BREAKS.sub(" ", text).strip()


def found_on_note(record: Record) -> str | None:
    """A human note naming the wiki pages a reference was found on, when it came from one.

    Only pages have an identity worth keeping in a reference manager; a file and line number
    from the user's own disk would be noise in Zotero. So places without a page are left out,
    and a page the work was found on twice is named once.
    """
    pages = list(dict.fromkeys(_page(found) for found in record.custom.found_on))
    pages = [page for page in pages if page]
    if not pages:
        return None
    if len(pages) == 1:
        return f"Cited on VitaminDWiki page: {pages[0]}"
    return "Cited on VitaminDWiki pages: " + "; ".join(pages)


def _page(found: FoundOn) -> str | None:
    """``Title (page 7, 2022-03-28) /slug``: a page as the found-on note names it."""
    if not (found.page_title or found.slug):
        return None
    parts = [found.page_title or found.slug or ""]
    if found.tiki_page_id is not None:
        parts.append(f"(page {found.tiki_page_id}")
        parts[-1] += f", {found.page_date})" if found.page_date else ")"
    elif found.page_date:
        parts.append(f"({found.page_date})")
    if found.slug:
        parts.append(f"/{found.slug}")
    return " ".join(parts)


def notes(record: Record) -> list[str]:
    """The record's own note and the found-on note, in that order."""
    return [n for n in (record.note, found_on_note(record)) if n]


def joined_notes(record: Record) -> str:
    """The notes as one paragraph, for formats with a single note field."""
    out = ""
    for note in notes(record):
        note = flatten(note)
        out += note if not out else (" " if out[-1] in ".!?" else ". ") + note
    return out


def split_pages(page: str | None) -> tuple[str | None, str | None]:
    """``869-886`` → (``869``, ``886``); a single page or e-locator → (it, None)."""
    if not page:
        return None, None
    first, sep, last = page.partition("-")
    return (first.strip() or None, last.strip() or None) if sep else (page, None)


def iso_date(date: Date) -> str | None:
    """``2022-04-05``, ``2022-04`` or ``2022``; a range as ``start/end`` (ISO 8601, EDTF)."""
    parts = [p for p in (date.date_parts or []) if p]
    if not parts:
        return None

    def one(p: list[int]) -> str:
        return "-".join([f"{p[0]:04d}", *(f"{n:02d}" for n in p[1:3])])

    return "/".join(one(p) for p in parts[:2])


def is_range(date: Date | None) -> bool:
    """True when ``date`` has an end as well as a start."""
    return bool(date and date.date_parts and len(date.date_parts) > 1 and date.date_parts[1])


def valid_issn(issn: str) -> bool:
    """True for an ISSN whose check digit is right (ISO 3297)."""
    digits = issn.replace("-", "").strip().upper()
    if not re.fullmatch(r"\d{7}[\dX]", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:7], range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return digits[7] == ("X" if check == 10 else str(check))


def valid_isbn(isbn: str) -> bool:
    """True for an ISBN-10 or ISBN-13 whose check digit is right."""
    digits = re.sub(r"[\s-]", "", isbn).upper()
    if re.fullmatch(r"\d{9}[\dX]", digits):
        values = [10 if d == "X" else int(d) for d in digits]
        return sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0
    if re.fullmatch(r"97[89]\d{10}", digits):
        return sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits)) % 10 == 0
    return False


def present(record: Record) -> set[str]:
    """The CSL keys (``custom.*`` for citekit's own) that carry a value in ``record``."""
    keys = {*record.filled(), *(f"custom.{key}" for key in record.custom.filled())}
    keys.discard("custom")
    return keys - NOT_DATA


def left_out(record: Record, written: Iterable[str], partly: Iterable[str] = ()) -> list[str]:
    """The fields of ``record`` a writer did not write, and those it wrote only in part."""
    return sorted(present(record) - set(written)) + list(partly)
