"""Fixtures shared by the whole suite: finished scripted runs of the tiny world, made once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.runs import GENERATIVE, RULE_BASED, fingerprint, tiny_run


def _read_only(run_dir: Path) -> Iterator[Path]:
    """Hand out a shared run, and fail the session if a test wrote into it."""
    before = fingerprint(run_dir)
    yield run_dir
    assert fingerprint(run_dir) == before, (
        f"a test wrote into the shared run {run_dir.name}; work on copy_run() of it instead"
    )


@pytest.fixture(scope="session")
def rule_based_tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A finished rule-based run of the tiny world (`RULE_BASED`), shared and read-only."""
    yield from _read_only(tiny_run(tmp_path_factory.mktemp("shared"), "talky", **RULE_BASED))


@pytest.fixture(scope="session")
def generative_tiny_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A finished scripted-mind run of the tiny world (`GENERATIVE`), shared and read-only."""
    yield from _read_only(tiny_run(tmp_path_factory.mktemp("shared"), "minds", **GENERATIVE))
