"""Disk trouble: a failed write stops the run cleanly, and a damaged checkpoint is passed over."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from sim.cli import main
from sim.run_folder import checkpoint_files
from tests.support.runs import events_of, tiny_run

RUN = "--world tiny --backend scripted --executor inline --no-progress --seed 4"


def hamlet(capsys, command: str) -> tuple[int, list[str]]:
    """`hamlet COMMAND` in this process: its exit status and its stderr lines."""
    capsys.readouterr()
    status = main(command.split())
    return status, [line for line in capsys.readouterr().err.splitlines() if line]


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """The run nothing went wrong in."""
    out = tmp_path_factory.mktemp("reference")
    return tiny_run(out, "whole", ticks=30, checkpoint_every=10, seed=4)


def no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_failing_checkpoint_write_stops_the_run_and_a_resume_completes_it(
    tmp_path, capsys, monkeypatch, reference
):
    real_fsync = os.fsync

    def fsync(fd):  # the checkpoint at tick 20 meets a full disk
        if "tick-00000020" in os.readlink(f"/proc/self/fd/{fd}"):
            no_space()
        real_fsync(fd)

    monkeypatch.setattr("sim.run_folder.os.fsync", fsync)
    status, err = hamlet(capsys, f"run {RUN} --ticks 30 --checkpoint-every 10 --out {tmp_path}")
    monkeypatch.undo()
    run_dir = next(tmp_path.iterdir())
    assert status == 2
    (line,) = [e for e in err if not e.startswith("run folder:")]
    assert "No space left on device" in line and f"--resume {run_dir}" in line
    assert [f.name for f in checkpoint_files(run_dir)] == [
        "tick-00000000.json",
        "tick-00000010.json",
    ]
    assert not [f for f in (run_dir / "checkpoints").iterdir() if f.name.startswith(".")]
    assert hamlet(capsys, f"run --resume {run_dir} --no-progress")[0] == 0
    assert events_of(run_dir) == events_of(reference)


def test_a_failing_log_write_stops_the_run_and_a_resume_completes_it(
    tmp_path, capsys, monkeypatch, reference
):
    from sim.run_folder import RunFolder

    real_write_tick, ticks = RunFolder.write_tick, []

    def write_tick(self, events, frame, calls):
        ticks.append(frame)
        if len(ticks) == 15:  # the disk fills halfway through the tick's lines
            self._handles["frames.jsonl"].write = no_space
        real_write_tick(self, events, frame, calls)

    monkeypatch.setattr(RunFolder, "write_tick", write_tick)
    status, err = hamlet(capsys, f"run {RUN} --ticks 30 --checkpoint-every 10 --out {tmp_path}")
    monkeypatch.undo()
    run_dir = next(tmp_path.iterdir())
    assert status == 2
    (line,) = [e for e in err if not e.startswith("run folder:")]
    assert "frames.jsonl: cannot write (No space left on device)" in line
    assert checkpoint_files(run_dir)[-1].name == "tick-00000010.json"
    assert hamlet(capsys, f"run --resume {run_dir} --no-progress")[0] == 0
    assert events_of(run_dir) == events_of(reference)
    frames = [(d / "frames.jsonl").read_text().splitlines()[1:] for d in (run_dir, reference)]
    assert frames[0] == frames[1]  # past the header, which names the run


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_a_damaged_last_checkpoint_is_passed_over_at_resume_saying_so(
    tmp_path, capsys, damage, reference
):
    run_dir = tiny_run(tmp_path, "hurt", ticks=25, checkpoint_every=10, seed=4)
    last = checkpoint_files(run_dir)[-1]
    assert last.name == "tick-00000025.json"
    text = last.read_bytes()
    damaged = text[: len(text) // 2] if damage == "truncated" else text.replace(b"{", b"[", 3)
    last.write_bytes(damaged)
    status, err = hamlet(capsys, f"run --resume {run_dir} --no-progress")
    assert status == 0
    (notice,) = [e for e in err if "passed over" in e]
    assert "tick-00000025.json" in notice and "tick-00000020.json" in notice
    assert events_of(run_dir) == events_of(reference)[: len(events_of(run_dir))]
    assert checkpoint_files(run_dir)[-1].name == "tick-00000025.json"


def test_a_run_whose_every_checkpoint_is_damaged_is_refused_in_one_line(tmp_path, capsys):
    run_dir = tiny_run(tmp_path, "ruined", ticks=5, checkpoint_every=10)
    for file in checkpoint_files(run_dir):
        file.write_text("{", encoding="utf-8")
    status, err = hamlet(capsys, f"run --resume {run_dir} --no-progress")
    assert status == 2
    assert len(err) == 1 and "damaged checkpoint" in err[0]
