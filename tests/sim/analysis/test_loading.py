"""Loading run folders: real scripted runs, runs in progress, damaged files."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from sim.analysis import RunDataError, load_run
from tests.sim.analysis.synthetic import write_run


def test_a_rule_based_tiny_run_loads_into_consistent_tables(rule_based_tiny_run):
    run = load_run(rule_based_tiny_run)
    assert run.agents == ["Ines Calloway", "Lena Hale", "Owen Hale"]
    assert run.last_tick == 399
    assert not run.actions.empty and not run.conversations.empty
    assert set(run.conversations.conversation) <= set(run.conversation_list.conversation)
    assert (run.actions.end >= run.actions.start).all()
    assert set(run.actions.agent) <= set(run.agents)
    assert set(run.conversations.speaker) | set(run.conversations.listener) <= set(run.agents)
    logged = sum(1 for _ in (rule_based_tiny_run / "events.jsonl").open())
    assert len(run.events) == logged
    # Positions every 6 ticks (0, 6, ..., 396) plus the last tick, for every agent.
    assert len(run.positions) == 3 * (len(range(0, 400, 6)) + 1)
    assert set(run.personas.name) == set(run.agents)
    # The scenario's seeded memories and its event are part of the run's context.
    assert {m.agent for m in run.seeded} == set(run.agents)
    assert run.event is not None and run.event.place == "Copper Kettle"


def test_parquet_export_round_trips_every_table(rule_based_tiny_run, tmp_path):
    run = load_run(rule_based_tiny_run)
    written = run.to_parquet(tmp_path / "pq")
    assert {p.stem for p in written} == set(run.tables())
    conversations = pd.read_parquet(tmp_path / "pq" / "conversations.parquet")
    assert list(conversations.text) == list(run.conversations.text)
    assert len(pd.read_parquet(tmp_path / "pq" / "actions.parquet")) == len(run.actions)


def test_a_half_written_last_line_is_left_out_not_an_error(tmp_path):
    folder = write_run(tmp_path)
    complete = load_run(folder)
    with (folder / "events.jsonl").open("a") as handle:
        handle.write('{"tick": 179, "time": "2024-01-01T10:59:00", "type": "utter')
    with (folder / "frames.jsonl").open("a") as handle:
        handle.write('{"kind": "frame", "tick": 180, "ti')
    with (folder / "llm_calls.jsonl").open("a") as handle:
        handle.write('{"wall_time": ')
    loaded = load_run(folder)
    assert len(loaded.events) == len(complete.events)
    assert loaded.last_tick == 179
    assert len(loaded.calls) == len(complete.calls)


def test_a_run_that_has_only_begun_loads_with_empty_tables(tmp_path):
    folder = write_run(tmp_path)
    header = (folder / "frames.jsonl").read_text().splitlines()[0]
    (folder / "frames.jsonl").write_text(header + "\n")
    (folder / "events.jsonl").write_text("")
    (folder / "llm_calls.jsonl").write_text("")
    run = load_run(folder)
    assert run.last_tick == -1
    assert run.actions.empty and run.conversations.empty and run.calls.empty


def _replace_line(path, number: int, text: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    lines[number - 1] = text + "\n"
    path.write_text("".join(lines))


def test_a_damaged_line_in_a_log_is_reported_with_file_and_line(tmp_path):
    folder = write_run(tmp_path)
    _replace_line(folder / "events.jsonl", 3, '{"tick": 0, "time": "2024-01-01T08:00:00", "ty')
    with pytest.raises(RunDataError, match=r"events\.jsonl:3: not valid JSON"):
        load_run(folder)


def test_an_event_missing_a_field_is_reported_with_line_and_field(tmp_path):
    folder = write_run(tmp_path)
    _replace_line(folder / "events.jsonl", 2, json.dumps({"time": "x", "type": "woken"}))
    with pytest.raises(RunDataError, match=r"events\.jsonl:2: .*field tick"):
        load_run(folder)


def test_a_bad_frame_is_reported_with_its_line(tmp_path):
    folder = write_run(tmp_path)
    _replace_line(folder / "frames.jsonl", 5, json.dumps({"kind": "frame", "tick": "soon"}))
    with pytest.raises(RunDataError, match=r"frames\.jsonl:5: not a valid Frame"):
        load_run(folder)


def test_a_truncated_config_is_reported_with_file_and_line(tmp_path):
    folder = write_run(tmp_path)
    text = (folder / "config.json").read_text()
    (folder / "config.json").write_text(text[: len(text) // 2])
    with pytest.raises(RunDataError, match=r"config\.json:\d+: not valid JSON"):
        load_run(folder)


def test_a_folder_that_is_not_a_run_says_so(tmp_path):
    with pytest.raises(RunDataError, match="config.json: missing"):
        load_run(tmp_path)
    with pytest.raises(RunDataError, match="no such run folder"):
        load_run(tmp_path / "nope")
