"""The engine: world, clock, tick loop, executors, run folder, CLI.

`Simulation` is imported lazily so that readers of the frame format (the
viewer) can import `sim.frames` without loading the agents.
"""

from typing import Any

__all__ = ["Simulation"]


def __getattr__(name: str) -> Any:
    if name == "Simulation":
        from sim.simulation import Simulation

        return Simulation
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
