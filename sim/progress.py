"""The progress bar of a run on a terminal: game time, ticks/s, awake agents, model calls."""

from __future__ import annotations

from types import TracebackType

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from agents.llm.outage import EndpointStatus


class RunProgress:
    """A rich progress bar over the ticks of a run; silent when disabled."""

    def __init__(
        self, total_ticks: int, *, enabled: bool, start_tick: int = 0, game_time: str = ""
    ) -> None:
        self._progress = (
            Progress(
                TextColumn("[bold]{task.fields[game_time]}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} ticks"),
                TextColumn("{task.fields[rate]:.1f} ticks/s"),
                TextColumn("awake {task.fields[awake]}"),
                TextColumn("calls {task.fields[calls]}"),
                TextColumn("{task.fields[thinking]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
            )
            if enabled
            else None
        )
        self._task = None
        self._total = total_ticks
        self._start = start_tick
        self._game_time = game_time

    def __enter__(self) -> RunProgress:
        if self._progress is not None:
            self._progress.start()
            self._task = self._progress.add_task(
                "run",
                total=self._total,
                completed=self._start,
                game_time=self._game_time,
                rate=0.0,
                awake=0,
                calls=0,
                thinking="",
            )
        return self

    def update(self, *, tick: int, game_time: str, awake: int, calls: int, rate: float) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(
                self._task,
                completed=tick + 1,
                game_time=game_time,
                awake=awake,
                calls=calls,
                rate=rate,
                thinking="",
            )

    def thinking(self, answered: int, endpoint: EndpointStatus | None = None) -> None:
        """During a long tick: how many model requests it has had answered so far,
        or, while the endpoint is down, that it is and when it is tried again."""
        if self._progress is not None and self._task is not None:
            note = endpoint.describe() if endpoint else f"this tick: {answered} answers"
            self._progress.update(self._task, thinking=f"({note})")

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
