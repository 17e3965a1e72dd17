"""The `hamlet analyze` and `hamlet interview` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from sim.errors import HamletError, report_user_error


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_analyze(args: argparse.Namespace) -> int:
    from sim.analysis.loading import FactMeasure
    from sim.analysis.report import analyze

    try:
        report = analyze(
            args.run_dir,
            compare=args.compare,
            interviews=args.interviews,
            interview_backend=args.backend,
            fact=FactMeasure(args.fact, tuple(args.keyword or ())) if args.fact else None,
            progress=None if args.quiet else _say,
        )
    except HamletError as exc:
        return report_user_error("analyze", exc)
    print(report)
    return 0


def cmd_interview(args: argparse.Namespace) -> int:
    from sim.interview import interview, render

    try:
        result = interview(
            args.run_dir,
            args.agent,
            args.question,
            args.at,
            backend=args.backend,
            save=not args.no_record,
        )
    except HamletError as exc:
        return report_user_error("interview", exc)
    print(render(result))
    return 0


def register(subparsers: Any) -> None:
    """Add `analyze` and `interview` to the `hamlet` command."""
    analyze = subparsers.add_parser(
        "analyze",
        help="turn a run folder into tables, plots and a report",
        description="Write RUN_DIR/analysis/: tables (CSV and Parquet), PNG plots and report.md, "
        "the scenario's measures first.",
    )
    analyze.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    analyze.add_argument(
        "--compare",
        type=Path,
        metavar="OTHER_RUN_DIR",
        help="put another run (e.g. a fork) side by side with this one",
    )
    analyze.add_argument(
        "--interviews",
        action="store_true",
        help="also measure the fact's diffusion the paper's way: interview every "
        "agent at checkpoints and judge the answers (costs model calls)",
    )
    analyze.add_argument(
        "--backend",
        choices=["local", "openai", "scripted"],
        help="model for --interviews (default: the run's own)",
    )
    analyze.add_argument("--fact", help="news to track instead of the scenario's measures.fact")
    analyze.add_argument(
        "--keyword",
        action="append",
        metavar="WORD",
        help="a word that gives the --fact away (repeatable; default: the whole fact)",
    )
    analyze.add_argument("--quiet", action="store_true", help="no progress messages")
    analyze.set_defaults(handler=cmd_analyze)

    interview = subparsers.add_parser(
        "interview",
        help="ask an agent a question as of a checkpoint",
        description="The agent, as of the checkpoint at or before --at, answers in character "
        "from its memories. The run itself is not changed; the interview is added to "
        "RUN_DIR/interviews/interviews.jsonl.",
    )
    interview.add_argument("run_dir", type=Path, metavar="RUN_DIR")
    interview.add_argument("--agent", required=True, help="the agent's full name")
    interview.add_argument("--question", required=True)
    interview.add_argument(
        "--at",
        metavar="TIME",
        help="game time, HH:MM (on the run's first day) or ISO; default: the latest checkpoint",
    )
    interview.add_argument(
        "--backend",
        choices=["local", "openai", "scripted"],
        help="answer with this model instead of the run's own",
    )
    interview.add_argument(
        "--no-record", action="store_true", help="leave no trace in the run folder"
    )
    interview.set_defaults(handler=cmd_interview)
