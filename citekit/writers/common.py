"""What several writers derive from a record in the same way."""

from __future__ import annotations

from citekit.record import Record


def found_on_note(record: Record) -> str | None:
    """A human note saying where a reference was found, when it came from a wiki page.

    Only pages have an identity worth keeping in a reference manager; a file and line number
    from the user's own disk would be noise in Zotero.
    """
    found = record.custom.found_on
    if not found or not (found.page_title or found.slug):
        return None
    parts = [f"Cited on VitaminDWiki page: {found.page_title or found.slug}"]
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


def extra_ids(record: Record) -> list[str]:
    """``PMID: …``/``PMCID: …`` lines: how Zotero keeps identifiers it has no field for."""
    out = []
    if record.PMID:
        out.append(f"PMID: {record.PMID}")
    if record.PMCID:
        out.append(f"PMCID: {record.PMCID}")
    return out


def split_pages(page: str | None) -> tuple[str | None, str | None]:
    """``869-886`` → (``869``, ``886``); a single page or e-locator → (it, None)."""
    if not page:
        return None, None
    first, sep, last = page.partition("-")
    return (first.strip() or None, last.strip() or None) if sep else (page, None)
