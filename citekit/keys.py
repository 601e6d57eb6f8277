"""Citation keys: readable, deterministic, unique within one export.

The default recipe ``{author}{year}{title}`` gives ``liang2022effects``: the first author's
family name folded to ASCII, the year, the first significant title word. Keys that collide get
``a``, ``b`` … in an order taken from the records' content (the first keeps the bare key, as
Better BibTeX does), so reordering the input does not move keys between records. Keys are
compared case-insensitively because citeproc-py lower-cases ids: two keys differing only in case
would otherwise cite the same entry.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from citekit.errors import CitekitError
from citekit.normalize import fold_ascii, without_markup
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


# Kana, CJK ideographs and Hangul: scripts written without spaces between words.
_CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_CJK_OR_NOT = re.compile(rf"[{_CJK}]+|[^{_CJK}]+")


def _title_words(title: str) -> list[str]:
    """The words of a title; a run of CJK characters is cut into words of two characters.

    Chinese has no spaces to find a word by, and two characters are the commonest length of
    a word; without the cut, a whole title would become one very long key part.
    """
    out = []
    for word in re.findall(r"[^\W_]+", title):
        for run in _CJK_OR_NOT.findall(word):
            if re.match(rf"[{_CJK}]", run):
                out += [run[i : i + 2] for i in range(0, len(run), 2)]
            else:
                out.append(run)
    return out


def key_parts(record: Record) -> dict[str, str]:
    """The values the placeholders of a key pattern stand for."""
    names = record.author or record.editor
    first = names[0] if names else None
    author = _fold(first.family or first.literal or "") if first else ""
    if first and first.literal:
        author = "".join(w[0] for w in re.findall(r"[A-Za-z]+", fold_ascii(first.literal)))
    words = [
        w for w in _title_words(without_markup(record.title or "")) if w.lower() not in STOPWORDS
    ]
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
    # Letters, digits and `_` anywhere, `:`/`-` only inside: what BibTeX, biber and pandoc's
    # citation syntax (`@key`) all accept.
    key = re.sub(r"[^A-Za-z0-9_:-]+", "", key).strip(":-")
    return key or "ref"


def _content_order(record: Record) -> tuple:
    """A sort key from what a record says, so suffixes do not depend on input order."""
    issued = record.issued.date_parts[0] if record.issued and record.issued.date_parts else []
    return (
        tuple(issued) + (0,) * (3 - len(issued)),
        (record.title or "").casefold(),
        (record.container_title or record.container_title_short or "").casefold(),
        record.volume or "",
        record.page or "",
        (record.DOI or "").casefold(),
        record.PMID or "",
    )


# A key an input already has (a .bib entry's, a CSL-JSON id) is kept when it is a key: what
# BibTeX, biber and pandoc's `@key` take, with a letter in it (CSL-JSON ids such as "1" or a
# Zotero item URI are not keys anyone cites by).
_GIVEN_KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.+/-]*$")


def given_key(record: Record) -> str | None:
    """The citation key ``record`` came with, when it is one worth keeping."""
    key = record.id.strip() if record.id else ""
    if key and _GIVEN_KEY.match(key) and re.search(r"[A-Za-z]", key) and "//" not in key:
        return key
    return None


def assign_keys(
    records: Iterable[Record], pattern: str = DEFAULT_PATTERN, *, keep_given: bool = True
) -> list[Record]:
    """Give every record a unique key as its ``id``; records keep their order.

    A key the input already gave (``keep_given``) is kept: a co-author's ``.bib`` keys are
    cited in their documents. The first record with a given key keeps it; a later one with
    the same key is treated like a made key that collides. Made keys never take a given one.

    A key only one record gives is kept as it is. Records that give the same key are put in
    order by what they say (date, title, journal, volume, pages, DOI, PMID; input order only
    among records that say the same), the first keeps the key and the others get ``a``,
    ``b`` … in that order, skipping keys already taken. So the keys do not depend on the
    order of the input files, and the same input always gets the same keys.
    """
    check_pattern(pattern)
    records = list(records)
    fixed: dict[int, str] = {}
    if keep_given:
        seen: set[str] = set()
        for index, record in enumerate(records):
            key = given_key(record)
            if key and key.casefold() not in seen:
                fixed[index] = key
                seen.add(key.casefold())
    # A repeated given key is the base of its later holders' keys (MyKey2020a), so a
    # document citing it still finds one of them under a recognisable name.
    given = [given_key(r) if keep_given else None for r in records]
    bases = [fixed.get(i) or given[i] or make_key(r, pattern) for i, r in enumerate(records)]
    groups: dict[str, list[int]] = {}
    for index, base in enumerate(bases):
        if index not in fixed:
            groups.setdefault(base.casefold(), []).append(index)
    taken = {base.casefold() for base in bases}
    keys = list(bases)
    kept = {key.casefold() for key in fixed.values()}
    for folded, members in sorted(groups.items()):
        clash = folded in kept
        if len(members) == 1 and not clash:
            continue
        members.sort(key=lambda i: (_content_order(records[i]), i))
        n = 0
        for index in members if clash else members[1:]:
            while (bases[index] + suffix_letters(n)).casefold() in taken:
                n += 1
            keys[index] = bases[index] + suffix_letters(n)
            taken.add(keys[index].casefold())
            n += 1
    return [
        record.model_copy(update={"id": key}) for record, key in zip(records, keys, strict=True)
    ]


def suffix_letters(n: int) -> str:
    """0 → a, 25 → z, 26 → aa …: the suffixes of colliding keys and of CSL year suffixes."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
