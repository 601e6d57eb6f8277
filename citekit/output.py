"""Writing an export to a file so that the file is either the old one or the new one, whole.

``-o refs.bib`` usually replaces a library the user already has. The text is written to a
temporary file in the same directory (so the final rename stays on one file system and is
atomic, POSIX ``rename(2)``), flushed to disk, given the old file's permissions, and renamed
over the target. An interrupted run (Ctrl-C, a full disk, a crash) leaves the old file as it
was and no temporary file behind; two runs writing the same target at once each replace it
whole, never interleaved.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from citekit.errors import CitekitError


class OutputError(CitekitError):
    """An output file that cannot be written; the message names it and says why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: cannot write: {reason}")


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step; raise :class:`OutputError` if it cannot be."""
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OutputError(path, "is a directory")
    if not folder.is_dir():
        raise OutputError(path, f"no such directory: {folder}")
    if path.exists() and not path.is_file():
        # a FIFO, device or socket: renaming over it would replace it, not write to it
        _write_in_place(path, data)
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException as error:  # KeyboardInterrupt too: the old file stays, the part goes
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise OutputError(path, error.strerror or str(error)) from error
        raise


def _mode_for(path: Path) -> int:
    """The target's permissions if it exists, else what a new file gets under the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write_in_place(path: Path, data: bytes) -> None:
    try:
        with path.open("wb") as stream:
            stream.write(data)
    except OSError as error:
        raise OutputError(path, error.strerror or str(error)) from error
