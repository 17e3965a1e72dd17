"""The engine at scale: retrieval over many memories, adds to a long stream, big towns.

    PYTHONPATH=. python bench/bench_scale.py                 # everything but the stand-in
    PYTHONPATH=. python bench/bench_scale.py --quick         # towns of 25 and 250 only
    PYTHONPATH=. python bench/bench_scale.py --sizes 1000 --skip-retrieval --skip-oakhollow
    PYTHONPATH=. python bench/bench_scale.py --standin       # and 1,000 through the stand-in
    PYTHONPATH=. python bench/bench_scale.py --hours 24      # Oakhollow's whole scripted day

Retrieval runs over streams of random unit 384-dimensional memories (random
importances, made and recalled over a month of game time), timed per query
as the median of many, beside the scoring as first written (a faiss search
over every memory, Python loops over the nodes, a sort of every score),
kept below as `before_retrieve`. The add is timed at 50,000 memories the
same way, beside the copy of every embedding the stream used to make.
Oakhollow runs inline with the scripted backend from its baseline scenario.

The towns (`bench/scale_towns.py`) are generated with the same seed into a
temporary folder and each run for one game hour by `python -m sim run` in a
process of its own (Ray executor, `--agents-per-actor auto`), so that Ray
starts fresh and memory is measured per run; `--standin` adds 1,000
residents through the latency stand-in endpoint. Prints a markdown table
with the goals beside the figures; never fails on a timing. The machine may
be shared: ratios between rows are steadier than the absolute figures.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import faiss
import numpy as np

from agents.memory import MemoryKind, MemoryNode, MemoryStream
from agents.retrieval import retrieve
from agents.spec import MindConfig
from bench.scale_towns import STANDIN_SIZE, TOWN_SIZES, print_towns, run_town
from sim import Simulation

DIM = 384
T0 = datetime(2024, 5, 14, 7, 0)
SIZES = (5_000, 50_000)
RETRIEVAL_GOAL_MS = 2.0  # at 50,000 memories
DAY_GOAL_S = 30.0  # Oakhollow's scripted day, run wall


@dataclass(frozen=True)
class Row:
    """One figure of the table: what, before (if measured), now, and the goal."""

    measure: str
    before: str
    now: str
    goal: str


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of one call, in milliseconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return 1e3 * statistics.median(times)


def unit_vectors(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.normal(size=(count, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def long_stream(size: int, rng: np.random.Generator) -> MemoryStream:
    """A stream of `size` random memories made over a month, a tenth of them recalled since."""
    stream = MemoryStream(DIM)
    kinds = list(MemoryKind)
    for i, vector in enumerate(unit_vectors(rng, size)):
        stream.add(
            kinds[i % len(kinds)],
            f"memory {i}",
            at=T0 + timedelta(minutes=int(rng.integers(0, 30 * 24 * 60))),
            importance=int(rng.integers(1, 11)),
            embedding=vector,
        )
    for i in rng.choice(size, size // 10, replace=False):
        stream.touch([int(i)], T0 + timedelta(days=30, minutes=int(rng.integers(0, 600))))
    return stream


def _min_max(values: np.ndarray) -> np.ndarray:
    lo, hi = float(values.min()), float(values.max())
    if hi - lo < 1e-12:
        return np.full_like(values, 0.5)
    return (values - lo) / (hi - lo)


def before_retrieve(
    nodes: list[MemoryNode], index: faiss.IndexFlatIP, query: np.ndarray, now: datetime, k: int
) -> list[MemoryNode]:
    """Retrieval as first written, over the same nodes and a flat index of their embeddings."""
    config = MindConfig()
    n = len(nodes)
    found, ids = index.search(query.reshape(1, DIM), n)
    relevance = np.zeros(n, dtype=np.float32)
    relevance[ids[0]] = found[0]
    hours = np.array(
        [max(0.0, (now - m.last_accessed).total_seconds() / 3600) for m in nodes], dtype=np.float64
    )
    importance = np.array([m.importance for m in nodes], dtype=np.float64)
    candidates = [m.id for m in nodes]
    scores = (
        config.weight_recency * _min_max(np.power(config.recency_decay, hours))
        + config.weight_importance * _min_max(importance)
        + config.weight_relevance * _min_max(relevance.astype(np.float64))
    )
    order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), -i))[:k]
    chosen = [candidates[i] for i in order]
    for i in chosen:
        nodes[i].last_accessed = max(nodes[i].last_accessed, now)
    return [nodes[i] for i in chosen]


def retrieval_row(size: int, rng: np.random.Generator, repeats: int) -> Row:
    """Top-10 retrieval over `size` memories: as first written, and now."""
    stream = long_stream(size, rng)
    now = T0 + timedelta(days=31)
    queries = iter(unit_vectors(rng, 2 * repeats + 2))
    nodes = [m.model_copy() for m in stream.nodes]  # recalled apart from the stream's
    index = faiss.IndexFlatIP(DIM)
    index.add(stream.columns.vectors)
    old = median_ms(lambda: before_retrieve(nodes, index, next(queries), now, 10), repeats)
    new = median_ms(lambda: retrieve(stream, next(queries), now, MindConfig()), repeats)
    goal = f"<= {RETRIEVAL_GOAL_MS:g} ms" if size == SIZES[-1] else ""
    return Row(f"retrieval, top 10 of {size:,} (ms)", f"{old:.2f}", f"{new:.2f}", goal)


def add_row(rng: np.random.Generator, size: int, repeats: int) -> Row:
    """An add at `size` memories: the stream's now, and the copy of every embedding before."""
    stream = long_stream(size, rng)
    vectors = iter(unit_vectors(rng, repeats + 1))
    at = T0 + timedelta(days=31)
    new = median_ms(
        lambda: stream.add(
            MemoryKind.OBSERVATION, "one more", at=at, importance=3, embedding=next(vectors)
        ),
        repeats,
    )
    held = stream.columns.vectors.copy()
    index = faiss.IndexFlatIP(DIM)
    index.add(held)
    one = unit_vectors(rng, 1)

    def copy_all() -> None:
        np.vstack([held, one])
        index.add(one)

    old = median_ms(copy_all, max(5, repeats // 50))
    return Row(f"memory add at {size:,} (ms)", f"{old:.3f}", f"{new:.3f}", "constant in size")


def town_rows(hours: float) -> list[Row]:
    """Oakhollow, scripted, inline, from its baseline scenario's start."""
    with tempfile.TemporaryDirectory() as tmp:
        sim = Simulation.from_world(
            "oakhollow", backend="scripted", executor="inline", hours=hours, out=Path(tmp)
        )
        with sim:
            started, cpu = time.perf_counter(), time.process_time()
            summary = sim.run(progress=False)
            wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    goal = DAY_GOAL_S * hours / 24
    return [
        Row(f"Oakhollow {hours:g} game h, run wall (s)", "", f"{wall:.2f}", f"<= {goal:.2f} s"),
        Row(f"Oakhollow {hours:g} game h, run CPU (s)", "", f"{cpu:.2f}", ""),
        Row(f"Oakhollow {hours:g} game h, ticks/s", "", f"{summary.ticks / wall:.0f}", ""),
    ]


def print_table(rows: list[Row]) -> None:
    """The engine's figures as a markdown table."""
    print("| measure | before | now | goal |")
    print("|---|--:|--:|---|")
    for row in rows:
        print(f"| {row.measure} | {row.before} | {row.now} | {row.goal} |")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--hours", type=float, default=1.0, help="game hours of Oakhollow")
    parser.add_argument("--repeats", type=int, default=50, help="timed queries per size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=list(TOWN_SIZES), help="residents of each town"
    )
    parser.add_argument("--quick", action="store_true", help="towns of 25 and 250 only")
    parser.add_argument("--skip-retrieval", action="store_true", help="no retrieval or add rows")
    parser.add_argument("--skip-oakhollow", action="store_true", help="no Oakhollow rows")
    parser.add_argument(
        "--standin", action="store_true", help="also 1,000 residents through the stand-in (long)"
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds a town's run may take before it stops"
    )
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    sizes = [s for s in args.sizes if s <= 250] if args.quick else args.sizes
    if not args.skip_retrieval:
        rng = np.random.default_rng(args.seed)
        rows = [retrieval_row(size, rng, args.repeats) for size in SIZES]
        rows.append(add_row(rng, SIZES[-1], 10 * args.repeats))
        print_table(rows)
    if not args.skip_oakhollow:
        print_table(town_rows(args.hours))
        print(
            f"\nOakhollow's goal is its scripted day's ({DAY_GOAL_S:g} s) for the hours run; "
            "its CPU time is the steadier figure on a shared machine."
        )
    runs = [run_town(n, args.seed, args.timeout) for n in sizes]
    if args.standin:
        runs.append(run_town(STANDIN_SIZE, args.seed, args.timeout, standin=True))
    if runs:
        print()
        print_towns(runs)
    if not args.skip_retrieval:
        print("\nbefore: the same figure with the code as first written, in this run.")


if __name__ == "__main__":
    main()
