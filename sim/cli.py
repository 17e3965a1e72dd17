"""The `hamlet` command: run a town, check a world; other packages add commands.

Commands from other packages (the viewer's `view`) plug in through the
`hamlet.commands` entry-point group, so the engine never imports them.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

from sim.analysis.cli import register as analysis_register
from sim.config import DEFAULT_WORLD, Injection
from sim.errors import ConfigError, HamletError, report_user_error
from sim.packing import PerActor

# A missing or clashing path named on the command line is the user's to fix too.
USER_ERRORS: tuple[type[BaseException], ...] = (HamletError, FileExistsError, FileNotFoundError)


def add_run_parser(subparsers: Any) -> None:
    """The `run` command, its options in groups as `--help` shows them."""
    run = subparsers.add_parser(
        "run",
        help="run a town and write its run folder",
        description="Run a town. Everything that happens lands in runs/<run-id>/.",
    )
    _add_town_options(run.add_argument_group("the town"))
    _add_model_options(run.add_argument_group("language model"))
    _add_executor_options(run.add_argument_group("where the agents run"))
    _add_folder_options(run.add_argument_group("run folder, resume and fork"))
    _add_display_options(run.add_argument_group("display"))
    run.set_defaults(handler=cmd_run)


def _add_town_options(group: Any) -> None:
    group.add_argument("--world", help=f"world name or folder (default {DEFAULT_WORLD})")
    group.add_argument(
        "--scenario", help="scenario name in the world's scenarios/ (default baseline)"
    )
    length = group.add_mutually_exclusive_group()
    length.add_argument(
        "--hours",
        type=float,
        help="game hours to run (default: the scenario's); with --fork, past the fork",
    )
    length.add_argument("--ticks", type=int, help="ticks to run (10 game seconds each by default)")
    group.add_argument("--seed", type=int, help="random seed (default 0)")
    group.add_argument("--config", type=Path, metavar="FILE", help="a TOML file of settings")
    group.add_argument(
        "--agent-kind", choices=["generative", "rule-based"], help="the agents' mind"
    )
    group.add_argument(
        "--day-plan",
        choices=["model", "routine"],
        help="day plans from the model, or each persona's routine with no call "
        "(default: routine on the embedded model, model elsewhere)",
    )
    group.add_argument(
        "--reaction-questions",
        choices=["in-turn", "at-once"],
        help="'talk to them?' and 'react or carry on?' asked in turn (the paper), or at once: "
        "a round-trip fewer when the first answer is no, a call more when it is yes "
        "(default: at-once against an endpoint, in-turn on the others)",
    )


def _add_model_options(group: Any) -> None:
    group.add_argument(
        "--backend",
        choices=["local", "openai", "scripted", "replay"],
        help="language model: embedded local model (default), an OpenAI-compatible endpoint, "
        "deterministic scripted rules, or the recorded answers of --replay-from",
    )
    group.add_argument("--model", help="model name for the OpenAI-compatible endpoint")
    group.add_argument("--base-url", help="base URL of the OpenAI-compatible endpoint")
    group.add_argument(
        "--model-path",
        type=Path,
        metavar="FILE.gguf",
        help="a GGUF model file for the embedded llama.cpp server, e.g. a 1-8 B instruct model "
        "(default: the packaged SmolLM2-135M); runs offline",
    )
    group.add_argument("--api-key-env", help="name of the environment variable holding the API key")
    group.add_argument(
        "--replay-from", type=Path, metavar="RUN_DIR", help="run whose answers to replay"
    )
    group.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="model requests in flight at once, run-wide (default 2 on the embedded server, "
        "32 on an endpoint)",
    )
    group.add_argument(
        "--max-outage",
        type=float,
        metavar="SECONDS",
        help="how long to wait for an unreachable endpoint before stopping to be resumed "
        "(default 600)",
    )
    group.add_argument(
        "--budget-tokens", type=int, help="stop cleanly once this many tokens are spent"
    )
    group.add_argument("--budget-usd", type=float, help="stop cleanly once this much is spent")


def _add_executor_options(group: Any) -> None:
    group.add_argument(
        "--executor", choices=["ray", "inline"], help="where agents run (default ray)"
    )
    group.add_argument(
        "--agents-per-actor",
        type=per_actor_option,
        metavar="N|auto",
        help="residents packed in one Ray actor; auto (default): one each where the cluster's "
        "CPUs and memory hold it, more per actor where they do not",
    )
    group.add_argument("--address", help="join an existing Ray cluster at this address")
    group.add_argument(
        "--actor-restarts",
        type=int,
        metavar="N",
        help="an actor whose process dies is replaced, its residents brought back by "
        "replaying their recorded answers, up to N times between two checkpoints (default 3)",
    )
    group.add_argument(
        "--scheduler",
        choices=["lockstep", "out-of-order"],
        help="lockstep: each tick waits for every resident; out-of-order: each resident "
        "keeps its own tick, the record stays the same (default: out-of-order against an "
        "endpoint, --backend openai; lockstep on the others)",
    )
    group.add_argument(
        "--background-thinking",
        choices=["on", "off"],
        help="what a decision does not need (ratings, conversation gists, reflection) runs "
        "beside the next ticks (default on); off waits for it, lock-step",
    )


def _add_folder_options(group: Any) -> None:
    group.add_argument("--out", type=Path, help="parent folder of run folders (default runs/)")
    group.add_argument("--run-id", help="name of the run folder (default world-scenario-timestamp)")
    group.add_argument(
        "--checkpoint-every", type=int, metavar="TICKS", help="default: one game hour"
    )
    group.add_argument(
        "--resume", type=Path, metavar="RUN_DIR", help="continue a run from its last checkpoint"
    )
    group.add_argument(
        "--fork", type=Path, metavar="RUN_DIR", help="start a new run from a run's checkpoint"
    )
    group.add_argument(
        "--at", metavar="TIME", help="with --fork: game time (HH:MM or ISO) to fork at"
    )
    group.add_argument(
        "--inject",
        action="append",
        default=[],
        metavar='"NAME[@TIME]: TEXT"',
        help="put a memory into an agent (at a game time; default the first tick); repeatable",
    )


def _add_display_options(group: Any) -> None:
    group.add_argument("--view", action="store_true", help="watch the run in a viewer window")
    group.add_argument(
        "--stop-on-close",
        action="store_true",
        help="with --view: closing the window stops the run",
    )
    group.add_argument("--no-progress", action="store_true", help="no progress bar")


def run_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The configuration fields that the flags set (unset flags leave the file's values)."""
    plain = {
        "world": args.world,
        "scenario": args.scenario,
        "hours": args.hours,
        "ticks": args.ticks,
        "seed": args.seed,
        "executor": args.executor,
        "agents_per_actor": args.agents_per_actor,
        "address": args.address,
        "actor_restarts": args.actor_restarts,
        "scheduler": args.scheduler,
        "out": args.out,
        "run_id": args.run_id,
        "agent_kind": args.agent_kind,
        "budget_tokens": args.budget_tokens,
        "budget_usd": args.budget_usd,
        "checkpoint_every": args.checkpoint_every,
        "background_thinking": {"on": True, "off": False}.get(args.background_thinking),
    }
    llm = {
        "backend": args.backend,
        "model": args.model,
        "base_url": args.base_url,
        "api_key_env": args.api_key_env,
        "replay_from": args.replay_from,
        "concurrency": args.concurrency,
        "max_outage_s": args.max_outage,
        "local_model_path": args.model_path.resolve() if args.model_path else None,
    }
    overrides: dict[str, Any] = {k: v for k, v in plain.items() if v is not None}
    llm = {k: v for k, v in llm.items() if v is not None}
    if llm:
        overrides["llm"] = llm
    mind = {"day_plan": args.day_plan, "reaction_questions": args.reaction_questions}
    mind = {k: v for k, v in mind.items() if v is not None}
    if mind:
        overrides["mind"] = mind
    return overrides


