"""Turning a run folder into answers: tables, the paper's measures, plots and a report.

```python
from sim.analysis import load_run, conversation_graph, network_density
run = load_run("runs/tiny-baseline-20240305")
network_density(conversation_graph(run))
```
`sim.analysis.report.analyze(run_dir)` writes the whole `analysis/` folder.
"""

from sim.analysis.attendance import attendance
from sim.analysis.cost import cost_by_agent, cost_by_hour, cost_by_task, failures
from sim.analysis.diffusion import carrying_conversations, diffusion_curve, knowledge_trace
from sim.analysis.loading import EventMeasure, FactMeasure, RunData, RunDataError, load_run
from sim.analysis.network import conversation_graph, density_over_time, network_density
from sim.analysis.time_use import place_use, time_use

__all__ = [
    "EventMeasure",
    "FactMeasure",
    "RunData",
    "RunDataError",
    "attendance",
    "carrying_conversations",
    "conversation_graph",
    "cost_by_agent",
    "cost_by_hour",
    "cost_by_task",
    "density_over_time",
    "diffusion_curve",
    "failures",
    "knowledge_trace",
    "load_run",
    "network_density",
    "place_use",
    "time_use",
]
