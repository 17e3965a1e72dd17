"""Forks and injected memories: two futures of one town."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim import Simulation
from sim.cli import main, parse_injection
from sim.config import ConfigError, Injection
from sim.summary import RunSummary
from tests.support.runs import events_of, tiny_run


@pytest.fixture(scope="module")
def parent(tmp_path_factory) -> Path:
    return tiny_run(
        tmp_path_factory.mktemp("runs"),
        "parent",
        agent_kind="rule-based",
        seed=2,
        ticks=720,
        checkpoint_every=120,
    )


def test_a_fork_without_changes_replays_the_parents_future(parent):
    with Simulation.fork(parent, at="07:30", run_id="same") as fork:
        fork.run(progress=False)
        fork_dir = fork.run_dir
    config = json.loads((fork_dir / "config.json").read_text())
    assert config["parent"] == {"run_dir": str(parent), "tick": 119}  # checkpoint of 07:20
    assert events_of(fork_dir) == events_of(parent)


def test_a_fork_with_an_injected_memory_shares_the_past_and_logs_the_injection(parent):
    memory = parse_injection("Lena Hale: Ines is planning a surprise party")
    with Simulation.fork(parent, at="07:45", inject=[memory], run_id="told") as fork:
        fork.run(progress=False)
        fork_dir = fork.run_dir
    forked, original = events_of(fork_dir), events_of(parent)
    shared = [e for e in original if e.tick < 240]
    assert forked[: len(shared)] == shared
    injected = [e.model_dump() for e in forked if e.type == "memory_injected"]
    assert injected == [
        {
            "tick": 240,
            "time": "2024-03-05T07:40:00",
            "type": "memory_injected",
            "agent": "Lena Hale",
            "text": "Ines is planning a surprise party",
        }
    ]
    assert forked[-1].tick == original[-1].tick or forked[-1].tick <= 719


def test_injections_are_parsed_with_an_optional_game_time():
    assert parse_injection("Owen Hale@08:30: The bench is due Friday") == Injection(
        agent="Owen Hale", text="The bench is due Friday", at="08:30"
    )
    assert parse_injection("Owen Hale: hello there").at is None
    with pytest.raises(ConfigError, match="NAME: TEXT"):
        parse_injection("no separator here")


def test_a_run_injects_a_memory_at_its_game_time(tmp_path):
    tiny_run(
        tmp_path,
        "inj",
        agent_kind="rule-based",
        ticks=200,
        injections=[{"agent": "Owen Hale", "text": "Rain later", "at": "07:20"}],
    )
    injected = [e for e in events_of(tmp_path / "inj") if e.type == "memory_injected"]
    assert [(e.tick, e.agent) for e in injected] == [(120, "Owen Hale")]
    woken = [e for e in events_of(tmp_path / "inj") if e.type == "woken" and e.tick == 120]
    assert any("injected" in e.reasons and e.agent == "Owen Hale" for e in woken)


def test_an_injection_for_someone_not_in_the_town_is_refused_with_the_known_names(tmp_path):
    with pytest.raises(ConfigError, match=r"'Nobody'.*known: Ines Calloway, Lena Hale, Owen Hale"):
        Simulation.from_world(
            "tiny",
            backend="scripted",
            executor="inline",
            out=tmp_path,
            injections=[{"agent": "Nobody", "text": "x"}],
        )


def test_a_fork_runs_the_asked_hours_past_its_fork_point(parent):
    with Simulation.fork(parent, at="07:30", hours=0.5, run_id="short") as fork:
        summary = fork.run(progress=False)
    assert summary.ticks == 120 + 180  # resumes at the 07:20 checkpoint, then half an hour
    assert summary.game_end == "2024-03-05T07:50:00"


@pytest.mark.parametrize(
    ("length", "run_id", "ticks_after", "end"),
    [
        (["--hours", "0.5"], "half-hour", 180, "2024-03-05T07:50:00"),
        (["--ticks", "90"], "ninety", 90, "2024-03-05T07:35:00"),
    ],
)
def test_the_command_line_runs_a_fork_for_its_length_past_the_fork_point(
    parent, capsys, length, run_id, ticks_after, end
):
    status = main(
        [
            "run",
            "--fork",
            str(parent),
            "--at",
            "07:30",
            *length,
            "--run-id",
            run_id,
            "--no-progress",
        ]
    )
    assert status == 0
    fork_dir = parent.parent / run_id
    summary = RunSummary.read(fork_dir / "summary.json")
    config = json.loads((fork_dir / "config.json").read_text())
    fork_point = config["parent"]["tick"] + 1  # the checkpoint of 07:20: tick 120
    assert fork_point == 120
    assert summary.ticks == config["ticks"] == fork_point + ticks_after
    assert config["hours"] == round(config["ticks"] * 10 / 3600, 4)
    assert summary.game_end == end


def test_a_fork_without_a_length_records_the_parents_end(parent):
    with Simulation.fork(parent, at="07:30", run_id="to-the-end") as fork:
        fork_dir = fork.run_dir
    config = json.loads((fork_dir / "config.json").read_text())
    assert (config["ticks"], config["hours"]) == (720, 2.0)
