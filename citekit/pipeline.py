"""read → detect → parse → dedup → [enrich] → key → write: the one place where the stages meet."""

from __future__ import annotations

import errno
import gc
import multiprocessing
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citekit.dedup import merge_duplicates
from citekit.errors import Diagnostic, Severity, UnknownFormatError
from citekit.keys import DEFAULT_PATTERN, assign_keys
from citekit.normalize import repair_mojibake
from citekit.parsers import PARSERS, ParseResult
from citekit.record import Record
from citekit.writers import WRITERS, Written
from citekit.writers import options as writer_options

if TYPE_CHECKING:  # the enrich stage pulls in requests; only runs that enrich pay for it
    from citekit.enrich import Enrichment

# What a directory is searched for (the suffixes the readers declare); other files there are
# reported, not read.
INPUT_SUFFIXES = frozenset(suffix for module in PARSERS.values() for suffix in module.SUFFIXES)


@dataclass
class Export:
    """The outcome of a run: the written text, the records in it and everything reported."""

    text: str
    records: list[Record]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    enrichment: Enrichment | None = None
    # How many references (records with ``custom.reference_of``) ``references=False`` left out.
    references_left_out: int = 0
    # How many inputs (files, stdin) were read: the "from N files" of the summary line.
    files: int = 0

    @property
    def failed(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)

    def count(self, severity: str) -> int:
        """How many diagnostics of ``severity`` (note, warning, error) the run reported."""
        return sum(d.severity == severity for d in self.diagnostics)

    @property
    def rejects(self) -> list[Diagnostic]:
        """Every input, block or line that gave no record: each error, and each warning
        naming something left behind (an identifier in no record, a page with no citation,
        a file no reader takes)."""
        return [d for d in self.diagnostics if is_reject(d)]


# Warning codes that name input which produced no record (see ``Export.rejects``).
LEFT_BEHIND = frozenset(
    {
        "doi-unused",
        "pmid-unused",
        "pmcid-unused",
        "link-skipped",
        "no-citation",
        "skipped-file",
        "empty",
    }
)


def detect(text: str, origin: str = "") -> str | None:
    """The reader for ``text``: by content first, the file's suffix second.

    A text that several readers would take (a ``.bib`` whose abstracts hold DOIs is also
    "text with a citation in it") goes to the one that owns the suffix of ``origin``; any
    other goes to the first in detection order. A file that no reader recognises but whose
    suffix one reader owns goes to that reader, which says what is wrong with it.
    """
    owner = _suffix_owner(origin)
    if owner is not None and PARSERS[owner].matches(text):
        return owner
    for name, module in PARSERS.items():
        if name != owner and module.matches(text):
            return name
    return owner


def _suffix_owner(origin: str) -> str | None:
    """The one reader that declares ``origin``'s suffix (``.txt`` is nobody's alone)."""
    suffix = Path(origin).suffix.lower() if origin and not origin.startswith("<") else ""
    owners = [name for name, module in PARSERS.items() if suffix and suffix in module.SUFFIXES]
    return owners[0] if len(owners) == 1 else None


def parse(text: str, *, origin: str = "<text>", source_format: str | None = None) -> ParseResult:
    """Parse one input text, detecting its format unless ``source_format`` names one."""
    name = source_format or detect(text, origin)
    if name is None:
        return ParseResult(
            [],
            [
                Diagnostic(
                    origin,
                    None,
                    "no citation, wiki page or EBSCO record "
                    "recognised (use --from to name the format)",
                    "error",
                    "not-recognised",
                )
            ],
        )
    if name not in PARSERS:
        raise UnknownFormatError("input format", name, sorted(PARSERS))
    try:
        return PARSERS[name].parse(repair_mojibake(text), origin=origin)
    except RecursionError:
        reason = "input is nested too deeply to read"
    return ParseResult([], [Diagnostic(origin, None, reason, "error", "too-deep")])


Read = tuple[str, str | None, Diagnostic | None]


