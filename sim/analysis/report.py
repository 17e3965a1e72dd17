"""`hamlet analyze`: a run's tables, plots and report in `RUN_DIR/analysis/`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from sim.analysis import cost, plots
from sim.analysis.attendance import attendance, attendance_summary
from sim.analysis.diffusion import carrying_conversations, diffusion_curve, knowledge_trace
from sim.analysis.loading import FactMeasure, RunData, load_run, parquet_ready
from sim.analysis.network import (
    conversation_graph,
    density_over_time,
    edges_table,
    network_density,
)
from sim.analysis.time_use import place_use, time_use

Progress = Callable[[str], None]


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


def write_tables(tables: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """Each table as CSV and Parquet, side by side."""
    written = []
    for name, table in tables.items():
        table.to_csv(folder / f"{name}.csv", index=False)
        parquet_ready(table).to_parquet(folder / f"{name}.parquet", index=False)
        written += [folder / f"{name}.csv", folder / f"{name}.parquet"]
    return written


def draw(result: Analysis, folder: Path, other: Analysis | None = None) -> dict[str, Path]:
    """The plots of one run (and, with `other`, the comparison plots), as PNG files."""
    run, tables = result.run, result.tables
    drawn = {
        "network": plots.plot_network(result.graph, folder / "network.png"),
        "time_use": plots.plot_time_use(time_use(run), folder / "time_use.png"),
        "cost_by_task": plots.plot_cost_by_task(
            tables["cost_by_task"], folder / "cost_by_task.png"
        ),
    }
    name = run.path.name
    densities = {name: tables["density"]}
    diffusion = {name: tables.get("diffusion")} if "diffusion" in tables else {}
    if other is not None:
        densities[other.run.path.name] = other.tables["density"]
        if "diffusion" in other.tables:
            diffusion[other.run.path.name] = other.tables["diffusion"]
    drawn["density"] = plots.plot_lines(
        densities,
        "density",
        folder / "density.png",
        title="Conversation-network density over time",
        ylabel="density 2|E| / (|V|(|V|-1))",
    )
    if diffusion:
        points = None
        if "interview_diffusion" in tables:
            points = {f"{name} (interviews)": tables["interview_diffusion"]}
        drawn["diffusion"] = plots.plot_lines(
            diffusion,
            "share",
            folder / "diffusion.png",
            step=True,
            points=points,
            title=f"Who knows: {run.fact.fact if run.fact else ''}"[:90],
            ylabel="share of agents who know",
        )
    if "attendance" in tables and run.event is not None:
        drawn["attendance"] = plots.plot_attendance(
            tables["attendance"],
            folder / "attendance.png",
            title=f"At {run.event.place}, {run.event.start:%H:%M}–{run.event.end:%H:%M}",
        )
    return drawn


def analyze(
    run_dir: Path | str,
    *,
    compare: Path | str | None = None,
    interviews: bool = False,
    interview_backend: str | None = None,
    fact: FactMeasure | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write `RUN_DIR/analysis/` (tables, plots, report.md); return the report's path.

    `fact` tracks a piece of news other than (or where there is none) the scenario's.
    """
    from sim.analysis.markdown import render_report

    say = progress or (lambda message: None)
    run_dir = Path(run_dir)
    say(f"reading {run_dir}")
    run = load_run(run_dir)
    if fact is not None:
        run.fact = fact
    answers = None
    if interviews:
        if run.fact is None:
            say("no fact in the scenario's measures: skipping the interviews")
        else:
            from sim.analysis.judging import interview_diffusion

            answers = interview_diffusion(
                run_dir, run.fact, backend=interview_backend, progress=say
            )
    say("measuring: network, diffusion, attendance, time use, cost")
    result = measure(run, interview_answers=answers)
    other = None
    if compare is not None:
        say(f"reading {compare} for comparison")
        other_run = load_run(compare)
        if fact is not None:
            other_run.fact = fact
        other = measure(other_run)
    folder = run_dir / "analysis"
    folder.mkdir(exist_ok=True)
    say(f"writing tables to {folder}")
    write_tables(result.tables, folder)
    say("drawing plots")
    result.plots = draw(result, folder, other)
    report = folder / "report.md"
    report.write_text(render_report(result, other), encoding="utf-8")
    say(f"report: {report}")
    return report
