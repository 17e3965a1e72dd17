"""The run's configuration: defaults that depend on the backend, flags over the file."""

import json

from sim.cli import build_parser, run_overrides
from sim.config import resolve_config


def test_day_plans_come_from_the_routine_on_the_embedded_model_and_from_the_model_elsewhere():
    assert resolve_config(None, {}).mind.day_plan == "routine"
    assert resolve_config(None, {"llm": {"backend": "scripted"}}).mind.day_plan == "model"
    assert resolve_config(None, {"llm": {"backend": "openai"}}).mind.day_plan == "model"


def test_a_configured_day_plan_wins_over_the_backend_default(tmp_path):
    file = tmp_path / "run.toml"
    file.write_text('[mind]\nday_plan = "model"\n')
    assert resolve_config(file, {}).mind.day_plan == "model"
    args = build_parser().parse_args(["run", "--config", str(file), "--day-plan", "routine"])
    assert resolve_config(file, run_overrides(args)).mind.day_plan == "routine"


def test_residents_keep_their_own_ticks_against_an_endpoint_and_a_set_scheduler_wins(tmp_path):
    assert resolve_config(None, {"llm": {"backend": "openai"}}).scheduler == "out-of-order"
    for backend in ("local", "scripted"):
        assert resolve_config(None, {"llm": {"backend": backend}}).scheduler == "lockstep"
    file = tmp_path / "run.toml"
    file.write_text('scheduler = "lockstep"\n[llm]\nbackend = "openai"\n')
    assert resolve_config(file, {}).scheduler == "lockstep"
    args = build_parser().parse_args(["run", "--config", str(file), "--scheduler", "out-of-order"])
    assert resolve_config(file, run_overrides(args)).scheduler == "out-of-order"


def test_a_replay_plans_days_the_way_the_recorded_run_did(tmp_path):
    for plan in ("routine", "model"):
        recorded = tmp_path / plan
        recorded.mkdir()
        (recorded / "config.json").write_text(json.dumps({"mind": {"day_plan": plan}}))
        replay = {"llm": {"backend": "replay", "replay_from": str(recorded)}}
        assert resolve_config(None, replay).mind.day_plan == plan


def test_reaction_questions_go_at_once_against_an_endpoint_in_turn_elsewhere_as_set(tmp_path):
    def asked(file=None, **overrides):
        return resolve_config(file, overrides).mind.reaction_questions

    assert asked(llm={"backend": "openai"}) == "at-once"
    assert asked(llm={"backend": "local"}) == asked(llm={"backend": "scripted"}) == "in-turn"
    file = tmp_path / "run.toml"
    file.write_text('[llm]\nbackend = "openai"\n[mind]\nreaction_questions = "in-turn"\n')
    assert asked(file) == "in-turn"
    args = build_parser().parse_args(
        ["run", "--config", str(file), "--reaction-questions", "at-once"]
    )
    assert resolve_config(file, run_overrides(args)).mind.reaction_questions == "at-once"
    for way in ("in-turn", "at-once"):
        recorded = tmp_path / way
        recorded.mkdir()
        (recorded / "config.json").write_text(json.dumps({"mind": {"reaction_questions": way}}))
        assert asked(llm={"backend": "replay", "replay_from": str(recorded)}) == way


def test_requests_in_flight_come_from_the_flag_over_the_file_and_default_per_backend(tmp_path):
    from agents.llm.factory import concurrency_limit

    file = tmp_path / "run.toml"
    file.write_text('[llm]\nbackend = "openai"\nconcurrency = 16\n')
    assert concurrency_limit(resolve_config(file, {}).llm) == 16
    args = build_parser().parse_args(["run", "--config", str(file), "--concurrency", "64"])
    assert concurrency_limit(resolve_config(file, run_overrides(args)).llm) == 64
    assert concurrency_limit(resolve_config(None, {"llm": {"backend": "local"}}).llm) == 2
