"""Fuzzing the world, persona, scenario and configuration loaders: every input gets a
result or a `HamletError` that says what is wrong, never another exception."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from sim.config import resolve_config
from sim.errors import HamletError
from sim.scenario import load_scenario
from sim.world_loader import installed_worlds_dir, load_world
from tests.support.fuzz import FUZZ, json_values, mutated

WORLDS = installed_worlds_dir()
TINY_MAP = json.loads((WORLDS / "tiny" / "map.tmj").read_text())
TINY_PERSONAS = yaml.safe_load((WORLDS / "tiny" / "personas.yaml").read_text())
TILESET = json.loads((WORLDS / "tileset" / "hamlet.tsj").read_text())
TINY_BASELINE = yaml.safe_load((WORLDS / "tiny" / "scenarios" / "baseline.yaml").read_text())


@contextmanager
def tiny_copy() -> Iterator[Path]:
    """A fresh copy of the tiny world (and the tileset its map refers to) to damage."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(WORLDS / "tiny", Path(tmp) / "tiny")
        shutil.copytree(WORLDS / "tileset", Path(tmp) / "tileset")
        yield Path(tmp) / "tiny"


def load_all(root: Path) -> None:
    """Load the world and its baseline scenario; a user's mistake may stop it, nothing else."""
    try:
        world = load_world(root)
        load_scenario(world, "baseline")
    except HamletError as exc:
        assert str(exc).strip(), "an error says what is wrong"


def as_yaml(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(mutated(TINY_MAP))
@example({**TINY_MAP, "backgroundcolor": "#zzzzzz"})
def test_a_damaged_map_is_loaded_or_refused_with_a_world_error(data):
    with tiny_copy() as root:
        (root / "map.tmj").write_text(json.dumps(data), encoding="utf-8")
        load_all(root)


@FUZZ
@given(mutated(TILESET))
@example({**TILESET, "margin": [None]})
@example({**TILESET, "columns": 1e400})
def test_a_damaged_tileset_is_loaded_or_refused_with_a_world_error(data):
    with tiny_copy() as root:
        (root.parent / "tileset" / "hamlet.tsj").write_text(json.dumps(data), encoding="utf-8")
        load_all(root)


@FUZZ
@given(mutated(TINY_PERSONAS))
def test_damaged_personas_are_loaded_or_refused_with_a_world_error(data):
    with tiny_copy() as root:
        (root / "personas.yaml").write_text(as_yaml(data), encoding="utf-8")
        load_all(root)


@FUZZ
@given(mutated(TINY_BASELINE))
def test_a_damaged_scenario_is_loaded_or_refused_with_a_world_error(data):
    with tiny_copy() as root:
        (root / "scenarios" / "baseline.yaml").write_text(as_yaml(data), encoding="utf-8")
        load_all(root)


@FUZZ
@given(
    st.text(max_size=300), st.sampled_from(["map.tmj", "personas.yaml", "scenarios/baseline.yaml"])
)
def test_any_text_in_a_world_file_is_loaded_or_refused_with_a_world_error(text, name):
    with tiny_copy() as root:
        (root / name).write_text(text, encoding="utf-8")
        load_all(root)


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["map.tmj", "personas.yaml"]))
def test_bytes_that_are_not_text_are_refused_with_a_world_error(raw, name):
    with tiny_copy() as root:
        (root / name).write_bytes(raw)
        load_all(root)


config_settings = st.dictionaries(
    st.sampled_from(
        [
            "world",
            "seed",
            "ticks",
            "hours",
            "executor",
            "agents_per_actor",
            "tick_seconds",
            "checkpoint_every",
            "budget_usd",
            "vision_radius",
            "unknown_field",
        ]
    ),
    json_values,
    max_size=4,
)
llm_settings = st.dictionaries(
    st.sampled_from(
        [
            "backend",
            "base_url",
            "model",
            "timeout_s",
            "max_retries",
            "concurrency",
            "max_outage_s",
            "temperature",
            "structured_output",
            "no_such_setting",
        ]
    ),
    json_values,
    max_size=4,
)


@FUZZ
@given(config_settings, llm_settings)
def test_any_settings_in_a_config_file_resolve_or_are_refused_with_a_config_error(top, llm):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "run.toml"
        file.write_text(toml_document(top, llm), encoding="utf-8")
        try:
            resolve_config(file)
        except HamletError as exc:
            assert str(file) in str(exc)


@FUZZ
@given(config_settings, llm_settings)
def test_any_option_values_resolve_or_are_refused_with_a_config_error(top, llm):
    try:
        resolve_config(None, {**top, "llm": llm})
    except HamletError as exc:
        assert "options" in str(exc)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_as_a_config_file_resolves_or_is_refused_with_a_config_error(text):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "run.toml"
        file.write_text(text, encoding="utf-8")
        try:
            resolve_config(file)
        except HamletError as exc:
            assert str(file) in str(exc)


def toml_document(top: dict, llm: dict) -> str:
    """Settings as TOML; values TOML cannot hold (null, nested lists of tables) as strings."""
    lines = [f"{key} = {toml_value(value)}" for key, value in top.items()]
    lines.append("[llm]")
    lines += [f"{key} = {toml_value(value)}" for key, value in llm.items()]
    return "\n".join(lines) + "\n"


def toml_value(value: object) -> str:
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        return repr(value) if abs(value) != float("inf") else ("inf" if value > 0 else "-inf")
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
