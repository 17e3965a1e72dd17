"""How a piece of news spread, traced through the conversations that carried it.

The cheap method: an agent knows the fact from the moment it was seeded or
injected with a memory that mentions it, or heard (or said) a line that
mentions it. A text "mentions" the fact when it contains any of the
scenario's `fact_keywords` (case-insensitive); with no keywords, the whole
fact. The paper's own method, asking each agent, is in `sim.analysis.judging`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pandas as pd

from sim.analysis.loading import FactMeasure, RunData


def mentions(text: str, fact: FactMeasure) -> bool:
    """Whether a line or memory carries the fact (any keyword, whole words, any case)."""
    needles = fact.keywords or (fact.fact,)
    lowered = text.lower()
    return any(
        re.search(rf"(?<!\w){re.escape(needle.lower())}(?!\w)", lowered) for needle in needles
    )


def carrying_conversations(run: RunData, fact: FactMeasure) -> pd.DataFrame:
    """The utterances that mentioned the fact: conversation, time, speaker, listener, text."""
    lines = run.conversations
    if lines.empty:
        return lines.copy()
    return lines[lines.text.map(lambda text: mentions(str(text), fact))].reset_index(drop=True)


def knowledge_trace(run: RunData, fact: FactMeasure) -> pd.DataFrame:
    """When each agent came to know the fact, and how (Park et al. 2023, §3.4.1, §7.1.1).

    One row per agent: `knew_at` (game time, NaT if never), `how` ("seeded",
    "injected", "heard" or "said"), `source` (who told them, for "heard") and
    `conversation`.
    """
    first: dict[str, dict[str, object]] = {}

    def learn(
        agent: str, at: datetime, how: str, source: str | None, conversation: str | None
    ) -> None:
        known = first.get(agent)
        if known is None or pd.Timestamp(at) < known["knew_at"]:
            first[agent] = {
                "knew_at": pd.Timestamp(at),
                "how": how,
                "source": source,
                "conversation": conversation,
            }

    for memory in run.seeded:
        if mentions(memory.text, fact):
            learn(memory.agent, memory.at, memory.how, None, None)
    for line in carrying_conversations(run, fact).itertuples():
        learn(line.speaker, line.time, "said", None, line.conversation)
        learn(line.listener, line.time, "heard", line.speaker, line.conversation)
    rows = [
        {
            "agent": agent,
            **first.get(
                agent, {"knew_at": pd.NaT, "how": None, "source": None, "conversation": None}
            ),
        }
        for agent in run.agents
    ]
    table = pd.DataFrame(rows, columns=["agent", "knew_at", "how", "source", "conversation"])
    table["knew_at"] = pd.to_datetime(table["knew_at"])
    return table


def diffusion_curve(run: RunData, fact: FactMeasure, every_minutes: int = 30) -> pd.DataFrame:
    """The share of agents who know the fact at each step of game time (the paper's §7.1.2 figure).

    The paper reports the share at the start and at the end (Sam's candidacy:
    4% to 32%; Isabella's party: 4% to 52%); this gives the whole curve: a row
    at every step and at every moment someone learnt the fact.
    """
    trace = knowledge_trace(run, fact)
    total = max(len(run.agents), 1)
    times: list[datetime] = []
    moment = run.start
    while moment < run.end:
        times.append(moment)
        moment += timedelta(minutes=every_minutes)
    times.append(run.end)
    learnt = [t.to_pydatetime() for t in trace.knew_at.dropna() if run.start <= t <= run.end]
    times = sorted(set(times) | set(learnt))
    rows = []
    for moment in times:
        knowing = int((trace.knew_at <= pd.Timestamp(moment)).sum())
        rows.append(
            {"time": pd.Timestamp(moment), "knowing": knowing, "share": round(knowing / total, 4)}
        )
    return pd.DataFrame(rows)
