"""The engine's user errors: a world, a run folder or a configuration that cannot be used.

`HamletError` is the base of every mistake a user can fix; the command line
prints one as a line of its own and exits with status 2.
"""

from __future__ import annotations

import sys

from agents.errors import ConfigError, HamletError

__all__ = [
    "ActorLost",
    "ConfigError",
    "DiskTrouble",
    "HamletError",
    "RunFolderError",
    "WorldError",
    "report_user_error",
]


class WorldError(HamletError, ValueError):
    """A world (map, personas, scenarios) is malformed; the message says where and why."""


class RunFolderError(HamletError, ValueError):
    """A run folder is missing, incomplete or damaged; the message names the folder or file."""


class DiskTrouble(RunFolderError):
    """A write to the run folder failed (disk full, no permission); the run stopped cleanly."""


class ActorLost(HamletError):
    """A host actor kept dying past the run's bound on restarts; the run stopped cleanly."""


def report_user_error(command: str, error: BaseException) -> int:
    """Print a user's mistake on stderr as the command line shows it; the exit status, 2."""
    for line in str(error).splitlines() or [type(error).__name__]:
        print(f"hamlet {command}: error: {line}", file=sys.stderr)
    return 2
