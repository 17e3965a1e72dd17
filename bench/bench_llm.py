"""What the language-model layer costs and how well memories are found again.

Run: `PYTHONPATH=. python3 bench/bench_llm.py` (add `--no-local` to skip the llama.cpp parts).
Prints tables; never fails on a timing.

1. Retrieval: a dozen memories of a town's day and a dozen questions, each with
   one right memory. Hit rate at 1 and at 3 of the hashing embedder (no model)
   against the packaged SmolLM2-135M served by llama.cpp with embeddings on
   (mean-pooled token vectors), and the time each takes per text.
2. The embedded model: server start-up, latency and outcome of every cognitive
   task (`agents.tasks.examples()`), generation speed, against the scripted
   backend and the issue's reference figure of about 80 tokens/s.
"""

from __future__ import annotations

import argparse
import asyncio
import time

import numpy as np

from agents.llm import LLMConfig, build_language_model, serve
from agents.llm.embeddings import HashingEmbedder, OpenAIEmbedder
from agents.llm.local_server import free_port, llama_server_command, packaged_model_path
from agents.llm.local_server import running_server as start_server

MEMORIES = [
    "Mara baked rye bread at the bakery before dawn",
    "Tobin repaired the broken wheel of the mill cart",
    "Ilse read a book about birds on the bench in the park",
    "The well in the square ran dry in the afternoon",
    "Klaus and Mara argued about the price of flour",
    "A stranger with a grey horse arrived at the inn",
    "The children played tag near the old oak tree",
    "Isabella invited everyone to a Valentine's Day party at the cafe",
    "Tobin went fishing at the river and caught two trout",
    "The blacksmith's forge was cold because he was ill",
    "Ilse planted tomatoes and beans in her garden",
    "A storm knocked down the fence around the sheep pasture",
]
QUERIES = [  # (question, index of the memory that answers it)
    ("Who made bread this morning?", 0),
    ("What happened to the cart from the mill?", 1),
    ("What was Ilse reading about?", 2),
    ("Is there water in the village well?", 3),
    ("Did anyone quarrel about flour?", 4),
    ("Has a traveller come to town?", 5),
    ("Where were the kids playing?", 6),
    ("Is there a party planned at the cafe?", 7),
    ("What did Tobin catch at the river?", 8),
    ("Why is the smithy not working?", 9),
    ("What vegetables did Ilse sow?", 10),
    ("What damage did the storm do?", 11),
]
REFERENCE_TOKENS_PER_S = 80.0


async def retrieval(embedder) -> tuple[float, float, float]:
    """Hit rate at 1, at 3, and seconds per embedded text (uncached)."""
    started = time.perf_counter()
    memories = await embedder.embed(MEMORIES)
    queries = await embedder.embed([q for q, _ in QUERIES])
    per_text = (time.perf_counter() - started) / (len(MEMORIES) + len(QUERIES))
    if hasattr(embedder, "aclose"):
        await embedder.aclose()
    ranks = np.argsort(-(queries @ memories.T), axis=1)
    answers = np.array([i for _, i in QUERIES])
    at1 = float(np.mean(ranks[:, 0] == answers))
    at3 = float(np.mean([answers[i] in ranks[i, :3] for i in range(len(QUERIES))]))
    return at1, at3, per_text


def row(figure: str, value: float, peer: str, peer_value: float | None, unit: str) -> str:
    ratio = f"{value / peer_value:8.2f}" if peer_value else "       -"
    peer_text = f"{peer_value:10.3f}" if peer_value is not None else "         -"
    return f"{figure:<44} {value:10.3f} {unit:<8} {peer:<26} {peer_text} {ratio}"


def header() -> str:
    return f"{'figure':<44} {'value':>10} {'unit':<8} {'peer':<26} {'peer value':>10} {'ratio':>8}"


def bench_retrieval(local: bool) -> list[str]:
    hashing = asyncio.run(retrieval(HashingEmbedder()))
    rows = [
        row("hashing: hit rate @1", hashing[0], "-", None, "share"),
        row("hashing: hit rate @3", hashing[1], "-", None, "share"),
        row("hashing: time per text", hashing[2] * 1000, "-", None, "ms"),
    ]
    if not local:
        return rows
    port = free_port()
    command = llama_server_command(packaged_model_path(), port, 512) + ["--embedding", "true"]
    with start_server(command, port=port) as server:
        embedder = OpenAIEmbedder(model="smollm2", base_url=server.base_url, api_key="none")
        smol = asyncio.run(retrieval(embedder))
    rows += [
        row("SmolLM2-135M mean-pooled: hit rate @1", smol[0], "hashing", hashing[0], "share"),
        row("SmolLM2-135M mean-pooled: hit rate @3", smol[1], "hashing", hashing[1], "share"),
        row("SmolLM2-135M: time per text", smol[2] * 1000, "hashing", hashing[2] * 1000, "ms"),
    ]
    return rows


def bench_local_tasks() -> list[str]:
    from agents.tasks import examples

    tasks = examples()
    scripted = build_language_model(LLMConfig(backend="scripted"), seed=1)

    async def run_all(model):
        # One at a time: the latency of each task, not of a queue.
        return [await model.run(task, agent="Isabella") for task in tasks]

    asyncio.run(run_all(scripted))
    scripted_latency = {r.task: r.latency_s for r in scripted.drain_calls()}

    started = time.perf_counter()
    with serve(LLMConfig(backend="local", temperature=0.2)) as config:
        startup = time.perf_counter() - started
        model = build_language_model(config, seed=1)

        async def run_and_close():
            await run_all(model)
            await model.aclose()

        asyncio.run(run_and_close())
        records = model.drain_calls()

    rows = [row("local server start-up", startup, "-", None, "s")]
    for r in records:
        rows.append(
            row(
                f"{r.task} ({r.outcome.value}, {r.tokens_out} tok)",
                r.latency_s,
                "scripted",
                scripted_latency[r.task],
                "s",
            )
        )
    tokens_out = sum(r.tokens_out for r in records)
    seconds = sum(r.latency_s for r in records)
    from_model = sum(r.outcome.value in ("ok", "repaired") for r in records)
    rows += [
        row(
            "generated tokens/s (incl. prompt eval)",
            tokens_out / seconds,
            "issue's figure",
            REFERENCE_TOKENS_PER_S,
            "tok/s",
        ),  # fmt: skip
        row("mean latency per task", seconds / len(records), "-", None, "s"),
        row("answers from the model (ok or repaired)", from_model, "tasks", len(records), "tasks"),
    ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-local", action="store_true", help="skip everything needing llama.cpp")
    args = parser.parse_args()
    print(header())
    for line in bench_retrieval(local=not args.no_local):
        print(line)
    if not args.no_local:
        for line in bench_local_tasks():
            print(line)


if __name__ == "__main__":
    main()
