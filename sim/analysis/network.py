"""Who talked to whom: the conversation network and how dense it grows."""

from __future__ import annotations

from datetime import datetime, timedelta

import networkx as nx
import pandas as pd

from sim.analysis.loading import RunData


def conversation_graph(run: RunData, until: datetime | None = None) -> nx.Graph:
    """Who talked to whom: one node per agent, an edge per pair that exchanged a word.

    Edge attributes: `utterances` (lines spoken between the two, both ways)
    and `conversations` (distinct conversations). This stands in for the
    paper's relationship graph (Park et al. 2023, §7.1.1 "relationship
    formation"), whose edges come from asking agents whether they know each
    other; here an edge means the two have actually spoken.
    """
    graph = nx.Graph()
    graph.add_nodes_from(run.agents)
    lines = run.conversations
    if until is not None:
        lines = lines[lines.time <= pd.Timestamp(until)]
    for (speaker, listener), group in lines.groupby(["speaker", "listener"]):
        if not speaker or not listener or speaker == listener:
            continue
        if graph.has_edge(speaker, listener):
            data = graph.edges[speaker, listener]
            data["utterances"] += len(group)
            data["_ids"] |= set(group.conversation)
        else:
            graph.add_edge(speaker, listener, utterances=len(group), _ids=set(group.conversation))
    for _, _, data in graph.edges(data=True):
        data["conversations"] = len(data.pop("_ids"))
    return graph


def network_density(graph: nx.Graph) -> float:
    """The paper's network density, η = 2|E| / (|V|(|V| − 1)) (Park et al. 2023, §7.1.1)."""
    nodes = graph.number_of_nodes()
    if nodes < 2:
        return 0.0
    return 2 * graph.number_of_edges() / (nodes * (nodes - 1))


def edges_table(graph: nx.Graph) -> pd.DataFrame:
    """The network as a table: one row per pair, with utterance and conversation counts."""
    rows = [
        {"agent_a": min(a, b), "agent_b": max(a, b), **data}
        for a, b, data in graph.edges(data=True)
    ]
    table = pd.DataFrame(rows, columns=["agent_a", "agent_b", "utterances", "conversations"])
    return table.sort_values(["utterances", "agent_a", "agent_b"], ascending=[False, True, True])


def density_over_time(run: RunData, every_minutes: int = 60) -> pd.DataFrame:
    """The network's density after each step of game time, from the start to the run's end.

    The paper reports density at the start and end of its two-day run (0.167 to
    0.74, §7.1.2); here it is traced through the run, counting every pair who
    have spoken so far.
    """
    step = timedelta(minutes=every_minutes)
    times = []
    moment = run.start
    while moment < run.end:
        times.append(moment)
        moment += step
    times.append(run.end)
    rows = []
    for moment in times:
        graph = conversation_graph(run, until=moment)
        rows.append(
            {
                "time": pd.Timestamp(moment),
                "edges": graph.number_of_edges(),
                "density": round(network_density(graph), 4),
            }
        )
    return pd.DataFrame(rows)
