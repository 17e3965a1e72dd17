"""Every mistake a user can make belongs to one family, the one the command line catches."""

from __future__ import annotations

import pytest

from agents.errors import ConfigError as AgentsConfigError
from agents.errors import HamletError
from agents.llm import ConfigError as LLMConfigError
from agents.llm.local_server import LocalServerError
from agents.llm.replay import ReplayLogError, ReplayMiss
from agents.llm.task import TemplateError
from agents.spatial import PersonaError
from sim.analysis.reading import RunDataError
from sim.config import ConfigError as SimConfigError
from sim.errors import ConfigError, RunFolderError, WorldError
from sim.interview import InterviewError
from sim.run_folder import RunFolderError as RunFolderErrorOfTheFolder
from sim.tiled import WorldError as WorldErrorOfTheMap
from viz.app import RunFolderError as RunFolderErrorOfTheViewer
from viz.frame_reader import FrameStreamError
from viz.tilemap import MapError

USER_ERRORS = [
    ConfigError,
    WorldError,
    PersonaError,
    RunFolderError,
    RunDataError,
    ReplayLogError,
    ReplayMiss,
    LocalServerError,
    InterviewError,
    MapError,
    FrameStreamError,
]


@pytest.mark.parametrize("error", USER_ERRORS, ids=lambda e: e.__name__)
def test_every_user_error_is_a_hamlet_error(error):
    assert issubclass(error, HamletError)


def test_each_error_has_one_class_whatever_the_import_path():
    assert AgentsConfigError is LLMConfigError is SimConfigError is ConfigError
    assert RunFolderErrorOfTheFolder is RunFolderErrorOfTheViewer is RunFolderError
    assert WorldErrorOfTheMap is WorldError


def test_the_errors_still_are_what_callers_catch():
    for error in (ConfigError, WorldError, PersonaError, RunFolderError, ReplayLogError):
        assert issubclass(error, ValueError)
    assert issubclass(ReplayMiss, LookupError)
    assert issubclass(LocalServerError, RuntimeError)


def test_a_broken_shipped_template_is_a_bug_not_a_user_error():
    assert not issubclass(TemplateError, HamletError)
