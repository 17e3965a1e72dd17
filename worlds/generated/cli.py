"""`hamlet new-world PATH --residents N [--seed S]`: write a generated town's world folder."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the `new-world` command to the `hamlet` command line."""
    parser = subparsers.add_parser(
        "new-world",
        help="generate a town of any size as a new world folder",
        description="Generate a town: map, residents and a baseline scenario, in a new folder.",
    )
    parser.add_argument("path", help="the world folder to create (must not exist or be empty)")
    parser.add_argument("--residents", type=int, required=True, metavar="N", help="how many people")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.set_defaults(handler=cmd_new_world)


def cmd_new_world(args: argparse.Namespace) -> int:
    """Write the world and say what is in it."""
    from worlds.generated.writer import new_world

    town = new_world(args.path, args.residents, args.seed)
    plan = town.plan
    print(
        f"wrote {args.path}: {plan.name}, {len(town.personas)} residents, "
        f"{len(plan.homes)} homes, {len(plan.venues)} public places, "
        f"{plan.width}x{plan.height} tiles; check it with `hamlet check-world {args.path}`"
    )
    return 0
