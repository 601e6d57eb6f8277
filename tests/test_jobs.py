"""`--jobs N` and the reading count: how many processes parse a folder of many files (the
output never depends on it), and how far reading has got.

The files are distinct studies, one per file (title, volume and DOI numbered), so a record
out of place, missing or repeated shows in the output. Speed is the benchmark's business
(`bench/`), not a test's.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from citekit import pipeline
from citekit.cli import app

FILES = 2 * pipeline._BATCH + 2  # more than one batch, so the pool is used and refilled


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "refs"
    folder.mkdir()
    for i in range(1, FILES + 1):
        (folder / f"f{i:03d}.txt").write_text(
            f"Smith J, Jones K. Vitamin D trial number {i} in adults. "
            f"J Bone Res. 2020;{i}(2):101-9. doi: 10.1000/trial.{i}.\n",
            encoding="utf-8",
        )
    return folder


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The worker counts of the process pools the parse stage opened."""
    opened: list[int] = []
    real = pipeline._pool

    def counting(workers: int) -> Any:
        opened.append(workers)
        return real(workers)

    monkeypatch.setattr(pipeline, "_pool", counting)
    return opened


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex"])
def test_one_job_and_two_jobs_write_the_same_output(
    tmp_path: Path, pools: list[int], fmt: str
) -> None:
    folder = _folder(tmp_path)
    runner = CliRunner()
    one = runner.invoke(app, ["export", str(folder), "-f", fmt, "--jobs", "1"])
    assert pools == []  # one job parses in this process
    two = runner.invoke(app, ["export", str(folder), "-f", fmt, "-j", "2"])
    assert pools == [2]
    assert one.exit_code == two.exit_code == 0, one.output + two.output
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert one.stderr.endswith(
        f"citekit: {FILES} records from {FILES} files; 0 warnings, 0 errors\n"
    )
    if fmt == "csl-json":
        dois = [item["DOI"] for item in json.loads(two.stdout)]
        assert dois == [f"10.1000/trial.{i}" for i in range(1, FILES + 1)]  # file order


def test_jobs_must_be_at_least_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(_folder(tmp_path)), "--jobs", "0"])
    assert result.exit_code == 2
    assert "--jobs" in result.output


def test_progress_is_told_the_inputs_read_after_each_batch(tmp_path: Path) -> None:
    told: list[int] = []
    result = pipeline.export([_folder(tmp_path)], "csl-json", jobs=1, progress=told.append)
    assert len(result.records) == FILES
    assert told == [pipeline._BATCH, 2 * pipeline._BATCH, FILES]


def test_no_reading_count_off_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(_folder(tmp_path)), "-f", "ris"])
    assert result.exit_code == 0
    assert "Reading inputs" not in result.stderr and "\r" not in result.stderr


def test_ten_thousand_files_are_all_read_in_order_and_no_file_stays_open(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    count = 10_000
    for i in range(count):
        (folder / f"f{i:05d}.txt").write_text(
            f"Smith J. Trial {i}. J Bone Res. 2020;1(2):101-9. doi: 10.1000/t.{i}.\n",
            encoding="utf-8",
        )
    fds = Path("/proc/self/fd")
    before = len(list(fds.iterdir())) if fds.exists() else 0
    result = pipeline.parse_paths([folder])
    assert result.files == count and result.diagnostics == []
    assert [r.DOI for r in result.records] == [f"10.1000/t.{i}" for i in range(count)]
    if fds.exists():
        assert len(list(fds.iterdir())) == before


def test_bulk_work_quiets_the_collector_and_gives_its_settings_back(tmp_path: Path) -> None:
    """Records are made in bulk with the cyclic collector rarely running (the cost it adds
    grows faster than the input); the caller's settings are back afterwards, also when the
    run fails, and a run inside a run leaves them to the outer one."""
    import gc

    before = gc.get_threshold()
    seen: list[tuple[int, ...]] = []
    pipeline.export(
        [_folder(tmp_path)], "csl-json", jobs=1, progress=lambda _: seen.append(gc.get_threshold())
    )
    assert seen and all(t[0] == pipeline._BULK_THRESHOLD for t in seen)
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), pipeline.bulk_work():
        with pipeline.bulk_work():
            assert gc.get_threshold()[0] == pipeline._BULK_THRESHOLD
        assert gc.get_threshold()[0] == pipeline._BULK_THRESHOLD  # the outer one's
        raise RuntimeError
    assert gc.get_threshold() == before
