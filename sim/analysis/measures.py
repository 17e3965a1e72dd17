"""Every measure of one run at once: the tables and headline figures its report shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from sim.analysis import cost
from sim.analysis.attendance import attendance, attendance_summary
from sim.analysis.diffusion import carrying_conversations, diffusion_curve, knowledge_trace
from sim.analysis.loading import RunData
from sim.analysis.network import (
    conversation_graph,
    density_over_time,
    edges_table,
    network_density,
)
from sim.analysis.time_use import place_use, time_use


@dataclass
class Analysis:
    """Everything computed from one run: tables by name, headline figures, plots written."""

    run: RunData
    graph: nx.Graph = field(default_factory=nx.Graph)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)
    plots: dict[str, Path] = field(default_factory=dict)


def measure(run: RunData, *, interview_answers: pd.DataFrame | None = None) -> Analysis:
    """Every measure of one run, as tables and headline figures (no files written)."""
    graph = conversation_graph(run)
    result = Analysis(run, graph)
    tables, figures = result.tables, result.figures
    tables["network_edges"] = edges_table(graph)
    tables["density"] = density_over_time(run)
    tables["time_use"] = time_use(run).reset_index()
    tables["place_use"] = place_use(run).reset_index()
    tables["cost_by_task"] = cost.cost_by_task(run)
    tables["cost_by_agent"] = cost.cost_by_agent(run)
    tables["cost_by_hour"] = cost.cost_by_hour(run)
    tables["failures"] = cost.failures(run)
    tables["conversation_list"] = run.conversation_list
    figures.update(
        agents=len(run.agents),
        game_hours=round((run.last_tick + 1) * run.tick_seconds / 3600, 3),
        conversations=len(run.conversation_list),
        utterances=len(run.conversations),
        pairs_talked=graph.number_of_edges(),
        density=round(network_density(graph), 4),
        **cost.cost_totals(run),
    )
    told: set[str] | None = None
    if run.fact is not None:
        trace = knowledge_trace(run, run.fact)
        tables["diffusion_trace"] = trace
        tables["diffusion"] = diffusion_curve(run, run.fact)
        tables["fact_utterances"] = carrying_conversations(run, run.fact)
        knowing = int(trace.knew_at.notna().sum())
        first = trace[trace.how.isin(["seeded", "injected"])].agent.tolist()
        figures.update(
            fact_knowing_start=int(tables["diffusion"].knowing.iloc[0]),
            fact_knowing_end=knowing,
            fact_share_end=round(knowing / max(len(run.agents), 1), 4),
            fact_first_knew=", ".join(first) or "nobody",
            fact_conversations=int(tables["fact_utterances"].conversation.nunique()),
        )
        if run.event is not None:
            told = set(trace[trace.knew_at <= pd.Timestamp(run.event.end)].agent)
    if interview_answers is not None:
        from sim.analysis.judging import interview_curve

        tables["interview_answers"] = interview_answers
        tables["interview_diffusion"] = interview_curve(interview_answers, len(run.agents))
    if run.event is not None:
        table = attendance(run, run.event, told)
        tables["attendance"] = table
        figures.update({f"attendance_{k}": v for k, v in attendance_summary(table).items()})
    return result
