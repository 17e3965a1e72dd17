"""Who came to a gathering, against who had heard of it."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from sim.analysis.loading import EventMeasure, RunData


def at_place(place: str, target: str) -> bool:
    """Whether an agent's place ("Area:room") is at or inside the target address."""
    return place == target or place.startswith(target + ":") or target in place.split(":")


def attendance(
    run: RunData, event: EventMeasure, told: Iterable[str] | None = None
) -> pd.DataFrame:
    """Who was at the event's place during its window, beside who was invited or told.

    The paper's coordination measure (Park et al. 2023, §7.1.1–7.1.2): of the
    agents who heard of Isabella's party, how many showed up (5 of 12). One
    row per agent: `attended`, `minutes` present (from the sampled positions),
    `arrived` (first sampled time there), `told` (None when nobody's knowledge
    is known) and `host`.
    """
    told_set = set(told) if told is not None else None
    start, end = pd.Timestamp(event.start), pd.Timestamp(event.end)
    positions = run.positions
    window = positions[(positions.time >= start) & (positions.time < end)]
    window = window[window.tick % run.sample_every == 0]
    there = window.place.map(lambda place: at_place(str(place), event.place)).astype(bool)
    present = window.loc[there]  # a mask, even when the window is empty
    minutes_per_sample = run.sample_every * run.tick_seconds / 60
    rows = []
    for agent in run.agents:
        mine = present[present.agent == agent]
        rows.append(
            {
                "agent": agent,
                "attended": not mine.empty,
                "minutes": round(len(mine) * minutes_per_sample, 2),
                "arrived": mine.time.min() if not mine.empty else pd.NaT,
                "told": (agent in told_set) if told_set is not None else None,
                "host": agent == event.host,
            }
        )
    table = pd.DataFrame(rows, columns=["agent", "attended", "minutes", "arrived", "told", "host"])
    table["arrived"] = pd.to_datetime(table["arrived"])
    return table


def attendance_summary(table: pd.DataFrame) -> dict[str, int | None]:
    """Counts a reader wants first: attended, told, told and attended, came untold."""
    attended = int(table.attended.sum())
    if table.told.isna().all():
        return {
            "attended": attended,
            "told": None,
            "told_and_attended": None,
            "attended_untold": None,
        }
    told = table.told.astype(bool)
    return {
        "attended": attended,
        "told": int(told.sum()),
        "told_and_attended": int((told & table.attended).sum()),
        "attended_untold": int((~told & table.attended).sum()),
    }
