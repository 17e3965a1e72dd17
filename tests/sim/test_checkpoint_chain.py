"""Chained checkpoints: each holds what changed, and resume, fork and fallback read the chain."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from sim import Simulation
from sim.cli import main
from sim.run_folder import checkpoint_files, latest_checkpoint, read_checkpoint
from tests.support.killing import kill_and_resume
from tests.support.runs import copy_run, events_of, tiny_run

# Six game hours of the tiny town's generative minds, a checkpoint every quarter hour.
LONG = {"agent_kind": "generative", "seed": 5, "ticks": 2160, "checkpoint_every": 90}
# Where the runs below are killed: drawn once, so that a failure can be rerun.
KILL_POINTS = [round(random.Random(14).uniform(0.15, 0.95), 3) for _ in range(3)]


def base_of(file: Path) -> str | None:
    """The name of the checkpoint a file builds on, as written in it (None: a full one)."""
    base = json.loads(file.read_bytes())["base"]
    return base["file"] if base else None


def whole_size(file: Path) -> int:
    """How many bytes the checkpoint would take written whole."""
    return len(read_checkpoint(file).model_dump_json())


@pytest.fixture(scope="module")
def long_run(tmp_path_factory) -> Path:
    return tiny_run(tmp_path_factory.mktemp("chain"), "long", **LONG)


def test_a_checkpoint_holds_what_changed_so_checkpoints_grow_with_game_time(long_run):
    files = checkpoint_files(long_run)
    last = files[-1]
    assert base_of(last) is not None
    assert sum(len(a["stream"]["nodes"]) for a in read_checkpoint(last).agents.values()) > 60
    # Once memories are many, a checkpoint is a small part of the state it stands for ...
    assert last.stat().st_size * 4 < whole_size(last)
    # ... and the run's checkpoints together far less than writing each one whole.
    written = sum(f.stat().st_size for f in files)
    assert written * 2 < sum(whole_size(f) for f in files)


def test_a_chain_joins_to_what_an_uninterrupted_run_holds_in_memory(tmp_path, long_run):
    options = {"backend": "scripted", "executor": "inline", **LONG}
    with Simulation.from_world("tiny", out=tmp_path, run_id="again", **options) as sim:
        sim.run(progress=False)
        now = sim.executor.snapshot()
    joined = latest_checkpoint(long_run).agents
    for name, state in now.items():
        state.pop("mark"), joined[name].pop("mark")
        assert json.loads(json.dumps(state)) == joined[name]


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", KILL_POINTS)
def test_a_chain_killed_at_a_random_moment_resumes_to_the_uninterrupted_events(tmp_path, kill_at):
    options = [
        *("--world", "tiny", "--backend", "scripted", "--executor", "inline", "--seed", "5"),
        *("--agent-kind", "generative", "--ticks", "1080", "--checkpoint-every", "45"),
    ]
    run = kill_and_resume(tmp_path, options, kill_at=kill_at)
    assert run.lines_at_kill < len(events_of(run.whole))
    assert events_of(run.killed) == events_of(run.whole)
    assert any(base_of(f) for f in checkpoint_files(run.killed))
    assert latest_checkpoint(run.killed).agents == latest_checkpoint(run.whole).agents


def hamlet(capsys, *args: str) -> tuple[int, list[str]]:
    """`hamlet ARGS` in this process: its exit status and its stderr lines."""
    capsys.readouterr()
    status = main(list(args))
    return status, [line for line in capsys.readouterr().err.splitlines() if line]


@pytest.mark.parametrize("harm", ["corrupt", "missing", "written over"])
def test_a_broken_link_falls_back_to_the_newest_checkpoint_whose_chain_is_intact(
    tmp_path, capsys, long_run, harm
):
    run_dir = copy_run(long_run, tmp_path)
    files = checkpoint_files(run_dir)
    link = run_dir / "checkpoints" / base_of(files[-1])  # the last checkpoint builds on it
    text = link.read_bytes()
    if harm == "corrupt":
        link.write_bytes(text.replace(b'"nodes"', b'"nodez"', 1))
    elif harm == "missing":
        link.unlink()
    else:  # the same content written again: sound itself, not the bytes built on
        link.write_text(json.dumps(json.loads(text), indent=1))
    builds_on_link = [f for f in files if f.name > link.name]
    sound = [f for f in files if f.name < link.name or (f == link and harm == "written over")]
    fallback = sound[-1]
    status, err = hamlet(capsys, "run", "--resume", str(run_dir), "--no-progress")
    assert status == 0
    (notice,) = [e for e in err if "passed over" in e]
    assert all(f.name in notice for f in builds_on_link)
    assert f"using the newest whose chain is intact, {fallback.name}" in notice
    assert events_of(run_dir) == events_of(long_run)
    assert latest_checkpoint(run_dir).agents == latest_checkpoint(long_run).agents


def test_a_fork_from_a_checkpoint_in_mid_chain_replays_the_parents_future(tmp_path, long_run):
    files = checkpoint_files(long_run)
    middle = next(f for f in files[len(files) // 2 :] if base_of(f) and base_of(f) != files[0])
    tick = int(middle.stem.removeprefix("tick-"))  # the tick it resumes at, ten seconds each
    at = f"{7 + tick // 360:02d}:{tick % 360 // 6:02d}"
    with Simulation.fork(long_run, at=at, out=tmp_path, run_id="fork") as fork:
        fork.run(progress=False)
        fork_dir = fork.run_dir
    assert json.loads((fork_dir / "config.json").read_text())["parent"]["tick"] == tick - 1
    first = checkpoint_files(fork_dir)[0]
    assert first.name == middle.name and base_of(first) is None  # the fork's chain starts whole
    assert events_of(fork_dir) == events_of(long_run)
    assert latest_checkpoint(fork_dir).agents == latest_checkpoint(long_run).agents


def test_a_run_checkpointed_whole_before_chains_resumes_and_chains_from_there(
    tmp_path, capsys, long_run
):
    run_dir = copy_run(long_run, tmp_path)
    files = checkpoint_files(run_dir)
    full = max(f for f in files[: len(files) // 2] if base_of(f) is None)
    old = json.loads(full.read_bytes())  # as written before checkpoints named a base or a mark
    del old["base"]
    for state in old["agents"].values():
        del state["mark"]
    full.write_text(json.dumps(old))
    for later in files[files.index(full) + 1 :]:
        later.unlink()
    assert hamlet(capsys, "run", "--resume", str(run_dir), "--no-progress")[0] == 0
    assert events_of(run_dir) == events_of(long_run)
    after = checkpoint_files(run_dir)[files.index(full) + 1 :]
    assert base_of(after[0]) is None and any(base_of(f) for f in after)


@pytest.mark.ray
@pytest.mark.slow
def test_changes_made_in_ray_actors_chain_to_the_inline_checkpoints(tmp_path):
    options = {**LONG, "ticks": 720, "checkpoint_every": 60}
    inline = tiny_run(tmp_path, "inline", **options)
    ray = tiny_run(tmp_path, "ray", executor="ray", **options)
    assert any(base_of(f) for f in checkpoint_files(ray))
    assert events_of(ray) == events_of(inline)
    assert latest_checkpoint(ray).agents == latest_checkpoint(inline).agents