def read_inputs(paths: Iterable[str | Path]) -> Iterator[Read]:
    """Yield (origin, text, problem) for every input: files, directories (recursed) or ``-``.

    Only regular files are opened: a FIFO, socket or device would block or never end, so it
    is named (``not-a-file``) instead. Folders are walked following symbolic links, each
    directory once, so a link back up the tree is reported (``symlink-loop``), not followed.
    """
    for path in paths:
        if str(path) == "-":
            data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else None
            if data is None:  # a text stream without bytes (a test harness): read as text
                text = sys.stdin.read()
                yield ("<stdin>", text, None) if text else _problem("<stdin>", "empty")
            else:
                yield _decode("<stdin>", data)
            continue
        path = Path(path)
        try:
            info = path.stat()
        except OSError as error:
            yield _os_problem(path, error)
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _read_folder(path)
        elif stat.S_ISREG(info.st_mode):
            yield _read_file(path)
        else:
            yield _problem(str(path), "not-a-file", _kind(info.st_mode))


# What each read problem says: (code, severity, message); %s is filled where it has one.
_READ_PROBLEMS: dict[str, tuple[Severity, str]] = {
    "no-such-file": ("error", "no such file or directory"),
    "unreadable": ("error", "cannot read: %s"),
    "not-a-file": ("error", "not a regular file (%s); not read"),
    "symlink-loop": ("warning", "a symbolic link back to %s; not followed again"),
    "skipped-file": ("warning", "skipped: no reader takes %s files"),
    "empty": ("warning", "empty file; nothing to read"),
    "binary": ("error", "binary data, not text (NUL bytes); not read"),
    "not-utf8": ("warning", "not UTF-8; read as Windows-1252"),
}


def _problem(origin: str, code: str, detail: str = "", line: int | None = None) -> Read:
    severity, message = _READ_PROBLEMS[code]
    message = message.replace("%s", detail)
    return origin, None, Diagnostic(origin, line, message, severity, code)


def _os_problem(path: Path, error: OSError) -> Read:
    if isinstance(error, FileNotFoundError):
        return _problem(str(path), "no-such-file")
    if error.errno == errno.ELOOP:  # a link that points at itself, through others or not
        return _problem(str(path), "symlink-loop", str(path))
    return _problem(str(path), "unreadable", error.strerror or str(error))


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file"


def _read_folder(folder: Path) -> Iterator[Read]:
    """Every file under ``folder`` in path order; hidden ones left alone."""
    found: list[tuple[str, Read | None]] = []
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        here = pending.pop()
        try:
            info = here.stat()
            entries = list(os.scandir(here))
        except OSError as error:
            found.append((str(here), _os_problem(here, error)))
            continue
        if (info.st_dev, info.st_ino) in seen:
            found.append((str(here), _problem(str(here), "symlink-loop", str(here.resolve()))))
            continue
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                mode = entry.stat().st_mode  # follows links, as the folder's user means
            except OSError as error:
                found.append((entry.path, _os_problem(child, error)))
                continue
            if stat.S_ISDIR(mode):
                pending.append(child)
            elif not stat.S_ISREG(mode):
                found.append((entry.path, _problem(entry.path, "not-a-file", _kind(mode))))
            elif child.suffix.lower() in INPUT_SUFFIXES:
                found.append((entry.path, None))
            else:
                found.append(
                    (
                        entry.path,
                        _problem(entry.path, "skipped-file", child.suffix or "suffix-less"),
                    )
                )
    for origin, problem in sorted(found, key=lambda pair: pair[0]):
        yield problem if problem is not None else _read_file(Path(origin))


