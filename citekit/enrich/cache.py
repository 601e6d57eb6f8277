"""The HTTP cache of DOI look-ups: one SQLite file of requests-cache, passed in as a session.

It lives in the user's cache directory (platformdirs, so ``XDG_CACHE_HOME`` moves it) unless a
path is given. Metadata is kept for a long time, a 404 for a day (a DOI registered tomorrow
should be found tomorrow), failures not at all. Entries are keyed on the ``Accept`` header
as well as the URL, so a CSL-JSON answer from content negotiation never stands in for another
representation of the same URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import platformdirs
from requests_cache import CachedSession

from citekit.errors import CitekitError

CACHE_FILE = "http-cache.sqlite"
METADATA_EXPIRY = timedelta(days=30)
NOT_FOUND_EXPIRY = timedelta(days=1)
# Statuses worth remembering: an answer, or a definite "no such DOI".
CACHED_STATUSES = (200, 404)
_SQLITE_MAGIC = b"SQLite format 3\x00"


class CacheError(CitekitError):
    """A cache path that is not a citekit cache (or cannot be opened as one)."""


def default_cache_path() -> Path:
    """The cache file in the user's cache directory (honours ``XDG_CACHE_HOME``)."""
    return platformdirs.user_cache_path("citekit") / CACHE_FILE


def cache_path(path: str | Path | None = None) -> Path:
    """The SQLite file a ``--cache`` value names: a file, a folder to put it in, or the default."""
    if path is None:
        return default_cache_path()
    path = Path(path).expanduser()
    if path.is_dir():
        return path / CACHE_FILE
    # requests-cache adds this suffix to a bare name; saying so here keeps `cache info` honest.
    return path if path.suffix else path.with_suffix(".sqlite")


def _check(path: Path) -> None:
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as error:
        raise CacheError(f"{path}: cannot read the cache: {error.strerror}") from error
    # An empty file is what a fresh SQLite database looks like before its first write.
    if head and head != _SQLITE_MAGIC:
        raise CacheError(f"{path}: not a citekit cache (not an SQLite file); use another path")


def open_session(path: str | Path | None = None) -> CachedSession:
    """A ``CachedSession`` on the cache file at ``path`` (see :func:`cache_path`)."""
    file = cache_path(path)
    _check(file)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CacheError(f"{file.parent}: cannot create the cache folder: {error}") from error
    return CachedSession(
        str(file),
        backend="sqlite",
        expire_after=METADATA_EXPIRY,
        allowable_codes=CACHED_STATUSES,
        allowable_methods=("GET",),
        match_headers=["Accept"],
        # The server's Cache-Control says nothing about how long metadata stays true.
        cache_control=False,
        # An expired entry still answers when the server fails, and in offline runs.
        stale_if_error=True,
    )


@dataclass(frozen=True)
class CacheInfo:
    """What ``citekit cache info`` prints."""

    path: Path
    exists: bool
    responses: int = 0
    fresh: int = 0
    size: int = 0

    def lines(self) -> list[str]:
        """Human-readable lines, one fact each."""
        if not self.exists:
            return [f"cache: {self.path} (empty: no look-ups cached yet)"]
        return [
            f"cache: {self.path}",
            f"responses: {self.responses} ({self.fresh} fresh, "
            f"{self.responses - self.fresh} expired)",
            f"size: {self.size / 1024:.1f} KiB",
        ]


def info(path: str | Path | None = None) -> CacheInfo:
    """How many answers the cache holds, how many are still fresh, and its size."""
    file = cache_path(path)
    if not file.exists():
        return CacheInfo(file, exists=False)
    with open_session(file) as session:
        responses = session.cache.responses
        return CacheInfo(
            file,
            exists=True,
            responses=len(responses),
            fresh=responses.count(expired=False),  # type: ignore[attr-defined]
            size=file.stat().st_size,
        )


def clear(path: str | Path | None = None) -> int:
    """Empty the cache; returns how many answers were dropped."""
    file = cache_path(path)
    if not file.exists():
        return 0
    with open_session(file) as session:
        dropped = len(session.cache.responses)
        session.cache.clear()
    return dropped
