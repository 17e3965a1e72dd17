"""Turning a run folder into answers: tables, the paper's measures, plots and a report."""

from sim.analysis.loading import RunData, RunDataError, load_run

__all__ = ["RunData", "RunDataError", "load_run"]
