"""Which frame to show next: pause, step, speed, and following a live run."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Speed(Enum):
    """How fast the viewer plays: multiples of the base rate, or as fast as frames arrive."""

    X1 = "1×"
    X2 = "2×"
    X10 = "10×"
    MAX = "max"

    @property
    def factor(self) -> float:
        return {"1×": 1.0, "2×": 2.0, "10×": 10.0, "max": float("inf")}[self.value]


@dataclass
class Playback:
    """The playhead over a stream of frames that may still be growing.

    `base_tps` is how many ticks per wall second 1× plays. At `MAX` a live
    run shows its newest frame; a finished one plays one tick per drawn frame.
    """

    base_tps: float = 2.0
    index: int = -1  # -1 until the first frame arrives
    paused: bool = False
    speed: Speed = Speed.X1
    live: bool = False  # stick to the newest frame as the run writes more
    _carry: float = 0.0

    def update(self, dt: float, count: int) -> int:
        """Advance by `dt` wall seconds over `count` available frames; return the index to show."""
        if count == 0:
            self.index = -1
            return self.index
        if self.index < 0:
            self.index = count - 1 if self.live else 0
            return self.index
        if self.paused:
            self._carry = 0.0
            return self.index
        if self.live and self.speed is Speed.MAX:
            self.index = count - 1
            return self.index
        if self.speed is Speed.MAX:
            self.index = min(count - 1, self.index + 1)
            return self.index
        self._carry += dt * self.base_tps * self.speed.factor
        steps = int(self._carry)
        self._carry -= steps
        self.index = min(count - 1, self.index + steps)
        if self.index == count - 1:
            self._carry = 0.0  # waiting for the writer must not bank a burst for later
        return self.index

    def toggle_pause(self) -> None:
        self.paused = not self.paused

    def step(self, count: int, delta: int = 1) -> None:
        """One tick forward (or back), pausing: the user wants to look closely."""
        self.paused = True
        self.live = False
        if count:
            self.index = min(count - 1, max(0, self.index + delta))

    def seek(self, index: int, count: int) -> None:
        """Jump to a frame; leaving the newest frame of a live run stops following it."""
        if count:
            self.index = min(count - 1, max(0, index))
            self.live = self.live and self.index == count - 1
            self._carry = 0.0

    def go_live(self, count: int) -> None:
        self.live = True
        self.paused = False
        self.speed = Speed.MAX
        if count:
            self.index = count - 1
