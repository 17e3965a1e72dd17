"""How each agent spent its day: hours per kind of activity and per place."""

from __future__ import annotations

import re

import pandas as pd

from sim.analysis.loading import RunData

CATEGORIES = ("sleep", "work", "eat", "social", "leisure", "travel", "other")

# Checked in this order; the first category with a matching word wins.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "sleep": ("sleep", "sleeping", "asleep", "nap", "napping", "go to bed", "in bed"),
    "eat": (
        "eat",
        "eating",
        "breakfast",
        "lunch",
        "dinner",
        "supper",
        "brunch",
        "meal",
        "snack",
        "coffee",
        "tea",
        "cook",
        "cooking",
    ),
    "social": (
        "talk",
        "talking",
        "chat",
        "chatting",
        "conversation",
        "visit",
        "visiting",
        "greet",
        "meet",
        "meeting",
        "party",
        "friends",
    ),
    "work": (
        "work",
        "working",
        "shift",
        "serve",
        "serving",
        "customers",
        "bake",
        "baking",
        "open",
        "opening",
        "close up",
        "build",
        "building",
        "repair",
        "sketch",
        "sketches",
        "paint",
        "painting",
        "write",
        "writing",
        "study",
        "studying",
        "teach",
        "class",
        "office",
        "counter",
        "inventory",
        "bench",
        "menu",
    ),
    "leisure": (
        "read",
        "reading",
        "relax",
        "relaxing",
        "stroll",
        "garden",
        "gardening",
        "music",
        "play",
        "playing",
        "watch",
        "hobby",
        "exercise",
        "jog",
        "spending time",
        "rest",
    ),
    "travel": (
        "walk to",
        "walking to",
        "go to",
        "going to",
        "head to",
        "heading",
        "commute",
        "travel",
    ),
}

_PATTERNS = {
    category: re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    for category, words in KEYWORDS.items()
}


def categorize(description: str) -> str:
    """The activity category of an action's description, by keywords (see `KEYWORDS`)."""
    text = description.lower()
    for category, pattern in _PATTERNS.items():
        if pattern.search(text):
            return category
    return "other"


def _samples(run: RunData) -> pd.DataFrame:
    positions = run.positions
    on_grid = positions[positions.tick % run.sample_every == 0].copy()
    on_grid["hours"] = run.sample_every * run.tick_seconds / 3600
    on_grid["category"] = [
        "travel" if moving else categorize(str(action))
        for moving, action in zip(on_grid.moving, on_grid.action, strict=True)
    ]
    return on_grid


def time_use(run: RunData) -> pd.DataFrame:
    """Hours per activity category for each agent (rows) — sampled from the frames.

    Each sampled position counts for the time between two samples; an agent on
    its way somewhere counts as travel, whatever it is going to do there. This
    is the day-in-the-life view of the paper's §3.3, made countable.
    """
    samples = _samples(run)
    table = samples.pivot_table(index="agent", columns="category", values="hours", aggfunc="sum")
    table = table.reindex(index=run.agents, columns=list(CATEGORIES)).fillna(0.0)
    return table.round(3).rename_axis(index="agent", columns=None)


def place_use(run: RunData) -> pd.DataFrame:
    """Hours each agent spent in each area of the town (rows: agents; columns: areas)."""
    samples = _samples(run)
    table = samples.pivot_table(index="agent", columns="area", values="hours", aggfunc="sum")
    return (
        table.reindex(index=run.agents)
        .fillna(0.0)
        .round(3)
        .rename_axis(index="agent", columns=None)
    )
