"""One-line notices on the console: what a run survived or passed over, as it happens."""

from __future__ import annotations

import sys


def say_on_stderr(line: str) -> None:
    """Where notices go unless the caller takes them: one line on stderr, "hamlet: ..."."""
    print(f"hamlet: {line}", file=sys.stderr, flush=True)