def _read_file(path: Path) -> Read:
    """The file's text, decoded; opened without blocking and read only if it is still a
    regular file (it may have become a FIFO, or gone, since the folder was listed)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return _os_problem(path, error)
    try:
        with os.fdopen(handle, "rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if not stat.S_ISREG(mode):
                return _problem(str(path), "not-a-file", _kind(mode))
            data = stream.read()
    except OSError as error:
        return _os_problem(path, error)
    return _decode(str(path), data)


def _decode(origin: str, data: bytes) -> Read:
    if not data.strip():
        return _problem(origin, "empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Windows Notepad's "Unicode" (UTF-16)
        return origin, data.decode("utf-16", errors="replace"), None
    utf16 = _utf16_without_bom(data)
    if utf16:
        return origin, data.decode(utf16, errors="replace"), None
    if b"\0" in data[:8192]:  # no text encoding citekit reads has NUL bytes: a PDF, an image
        return _problem(origin, "binary")
    try:
        return origin, data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        return origin, text, _problem(origin, "not-utf8", line=line)[2]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without its byte-order mark: text in Latin script has a zero byte in
    every other place, after each character (little-endian) or before it (big-endian)."""
    sample = data[:4096]
    if len(sample) < 8 or sample.count(0) * 3 < len(sample):
        return None
    odd, even = sample[1::2].count(0), sample[0::2].count(0)
    if odd > 0.9 * (len(sample) // 2) and even < odd / 10:
        return "utf-16-le"
    if even > 0.9 * (len(sample) // 2) and odd < even / 10:
        return "utf-16-be"
    return None


# The cyclic garbage collector's first-generation threshold while records are made in bulk.
# Parsing and writing build millions of small objects that live until the run ends and hold
# no cycles; at the default (700) the collector keeps rescanning all of them, which costs as
# much as the parsing itself on 10,000 records and grows faster than the input
# (bench/run.py). Collections still happen, only a hundred times more rarely.
_BULK_THRESHOLD = 100_000


@contextmanager
def bulk_work() -> Iterator[None]:
    """Run the body with the collector rarely collecting, and what was alive before
    (citekit's modules, the style tables) out of its sight (``gc.freeze``) until the end."""
    before = gc.get_threshold()
    if before[0] >= _BULK_THRESHOLD or not gc.isenabled():
        yield  # nested, or the caller has its own collector settings
        return
    gc.freeze()
    gc.set_threshold(_BULK_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()  # a library caller's older objects are collected as before


def parse_paths(
    paths: Iterable[str | Path],
    *,
    source_format: str | None = None,
    workers: int | None = None,
    keep_rejected: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ParseResult:
    """Parse every input in ``paths``; one input's failure never stops the others.

    Many files are parsed on all cores (``workers``: processes to use, default the machine's
    cores; 1 parses here). Inputs are read and handed out in batches, and results come back
    in input order, so the records and diagnostics are the same either way.
    ``keep_rejected`` puts into each diagnostic that names input left behind (see
    ``Export.rejects``) the text it is about: the block at its line, or the whole input.
    ``progress`` is told the number of inputs read so far after each batch.
    """
    with bulk_work():
        return _parse_all(paths, source_format, workers, keep_rejected, progress)


def _parse_all(
    paths: Iterable[str | Path],
    source_format: str | None,
    workers: int | None,
    keep_rejected: bool,
    progress: Callable[[int], None] | None,
) -> ParseResult:
    result = ParseResult()
    workers = workers or os.cpu_count() or 1
    pool = None
    try:
        for batch in _batches(read_inputs(paths), _BATCH):
            jobs = [(origin, text, source_format) for origin, text, _ in batch if text is not None]
            if pool is None and workers > 1 and len(jobs) >= _BATCH:
                pool = _pool(workers)
            parsed = pool.map(_parse_job, jobs, chunksize=8) if pool else map(_parse_job, jobs)
            done = iter(parsed)
            for _, text, problem in batch:
                if problem:
                    result.diagnostics.append(problem)
                if text is not None:
                    result.files += 1
                    one = next(done)
                    result.records += one.records
                    if keep_rejected and any(is_reject(d) for d in one.diagnostics):
                        lines = text.splitlines()  # once per input, however many rejects
                        result.diagnostics += [_with_text(d, lines) for d in one.diagnostics]
                    else:
                        result.diagnostics += one.diagnostics
            if progress is not None:
                progress(result.files)
    finally:
        if pool is not None:
            pool.shutdown()
    return result


def is_reject(diagnostic: Diagnostic) -> bool:
    """True when ``diagnostic`` names input that gave no record (an error, or a warning
    whose code is in ``LEFT_BEHIND``)."""
    return diagnostic.severity == "error" or diagnostic.code in LEFT_BEHIND


# A block ends at a blank line; a run of text with none is cut here rather than kept whole.
_BLOCK_LINES = 200


def _with_text(diagnostic: Diagnostic, lines: list[str]) -> Diagnostic:
    """``diagnostic`` holding the part of the input (its ``lines``) it rejects, if it is a
    reject."""
    if diagnostic.text or not is_reject(diagnostic):
        return diagnostic
    if diagnostic.line is None:
        part = lines  # the whole input gave nothing (not recognised, no citation …)
    else:
        part = []
        for line in lines[max(diagnostic.line - 1, 0) :][:_BLOCK_LINES]:
            if part and not line.strip():
                break
            part.append(line)
    return replace(diagnostic, text="\n".join(part))


# Files handed to the worker processes at a time: enough to keep both busy, few enough that a
# folder of large files is never all in memory at once.
_BATCH = 64


def _parse_job(job: tuple[str, str, str | None]) -> ParseResult:
    origin, text, source_format = job
    return parse(text, origin=origin, source_format=source_format)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _pool(workers: int) -> Any:
    """Worker processes that start as copies of this one (fork), so they start at once with
    citekit already imported; where fork is not available, parsing stays in this process."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))


def write(
    records: Sequence[Record], fmt: str, *, key_pattern: str = DEFAULT_PATTERN, **options: Any
) -> Written:
    """Give the records unique keys and serialise them in output format ``fmt``.

    ``options`` are the writer's (``ascii`` for the TeX formats; ``style`` and ``locale`` for
    reference lists); one the format does not use is an error, not ignored.
    """
    typed = _options(fmt, options)
    with bulk_work():
        return WRITERS[fmt].write(assign_keys(records, key_pattern), typed)


def _options(fmt: str, given: dict[str, Any]) -> Any:
    if fmt not in WRITERS:
        raise UnknownFormatError("output format", fmt, sorted(WRITERS))
    return writer_options(fmt, **given)


def export(
    paths: Iterable[str | Path],
    fmt: str,
    *,
    source_format: str | None = None,
    key_pattern: str = DEFAULT_PATTERN,
    keep_duplicates: bool = False,
    new_keys: bool = False,
    references: bool = True,
    enricher: Callable[[list[Record]], Enrichment] | None = None,
    jobs: int | None = None,
    keep_rejected: bool = False,
    progress: Callable[[int], None] | None = None,
    **options: Any,
) -> Export:
    """Read, parse, dedup, [enrich,] key and write in one call: what ``citekit export`` does.

    ``keep_duplicates`` writes a work found in several places once per place; ``new_keys``
    makes every citation key from ``key_pattern``, also where an input (a ``.bib``, a CSL-JSON
    id) already gave one;
    ``references=False`` leaves out the references pasted under a study (after the merge, so
    a work that is also cited as a study stays). ``enricher`` is the optional enrich stage,
    e.g. :class:`citekit.enrich.Enricher`. ``jobs`` is how many processes parse a folder of
    many files (default: one per core); the output is the same for any number.
    ``keep_rejected`` keeps in each reject the input text it left behind (``--rejects``);
    ``progress`` is told how many inputs were read after each batch of them.
    """
    typed = _options(fmt, options)  # a wrong option fails before any input is read
    with bulk_work():
        parsed = parse_paths(
            paths,
            source_format=source_format,
            workers=jobs,
            keep_rejected=keep_rejected,
            progress=progress,
        )
        records, diagnostics, enrichment = parsed.records, list(parsed.diagnostics), None
        if not keep_duplicates:
            records, merges = merge_duplicates(records)
            diagnostics += merges
        left_out = 0
        if not references:
            studies = [record for record in records if not record.custom.reference_of]
            left_out, records = len(records) - len(studies), studies
        if enricher is not None:
            enrichment = enricher(records)
            records, diagnostics = enrichment.records, diagnostics + enrichment.diagnostics
        records = assign_keys(records, key_pattern, keep_given=not new_keys)
        written = WRITERS[fmt].write(records, typed)
        diagnostics += written.diagnostics
        return Export(written.text, records, diagnostics, enrichment, left_out, parsed.files)
