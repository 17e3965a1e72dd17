"""Out-of-order ticks: the same record as lock-step, event for event and frame for frame."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim import Simulation
from tests.support.delays import delayed_scripted
from tests.support.killing import kill_and_resume
from tests.support.runs import events_of
from viz.frame_reader import FrameReader


def run(out: Path, run_id: str, world: str, **options) -> Simulation:
    options = {"backend": "scripted", "executor": "inline", **options}
    with Simulation.from_world(world, out=out, run_id=run_id, **options) as sim:
        sim.run(progress=False)
        return sim


def frames_of(run_dir: Path) -> list[str]:
    """The frame lines after the header (whose run id differs from run to run)."""
    return (run_dir / "frames.jsonl").read_text().splitlines()[1:]


def assert_same_record(a: Path, b: Path) -> None:
    assert events_of(a) == events_of(b)
    assert frames_of(a) == frames_of(b)


@pytest.mark.parametrize(
    ("world", "scenario", "seed", "hours"),
    [("tiny", "baseline", 3, 3), ("tiny", "baseline", 8, 3), ("oakhollow", "party", 5, 2)],
)
def test_out_of_order_gives_the_lockstep_record(tmp_path, world, scenario, seed, hours):
    common = {"scenario": scenario, "seed": seed, "hours": hours}
    lock = run(tmp_path, "lock", world, **common)
    ooo = run(tmp_path, "ooo", world, scheduler="out-of-order", **common)
    assert_same_record(lock.run_dir, ooo.run_dir)


@pytest.mark.parametrize(
    ("world", "scenario", "seed", "hours"),
    [("tiny", "baseline", 4, 2), ("oakhollow", "party", 2, 1), ("oakhollow", "party", 9, 1)],
)
def test_out_of_order_with_random_delays_gives_the_lockstep_record(
    tmp_path, monkeypatch, world, scenario, seed, hours
):
    common = {"scenario": scenario, "seed": seed, "hours": hours}
    lock = run(tmp_path, "lock", world, **common)
    with delayed_scripted(delay_seed=seed, most_s=0.02):
        ooo = run(tmp_path, "ooo", world, scheduler="out-of-order", **common)
    assert_same_record(lock.run_dir, ooo.run_dir)
    if world == "oakhollow":
        # The delays really reordered the work: some groups' ticks were applied
        # before those of groups started earlier, and some conversations opened
        # before others that got a lower number. (The tiny town is one group.)
        assert ooo.out_of_order is not None and ooo.out_of_order.overtakes > 0
        assert ooo.out_of_order.renumbered > 0


def test_the_viewer_reads_an_out_of_order_run_tick_by_tick(tmp_path):
    ooo = run(tmp_path, "ooo", "tiny", seed=3, ticks=300, scheduler="out-of-order")
    reader = FrameReader(ooo.run_dir / "frames.jsonl")
    reader.poll_all()
    assert list(reader.ticks) == list(range(300))
    assert [reader.frame(i).tick for i in range(len(reader))] == list(range(300))


def test_a_run_out_of_order_stops_at_its_budget_as_lockstep_does(tmp_path, monkeypatch):
    common = {"scenario": "party", "seed": 3, "hours": 2, "budget_tokens": 40_000}
    with delayed_scripted(delay_seed=1, most_s=0.0):
        lock = run(tmp_path, "lock", "oakhollow", **common)
    with delayed_scripted(delay_seed=2, most_s=0.02):
        ooo = run(tmp_path, "ooo", "oakhollow", scheduler="out-of-order", **common)
    assert lock.stop_reason and lock.stop_reason.startswith("token budget spent")
    assert ooo.stop_reason == lock.stop_reason
    assert_same_record(lock.run_dir, ooo.run_dir)


@pytest.mark.slow
@pytest.mark.parametrize("kill_at", [0.2, 0.7])
def test_an_out_of_order_run_killed_resumes_to_the_lockstep_events(tmp_path, kill_at):
    options = [
        *("--world", "oakhollow", "--scenario", "party", "--backend", "scripted"),
        *("--executor", "inline", "--seed", "6", "--ticks", "400", "--checkpoint-every", "60"),
    ]
    killed_with = ("--scheduler", "out-of-order")
    run = kill_and_resume(tmp_path, options, kill_at=kill_at, killed_with=killed_with)
    assert run.lines_at_kill < len(events_of(run.whole))
    assert_same_record(run.whole, run.killed)


@pytest.mark.ray
@pytest.mark.slow
def test_out_of_order_on_ray_actors_gives_the_inline_lockstep_record(tmp_path):
    common = {"scenario": "party", "seed": 4, "ticks": 120}
    lock = run(tmp_path, "lock", "oakhollow", **common)
    ooo = run(
        tmp_path,
        "ooo",
        "oakhollow",
        executor="ray",
        agents_per_actor=4,
        scheduler="out-of-order",
        **common,
    )
    assert_same_record(lock.run_dir, ooo.run_dir)
