"""A user's mistake on the command line: one line on stderr, exit status 2, no traceback.

Every case runs `hamlet` as a user would, in a process of its own; all but
the one marked `ray` fail before any actor or model server starts.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim import Simulation
from sim.world_loader import installed_worlds_dir

REPO = Path(__file__).resolve().parents[2]
NO_KEY_ENV = "HAMLET_TEST_KEY_THAT_IS_NOT_SET"
SCRIPTED = "--executor inline --backend scripted --no-progress"


def hamlet(command: str) -> subprocess.CompletedProcess[str]:
    """`hamlet COMMAND` (split as a shell would) run from this tree's code."""
    env = {k: v for k, v in os.environ.items() if k != NO_KEY_ENV}
    env["PYTHONPATH"] = str(REPO)  # Ray's workers import the tree's code too
    return subprocess.run(
        [sys.executable, "-m", "sim", *shlex.split(command)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """The command stopped on a user's mistake: status 2, one line naming it, no traceback."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 2, output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    """A copy of the tiny world, free to be broken by a test."""
    root = tmp_path_factory.mktemp("worlds")
    worlds = installed_worlds_dir()
    shutil.copytree(worlds / "tiny", root / "tiny", ignore=shutil.ignore_patterns("*.py", "__*"))
    shutil.copytree(worlds / "tileset", root / "tileset")
    return root / "tiny"


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    """A short finished run of the tiny world (07:00 to 07:01), checkpointed at both ends."""
    out = tmp_path_factory.mktemp("runs")
    with Simulation.from_world(
        "tiny",
        backend="scripted",
        agent_kind="rule-based",
        executor="inline",
        ticks=6,
        out=out,
        run_id="parent",
    ) as sim:
        sim.run(progress=False)
        return sim.run_dir


@pytest.fixture
def not_a_run(tmp_path: Path) -> Path:
    folder = tmp_path / "holiday-photos"
    folder.mkdir()
    return folder


@pytest.fixture
def damaged_recording(tmp_path: Path) -> Path:
    folder = tmp_path / "recorded"
    folder.mkdir()
    (folder / "llm_calls.jsonl").write_text('{"agent": "Lena Hale"}\n')
    return folder


# -- hamlet run: the language model ------------------------------------------------------------


@pytest.mark.parametrize("executor", ["inline", "ray"])
def test_openai_without_its_key_names_the_variable_to_set(tmp_path, executor):
    result = hamlet(
        f"run --world tiny --executor {executor} --backend openai --api-key-env {NO_KEY_ENV} "
        f"--out {tmp_path}"
    )
    assert_one_line_error(result, NO_KEY_ENV, "not set")


def test_replay_without_a_recording_names_the_option(tmp_path):
    result = hamlet(f"run --world tiny --executor inline --backend replay --out {tmp_path}")
    assert_one_line_error(result, "--replay-from")


def test_replay_from_a_folder_without_a_call_log_names_the_file(tmp_path, not_a_run):
    result = hamlet(
        f"run --world tiny --executor inline --backend replay --replay-from {not_a_run} "
        f"--out {tmp_path}"
    )
    assert_one_line_error(result, "holiday-photos", "llm_calls.jsonl")


def test_a_damaged_recording_names_its_line(tmp_path, damaged_recording):
    result = hamlet(
        f"run --world tiny --executor inline --backend replay --replay-from {damaged_recording} "
        f"--out {tmp_path}"
    )
    assert_one_line_error(result, "llm_calls.jsonl:1", "not a call record")


@pytest.mark.ray
def test_a_mistake_found_inside_an_actor_reaches_the_user_as_one_line(tmp_path, damaged_recording):
    result = hamlet(
        f"run --world tiny --executor ray --backend replay --replay-from {damaged_recording} "
        f"--out {tmp_path} --no-progress"
    )
    assert_one_line_error(result, "llm_calls.jsonl:1", "not a call record")


# -- hamlet run: the world -------------------------------------------------------------------


def test_an_unknown_world_lists_the_installed_ones(tmp_path):
    result = hamlet(f"run --world atlantis {SCRIPTED} --out {tmp_path}")
    assert_one_line_error(result, "atlantis", "tiny")


def test_a_persona_with_an_unknown_field_names_file_line_and_field(tmp_path, world):
    broken = tmp_path / "tiny"
    shutil.copytree(world, broken)
    shutil.copytree(world.parent / "tileset", tmp_path / "tileset")
    personas = broken / "personas.yaml"
    personas.write_text(
        personas.read_text().replace("  age: 44\n", "  age: 44\n  hobby: knitting\n", 1)
    )
    result = hamlet(f"run --world {broken} {SCRIPTED} --out {tmp_path / 'runs'}")
    assert_one_line_error(result, "personas.yaml:6", "Ines Calloway", '"hobby"')


def test_a_scenario_naming_a_stranger_names_the_file_and_the_name(tmp_path, world):
    (world / "scenarios" / "strangers.yaml").write_text(
        "description: x\nstart: 2024-03-05T07:00:00\nagents: [Nobody]\n"
    )
    result = hamlet(f"run --world {world} --scenario strangers {SCRIPTED} --out {tmp_path}")
    assert_one_line_error(result, "strangers.yaml:3", "Nobody")


def test_an_unknown_scenario_lists_the_worlds_scenarios(tmp_path):
    result = hamlet(f"run --world tiny --scenario carnival {SCRIPTED} --out {tmp_path}")
    assert_one_line_error(result, "carnival", "baseline")


# -- hamlet run: settings, injections, the run folder ----------------------------------------


def test_a_config_file_that_is_not_toml_names_the_file(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("seed = = 3\n")
    result = hamlet(f"run --config {config} {SCRIPTED} --out {tmp_path}")
    assert_one_line_error(result, "settings.toml", "not valid TOML")


def test_a_config_file_with_an_unknown_setting_names_the_field(tmp_path):
    config = tmp_path / "settings.toml"
    config.write_text("speed = 3\n")
    result = hamlet(f"run --config {config} {SCRIPTED} --out {tmp_path}")
    assert_one_line_error(result, "settings.toml", "'speed'")


def test_a_missing_config_file_is_named(tmp_path):
    result = hamlet(f"run --config {tmp_path / 'nowhere.toml'} {SCRIPTED}")
    assert_one_line_error(result, "nowhere.toml", "not found")


def test_an_injection_without_its_colon_shows_the_expected_form(tmp_path):
    result = hamlet(f"run --world tiny {SCRIPTED} --out {tmp_path} --inject 'Lena Hale hello'")
    assert_one_line_error(result, "--inject", "NAME: TEXT")


def test_an_injection_for_a_stranger_lists_the_personas(tmp_path):
    result = hamlet(f"run --world tiny {SCRIPTED} --out {tmp_path} --inject 'Nobody: hello'")
    assert_one_line_error(result, "'Nobody'", "Lena Hale")


def test_an_injection_at_an_impossible_time_names_the_time(tmp_path):
    result = hamlet(f"run --world tiny {SCRIPTED} --out {tmp_path} --inject 'Lena Hale@25:99: hi'")
    assert_one_line_error(result, "'25:99'", "HH:MM")


def test_a_run_id_already_taken_is_refused(run_dir):
    result = hamlet(f"run --world tiny {SCRIPTED} --out {run_dir.parent} --run-id {run_dir.name}")
    assert_one_line_error(result, "parent", "exists already")


def test_resuming_a_folder_that_is_not_a_run_names_it(not_a_run):
    assert_one_line_error(hamlet(f"run --resume {not_a_run}"), "holiday-photos", "config.json")


def test_forking_a_folder_that_is_not_a_run_names_it(not_a_run):
    result = hamlet(f"run --fork {not_a_run} --at 07:00")
    assert_one_line_error(result, "holiday-photos", "config.json")


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("06:00", ("--at 06:00", "before the start", "07:00")),
        ("09:00", ("--at 09:00", "after the last checkpoint", "07:01")),
        ("teatime", ("'teatime'", "HH:MM")),
    ],
)
def test_forking_outside_the_run_says_when_it_ran(run_dir, tmp_path, at, words):
    result = hamlet(f"run --fork {run_dir} --at {at} --out {tmp_path}")
    assert_one_line_error(result, *words)


def test_a_fork_time_without_a_fork_asks_for_one(tmp_path):
    result = hamlet(f"run --world tiny {SCRIPTED} --out {tmp_path} --at 09:00")
    assert_one_line_error(result, "--at 09:00", "--fork")


# -- the other commands ----------------------------------------------------------------------


def test_check_world_of_an_unknown_world_lists_the_installed_ones():
    assert_one_line_error(hamlet("check-world atlantis"), "atlantis", "tiny")


def test_analyze_of_a_folder_that_is_not_a_run_names_it(not_a_run):
    assert_one_line_error(hamlet(f"analyze {not_a_run} --quiet"), "holiday-photos")


def test_interview_of_a_folder_that_is_not_a_run_names_it(not_a_run):
    result = hamlet(f"interview {not_a_run} --agent 'Lena Hale' --question 'Hello?'")
    assert_one_line_error(result, "holiday-photos", "not a run folder")


def test_interview_of_a_stranger_lists_the_agents(run_dir):
    result = hamlet(f"interview {run_dir} --agent Nobody --question 'Hello?' --no-record")
    assert_one_line_error(result, "'Nobody'", "Lena Hale")


def test_interview_before_the_run_began_says_when_it_began(run_dir):
    result = hamlet(f"interview {run_dir} --agent 'Lena Hale' --question 'Hi?' --at 05:00")
    assert_one_line_error(result, "--at 05:00", "before the run's start")


def test_view_of_a_folder_that_is_not_a_run_names_it(not_a_run):
    assert_one_line_error(hamlet(f"view {not_a_run}"), "holiday-photos", "frames.jsonl")


def test_view_of_a_missing_folder_names_it(tmp_path):
    assert_one_line_error(hamlet(f"view {tmp_path / 'gone'}"), "gone", "no such run folder")


def test_view_at_a_time_without_a_screenshot_says_what_to_do(run_dir):
    assert_one_line_error(hamlet(f"view {run_dir} --at 07:00"), "--at", "--screenshot")


def test_a_model_path_that_is_no_file_names_it_and_the_option(tmp_path):
    missing = tmp_path / "missing.gguf"
    result = hamlet(f"run --world tiny --executor inline --model-path {missing} --out {tmp_path}")
    assert_one_line_error(result, "missing.gguf", "--model-path")
