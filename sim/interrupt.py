"""Ctrl-C during a run: the first one asks the run to stop cleanly between ticks."""

from __future__ import annotations

import signal
from typing import Any


class InterruptFlag:
    """Turns the first Ctrl-C into a flag the run loop checks between ticks."""

    def __init__(self) -> None:
        self.set = False
        self._previous: Any = None

    def _handle(self, signum: int, frame: Any) -> None:
        if self.set:
            raise KeyboardInterrupt
        self.set = True

    def __enter__(self) -> InterruptFlag:
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread: leave Ctrl-C as it is
            self._previous = None
        return self

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
