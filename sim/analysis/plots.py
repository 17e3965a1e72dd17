"""The analysis plots, written as PNG files (matplotlib's Agg backend: never a window)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from sim.analysis.time_use import CATEGORIES  # noqa: E402

CATEGORY_COLOURS = {
    "sleep": "#4c72b0",
    "work": "#dd8452",
    "eat": "#55a868",
    "social": "#c44e52",
    "leisure": "#8172b3",
    "travel": "#937860",
    "other": "#b0b0b0",
}


def _save(figure: Figure, path: Path) -> Path:
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def _empty(axes: plt.Axes, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#555555")
    axes.set_axis_off()


def plot_network(graph: nx.Graph, path: Path, title: str = "Who talked to whom") -> Path:
    """The conversation network: agents as nodes, edge width by lines exchanged."""
    figure, axes = plt.subplots(figsize=(7, 6))
    # A circle reads best for a small town; a seeded spring layout for a big one.
    if graph.number_of_nodes() <= 30:
        layout = nx.circular_layout(graph)
    else:
        layout = nx.spring_layout(graph, seed=0, weight="utterances")
    widths = [
        1
        + 4
        * d["utterances"]
        / max((x["utterances"] for _, _, x in graph.edges(data=True)), default=1)
        for _, _, d in graph.edges(data=True)
    ]
    nx.draw_networkx_nodes(
        graph, layout, ax=axes, node_color="#f2c14e", node_size=900, edgecolors="#333333"
    )
    nx.draw_networkx_edges(graph, layout, ax=axes, width=widths, edge_color="#4c72b0")
    nx.draw_networkx_labels(graph, layout, ax=axes, font_size=8)
    nx.draw_networkx_edge_labels(
        graph,
        layout,
        ax=axes,
        font_size=7,
        edge_labels={(a, b): d["utterances"] for a, b, d in graph.edges(data=True)},
    )
    axes.set_title(f"{title} (edge labels: lines exchanged)")
    axes.margins(0.2)
    axes.set_axis_off()
    return _save(figure, path)


def plot_lines(
    series: dict[str, pd.DataFrame],
    column: str,
    path: Path,
    *,
    title: str,
    ylabel: str,
    step: bool = False,
    points: dict[str, pd.DataFrame] | None = None,
) -> Path:
    """One line per named table of (time, `column`): density or diffusion, one run or several."""
    figure, axes = plt.subplots(figsize=(8, 4.5))
    drawn = False
    for label, table in series.items():
        if table is None or table.empty:
            continue
        drawn = True
        if step:
            axes.step(table.time, table[column], where="post", label=label, linewidth=2)
        else:
            axes.plot(table.time, table[column], marker="o", markersize=3, label=label, linewidth=2)
    for label, table in (points or {}).items():
        if table is not None and not table.empty:
            drawn = True
            axes.plot(table.time, table[column], "s", markersize=8, label=label)
    if not drawn:
        _empty(axes, "nothing to plot in this run")
        return _save(figure, path)
    axes.set_ylim(0, 1.05)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.set_xlabel("game time")
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right")
    figure.autofmt_xdate()
    return _save(figure, path)


def plot_attendance(table: pd.DataFrame, path: Path, title: str) -> Path:
    """Minutes each agent spent at the gathering; told agents dark, untold light."""
    figure, axes = plt.subplots(figsize=(8, 0.5 * max(len(table), 2) + 1.5))
    if table.empty:
        _empty(axes, "no agents")
        return _save(figure, path)
    colours = [
        "#c44e52" if told is True else "#f4a6a6" if told is False else "#4c72b0"
        for told in table.told
    ]
    axes.barh(table.agent, table.minutes, color=colours)
    axes.invert_yaxis()
    axes.set_xlabel("minutes present during the event window")
    legend = "dark: told of it; light: not told" if table.told.notna().any() else ""
    axes.set_title(f"{title}\n{legend}".strip())
    axes.grid(axis="x", alpha=0.3)
    return _save(figure, path)


def plot_time_use(table: pd.DataFrame, path: Path) -> Path:
    """Hours per activity category for each agent, stacked."""
    figure, axes = plt.subplots(figsize=(9, 0.5 * max(len(table), 2) + 1.5))
    if table.empty or float(table.to_numpy().sum()) == 0:
        _empty(axes, "no positions recorded")
        return _save(figure, path)
    left = pd.Series(0.0, index=table.index)
    for category in CATEGORIES:
        if category in table and table[category].sum() > 0:
            axes.barh(
                table.index,
                table[category],
                left=left,
                label=category,
                color=CATEGORY_COLOURS[category],
            )
            left += table[category]
    axes.invert_yaxis()
    axes.set_xlabel("game hours")
    axes.set_title("Time use by activity")
    axes.legend(loc="lower right", fontsize=8)
    return _save(figure, path)


def plot_cost_by_task(table: pd.DataFrame, path: Path) -> Path:
    """Calls per cognitive task (bars), with fallbacks marked."""
    figure, axes = plt.subplots(figsize=(8, 0.45 * max(len(table), 2) + 1.5))
    if table.empty:
        _empty(axes, "no language-model calls in this run")
        return _save(figure, path)
    axes.barh(table.task, table.calls, color="#55a868", label="calls")
    if table.fallbacks.sum():
        axes.barh(table.task, table.fallbacks, color="#c44e52", label="fell back")
    axes.invert_yaxis()
    axes.set_xlabel("calls")
    axes.set_title("Model calls by task")
    axes.legend(loc="lower right")
    return _save(figure, path)