def cmd_run(args: argparse.Namespace) -> int:
    from sim.config import resolve_config
    from sim.simulation import Simulation
    from sim.summary import render_summary

    if args.at and not args.fork:
        raise ConfigError(f"--at {args.at}: the game time to fork at; it needs --fork RUN_DIR")
    if args.resume:
        sim = Simulation.resume(args.resume)
    elif args.fork:
        memories = [parse_injection(text) for text in args.inject]
        sim = Simulation.fork(
            args.fork,
            at=args.at,
            inject=memories,
            run_id=args.run_id,
            out=args.out,
            hours=args.hours,
            ticks=args.ticks,
        )
    else:
        overrides = run_overrides(args)
        if args.inject:
            overrides["injections"] = [parse_injection(text).model_dump() for text in args.inject]
        sim = Simulation(resolve_config(args.config, overrides))
    with sim:
        print(f"run folder: {sim.run_dir}  (backend: {sim.backend})", file=sys.stderr)
        viewer = _start_viewer(sim.run_dir) if args.view else None
        stop_when = None
        if viewer is not None and args.stop_on_close:

            def stop_when() -> str | None:
                return "viewer closed" if viewer.poll() is not None else None

        summary = sim.run(progress=False if args.no_progress else None, stop_when=stop_when)
    print(render_summary(summary, str(sim.run_dir)))
    return 0


_INJECTION = re.compile(r"^(?P<agent>[^@:]+?)\s*(?:@(?P<at>\S+?))?:\s+(?P<text>.+)$", re.S)


def parse_injection(text: str) -> Injection:
    """A memory to inject, from `NAME: TEXT` or `NAME@TIME: TEXT` (TIME: HH:MM or ISO)."""
    match = _INJECTION.match(text.strip())
    if not match:
        raise ConfigError(f'--inject {text!r}: expected "NAME: TEXT" or "NAME@HH:MM: TEXT"')
    return Injection(agent=match["agent"].strip(), text=match["text"].strip(), at=match["at"])


def per_actor_option(text: str) -> PerActor:
    """`--agents-per-actor`: a whole number of residents, at least 1, or "auto"."""
    if text == "auto":
        return "auto"
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number from 1, or auto")
    return int(text)


def _start_viewer(run_dir: Path) -> subprocess.Popen[bytes]:
    """The viewer as a process of its own, following the growing run folder."""
    return subprocess.Popen([sys.executable, "-m", "sim.cli", "view", str(run_dir), "--follow"])


def cmd_check_world(args: argparse.Namespace) -> int:
    from sim.check_world import main as check_world_main

    return check_world_main([args.path])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hamlet", description="Hamlet: a town of generative agents, run, watched and analysed."
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_run_parser(subparsers)
    check = subparsers.add_parser("check-world", help="validate a world and describe it")
    check.add_argument("path", help="world name or folder")
    check.set_defaults(handler=cmd_check_world)
    analysis_register(subparsers)
    for entry in entry_points(group="hamlet.commands"):
        entry.load()(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except USER_ERRORS as exc:
        return report_user_error(args.command, exc)


if __name__ == "__main__":
    sys.exit(main())
