"""The analysis report as Markdown: the scenario's measures first, then the rest."""

from __future__ import annotations

from typing import Any

import pandas as pd

from sim.analysis.measures import Analysis

MAX_ROWS = 20


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(frame: pd.DataFrame, columns: list[str] | None = None, limit: int = MAX_ROWS) -> str:
    """A DataFrame as a Markdown table (at most `limit` rows, with a note of the rest)."""
    if frame.empty:
        return "_(none)_"
    frame = frame[columns] if columns else frame
    lines = [
        "| " + " | ".join(str(c) for c in frame.columns) + " |",
        "|" + "---|" * len(frame.columns),
    ]
    for row in frame.head(limit).itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    if len(frame) > limit:
        lines.append(f"\n_…and {len(frame) - limit} more rows in the CSV._")
    return "\n".join(lines)


def _image(result: Analysis, name: str, caption: str) -> str:
    path = result.plots.get(name)
    return f"![{caption}]({path.name})" if path else ""


def _header(result: Analysis) -> list[str]:
    run, fig = result.run, result.figures
    config = run.config
    lines = [
        f"# Analysis of run `{run.path.name}`",
        "",
        f"World **{config.get('world')}**, scenario **{config.get('scenario')}**, "
        f"backend **{run.header.backend}**, seed {config.get('seed')}; "
        f"{fig['agents']} agents over {fig['game_hours']} game hours "
        f"({run.start:%Y-%m-%d %H:%M} to {run.end:%H:%M}).",
    ]
    if run.parent:
        lines.append(
            f"This run is a fork of `{run.parent.get('run_dir')}` from tick "
            f"{run.parent.get('tick')}."
        )
    if run.world_note:
        lines += ["", f"> **Note:** {run.world_note}"]
    return lines


def _diffusion(result: Analysis) -> list[str]:
    run, fig, tables = result.run, result.figures, result.tables
    if run.fact is None:
        return []
    share = f"{fig['fact_share_end']:.0%}"
    keywords = ", ".join(run.fact.keywords) or run.fact.fact
    lines = [
        f'### Diffusion of the news: "{run.fact.fact}"',
        "",
        f"Agents who knew it: **{fig['fact_knowing_start']}** at the start, "
        f"**{fig['fact_knowing_end']}** of {fig['agents']} at the end (**{share}**). "
        f"First to know: {fig['fact_first_knew']}. Conversations that carried it: "
        f"**{fig['fact_conversations']}** (keywords: {keywords}).",
        "",
        _image(result, "diffusion", "diffusion curve"),
        "",
        table(tables["diffusion_trace"]),
        "",
    ]
    if "interview_diffusion" in tables:
        lines += [
            "Asked in interviews at checkpoints and judged by the model (the paper's method):",
            "",
            table(tables["interview_diffusion"]),
            "",
        ]
    if not tables["fact_utterances"].empty:
        lines += [
            "Lines that carried it:",
            "",
            table(
                tables["fact_utterances"], ["time", "conversation", "speaker", "listener", "text"]
            ),
            "",
        ]
    return lines


def _attendance(result: Analysis) -> list[str]:
    run, fig = result.run, result.figures
    if run.event is None:
        return []
    event = run.event
    lines = [
        f"### Attendance at {event.place}, {event.start:%Y-%m-%d %H:%M} to {event.end:%H:%M}",
        "",
        f"Agents present: **{fig['attendance_attended']}** of {fig['agents']}.",
    ]
    if fig["attendance_told"] is not None:
        lines[-1] += (
            f" Told of it beforehand: **{fig['attendance_told']}**; told and came: "
            f"**{fig['attendance_told_and_attended']}**; came without being told: "
            f"**{fig['attendance_attended_untold']}**."
        )
    lines += [
        "",
        _image(result, "attendance", "attendance"),
        "",
        table(result.tables["attendance"]),
        "",
    ]
    return lines


def _comparison(result: Analysis, other: Analysis) -> list[str]:
    names = (result.run.path.name, other.run.path.name)
    keys = [k for k in result.figures if k in other.figures]
    rows = pd.DataFrame(
        {
            "figure": keys,
            names[0]: [result.figures[k] for k in keys],
            names[1]: [other.figures[k] for k in keys],
        }
    )
    relation = ""
    if other.run.parent:
        relation = (
            f" (`{names[1]}` was forked from `{other.run.parent.get('run_dir')}` "
            f"at tick {other.run.parent.get('tick')})"
        )
    elif result.run.parent:
        relation = (
            f" (`{names[0]}` was forked from `{result.run.parent.get('run_dir')}` "
            f"at tick {result.run.parent.get('tick')})"
        )
    return [
        f"## Compared with `{names[1]}`{relation}",
        "",
        table(rows, limit=100),
        "",
        "The density and diffusion plots above show both runs.",
        "",
    ]


def _network(result: Analysis) -> list[str]:
    fig, tables = result.figures, result.tables
    return [
        "## Conversation network",
        "",
        f"{fig['conversations']} conversations, {fig['utterances']} lines; "
        f"{fig['pairs_talked']} pairs of agents have talked. Network density "
        f"2|E| / (|V|(|V|-1)) = **{fig['density']}** at the end of the run.",
        "",
        _image(result, "network", "conversation network"),
        "",
        table(tables["network_edges"]),
        "",
        _image(result, "density", "density over time"),
        "",
        table(tables["density"]),
        "",
    ]


def _time_use(result: Analysis) -> list[str]:
    return [
        "## Time use (game hours)",
        "",
        _image(result, "time_use", "time use"),
        "",
        table(result.tables["time_use"]),
        "",
        "By place:",
        "",
        table(result.tables["place_use"]),
        "",
    ]


# The columns of the cost tables that the report shows (the CSVs have them all).
TASK_COST_COLUMNS = [
    "task",
    "calls",
    "tokens_in",
    "tokens_out",
    "cost_usd",
    "mean_latency_s",
    "fallbacks",
    "calls_per_agent_hour",
]
AGENT_COST_COLUMNS = [
    "agent",
    "calls",
    "tokens_in",
    "tokens_out",
    "cost_usd",
    "fallbacks",
    "calls_per_agent_hour",
]


def _cost(result: Analysis) -> list[str]:
    fig, tables = result.figures, result.tables
    lines = [
        "## Cost and load",
        "",
        f"{fig['calls']} model calls, {fig['tokens_in']} tokens in and {fig['tokens_out']} out, "
        f"${fig['cost_usd']:.4f}; **{fig['calls_per_agent_hour']}** calls per agent per game "
        f"hour. Fallbacks: {fig['fallbacks']}; degenerate answers: {fig['degenerate']}; "
        f"repaired answers: {fig['repaired']}.",
        "",
        _image(result, "cost_by_task", "calls by task"),
        "",
        table(tables["cost_by_task"], TASK_COST_COLUMNS),
        "",
        "Per agent:",
        "",
        table(tables["cost_by_agent"], AGENT_COST_COLUMNS),
        "",
    ]
    if not tables["failures"].empty:
        lines += ["Calls that failed or were repaired:", "", table(tables["failures"]), ""]
    return lines


def render_report(result: Analysis, other: Analysis | None = None) -> str:
    """The whole `report.md` for one run (and its comparison with another)."""
    lines = _header(result) + ["", "## The scenario's measures", ""]
    measures = _diffusion(result) + _attendance(result)
    lines += measures or ["The scenario names no fact to track and no event to attend.", ""]
    if other is not None:
        lines += _comparison(result, other)
    lines += _network(result) + _time_use(result) + _cost(result)
    return "\n".join(lines)
