"""Turning a run folder into answers: tables, the paper's measures, plots and a report.

```python
from sim.analysis import load_run, conversation_graph, network_density
run = load_run("runs/tiny-baseline-20240305")
network_density(conversation_graph(run))
```
`sim.analysis.report.analyze(run_dir)` writes the whole `analysis/` folder.
"""

from importlib import import_module
from typing import Any

# Each public name and the module that holds it; imported on first use, so
# that the command line starts without pandas and matplotlib.
_HOMES = {
    "EventMeasure": "loading",
    "FactMeasure": "loading",
    "RunData": "loading",
    "RunDataError": "loading",
    "attendance": "attendance",
    "carrying_conversations": "diffusion",
    "conversation_graph": "network",
    "cost_by_agent": "cost",
    "cost_by_hour": "cost",
    "cost_by_task": "cost",
    "density_over_time": "network",
    "diffusion_curve": "diffusion",
    "failures": "cost",
    "knowledge_trace": "diffusion",
    "load_run": "loading",
    "network_density": "network",
    "place_use": "time_use",
    "time_use": "time_use",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'sim.analysis' has no attribute {name!r}")
    return getattr(import_module(f"sim.analysis.{home}"), name)
