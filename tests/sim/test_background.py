"""Background thinking in whole runs: the record does not depend on the model's speed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sim import Simulation
from sim.run_folder import latest_checkpoint
from tests.support.delays import delayed_scripted
from tests.support.killing import kill_and_resume

# A low threshold, so that the tiny town reflects within the run.
THINKING = {
    "backend": "scripted",
    "seed": 3,
    "ticks": 1500,
    "executor": "inline",
    "checkpoint_every": 1000,
    "mind": {"reflection_threshold": 40},
}


def run(out: Path, run_id: str, background: bool = True, **options) -> Path:
    options = {**THINKING, "background_thinking": background, **options}
    with Simulation.from_world("tiny", out=out, run_id=run_id, **options) as sim:
        sim.run(progress=False)
        return sim.run_dir


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def frames(run_dir: Path) -> list[str]:
    """The frames of a run, without the header (it names the run)."""
    return (run_dir / "frames.jsonl").read_text().splitlines()[1:]


def memories(run_dir: Path) -> dict[str, list[dict]]:
    agents = latest_checkpoint(run_dir).agents
    return {name: agent["stream"]["nodes"] for name, agent in agents.items()}


def tasks(run_dir: Path) -> Counter:
    return Counter(c["task"] for c in lines(run_dir / "llm_calls.jsonl"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("background")


@pytest.fixture(scope="module")
def lockstep(runs) -> Path:
    return run(runs, "lockstep", background=False)


@pytest.fixture(scope="module")
def background(runs) -> Path:
    return run(runs, "background")


def test_background_thinking_gives_the_same_record_whatever_the_model_speed(runs, background):
    delayed = []
    for delay_seed in (1, 2):
        with delayed_scripted(delay_seed=delay_seed):
            delayed.append(run(runs, f"delays-{delay_seed}"))
    for other in delayed:
        assert (other / "events.jsonl").read_bytes() == (background / "events.jsonl").read_bytes()
        assert frames(other) == frames(background)
        assert memories(other) == memories(background)
        assert tasks(other) == tasks(background)
    # The runs exercised what they compare: reflections, conversations, work left in flight.
    kinds = Counter(n["kind"] for nodes in memories(background).values() for n in nodes)
    assert kinds["reflection"] > 0 and kinds["chat"] > 0


def test_background_thinking_moves_when_the_town_thinks_not_what_it_thinks(lockstep, background):
    assert lines(background / "events.jsonl") == lines(lockstep / "events.jsonl")
    assert tasks(background) == tasks(lockstep)
    assert tasks(background)["rate_importance"] > 0
    assert memories(background) == memories(lockstep)
    gists = [
        n for nodes in memories(background).values() for n in nodes if n["predicate"] == "learned"
    ]
    assert gists and all(n["text"] for n in gists)


def test_call_records_carry_the_tick_whose_thinking_asked_for_them(background):
    woken = {
        (e["agent"], e["tick"]) for e in lines(background / "events.jsonl") if e["type"] == "woken"
    }
    calls = lines(background / "llm_calls.jsonl")
    assert all((c["agent"], c["tick"]) in woken for c in calls)
    # Work left to the background is logged when it lands, after later ticks' calls.
    ticks = [c["tick"] for c in calls]
    assert any(tick < max(ticks[:i]) for i, tick in enumerate(ticks) if i)


def test_the_command_line_turns_background_thinking_off():
    from sim.cli import build_parser, run_overrides

    args = build_parser().parse_args(["run", "--background-thinking", "off"])
    assert run_overrides(args)["background_thinking"] is False
    assert "background_thinking" not in run_overrides(build_parser().parse_args(["run"]))


@pytest.mark.slow
def test_a_thinking_run_killed_mid_way_resumes_to_the_uninterrupted_record(tmp_path):
    options = [
        *("--world", "tiny", "--backend", "scripted", "--executor", "inline", "--seed", "5"),
        *("--background-thinking", "on", "--ticks", "1500", "--checkpoint-every", "100"),
    ]
    run = kill_and_resume(tmp_path, options, kill_at=0.5)
    whole, killed = run.whole, run.killed
    assert lines(killed / "events.jsonl") == lines(whole / "events.jsonl")

    def calls(run_dir: Path) -> Counter:
        return Counter(
            (c["tick"], c["agent"], c["task"], c["prompt_key"])
            for c in lines(run_dir / "llm_calls.jsonl")
        )

    # Every call, the background's too, logged once, with the tick that asked for it.
    assert calls(killed) == calls(whole)


@pytest.mark.ray
@pytest.mark.slow
def test_ray_actors_think_in_the_background_to_the_inline_record(tmp_path, background):
    in_actors = run(tmp_path, "ray", executor="ray")
    assert lines(in_actors / "events.jsonl") == lines(background / "events.jsonl")
    assert memories(in_actors) == memories(background)
    assert tasks(in_actors) == tasks(background)
