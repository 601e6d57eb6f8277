"""Citation keys: readable, deterministic, unique within one export.

The default recipe ``{author}{year}{title}`` gives ``liang2022effects``: the first author's
family name folded to ASCII, the year, the first significant title word. Keys that collide get
``a``, ``b`` … in input order (the first keeps the bare key, as Better BibTeX does). Keys are
compared case-insensitively because citeproc-py lower-cases ids: two keys differing only in case
would otherwise cite the same entry.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from citekit.errors import CitekitError
from citekit.normalize import fold_ascii
from citekit.record import Record

DEFAULT_PATTERN = "{author}{year}{title}"
FIELDS = ("author", "Author", "year", "title", "Title", "titles", "journal")

STOPWORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "and",
        "for",
        "to",
        "with",
        "without",
        "at",
        "by",
        "from",
        "is",
        "are",
        "as",
        "its",
        "into",
        "versus",
        "vs",
        "or",
        "not",
        "no",
        "do",
        "does",
        "how",
        "what",
        "why",
        "when",
        "which",
        "who",
        "whether",
        "can",
        "may",
        "our",
        "their",
        "this",
        "that",
        "these",
        "those",
        "be",
        "been",
        "being",
        "was",
        "were",
        "than",
        "via",
        "among",
        "between",
        "after",
        "before",
        "during",
        "under",
        "over",
    }
)


def _fold(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "", fold_ascii(text))


def key_parts(record: Record) -> dict[str, str]:
    """The values the placeholders of a key pattern stand for."""
    names = record.author or record.editor
    first = names[0] if names else None
    author = _fold(first.family or first.literal or "") if first else ""
    if first and first.literal:
        author = "".join(w[0] for w in re.findall(r"[A-Za-z]+", fold_ascii(first.literal)))
    words = [w for w in re.findall(r"[^\W_]+", record.title or "") if w.lower() not in STOPWORDS]
    folded = [_fold(w) for w in words]
    folded = [w for w in folded if w]
    journal = record.container_title_short or record.container_title or ""
    parts = {
        "author": (author or "anon").lower(),
        "year": str(record.year) if record.year else "nd",
        "title": (folded[0] if folded else "untitled").lower(),
        "titles": "".join(w.capitalize() for w in folded[:3]) or "Untitled",
        "journal": "".join(w[0] for w in re.findall(r"[A-Za-z]+", fold_ascii(journal))).lower(),
    }
    parts["Author"] = parts["author"].capitalize()
    parts["Title"] = parts["title"].capitalize()
    return parts


def check_pattern(pattern: str) -> None:
    """Raise :class:`CitekitError` when ``pattern`` names a placeholder that does not exist."""
    for _, name, _, _ in string.Formatter().parse(pattern):
        if name is not None and name not in FIELDS:
            raise CitekitError(
                f"unknown key placeholder {{{name}}} in {pattern!r}; use: "
                + ", ".join(f"{{{f}}}" for f in FIELDS)
            )


def make_key(record: Record, pattern: str = DEFAULT_PATTERN) -> str:
    """The key ``pattern`` gives for ``record`` (before making it unique)."""
    check_pattern(pattern)
    key = pattern.format(**key_parts(record))
    key = re.sub(r"[^A-Za-z0-9_:-]+", "", key)
    return key or "ref"


def assign_keys(records: Iterable[Record], pattern: str = DEFAULT_PATTERN) -> list[Record]:
    """Give every record a unique key as its ``id``, suffixing collisions in input order."""
    check_pattern(pattern)
    taken: set[str] = set()
    out = []
    for record in records:
        base = make_key(record, pattern)
        key, n = base, 0
        while key.casefold() in taken:
            key = base + _suffix(n)
            n += 1
        taken.add(key.casefold())
        out.append(record.model_copy(update={"id": key}))
    return out


def _suffix(n: int) -> str:
    """0 → a, 25 → z, 26 → aa …"""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
