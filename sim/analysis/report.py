"""`hamlet analyze`: a run's tables, plots and report in `RUN_DIR/analysis/`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from sim.analysis import plots
from sim.analysis.loading import FactMeasure, load_run, parquet_ready
from sim.analysis.markdown import render_report
from sim.analysis.measures import Analysis, measure
from sim.analysis.time_use import time_use

Progress = Callable[[str], None]


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
