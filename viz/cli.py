"""`hamlet view RUN_DIR`: watch a run live or replay it, or render one moment to a PNG."""

from __future__ import annotations

import argparse
import os
from dataclasses import dataclass
from pathlib import Path

from sim.errors import HamletError, RunFolderError, report_user_error
from viz.app import Viewer, run_window
from viz.render import RenderResult
from viz.timeline import MOMENT_FORMS, find_moment

DEFAULT_SIZE = (1280, 800)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `view` subcommand to the `hamlet` command; it runs through `args.handler(args)`."""
    parser = subparsers.add_parser(
        "view",
        help="watch a run live or replay it (Pygame window), or render a screenshot",
        description="Watch a run folder live or replay it; "
        "with --screenshot, render one moment to a PNG.",
    )
    _add_arguments(parser)
    parser.set_defaults(handler=run_from_args)
    return parser


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "run_dir", type=Path, metavar="RUN_DIR", help="the run folder (runs/<run-id>)"
    )
    parser.add_argument(
        "--follow", action="store_true", help="keep reading a run that is still being written"
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="OUT.png", help="render headless to a PNG and exit"
    )
    parser.add_argument(
        "--at", metavar="WHEN", help=f"with --screenshot: {MOMENT_FORMS} (default: last frame)"
    )
    parser.add_argument("--agent", metavar="NAME", help="select this agent and open its inspector")
    parser.add_argument(
        "--size", type=_size, default=DEFAULT_SIZE, metavar="WxH", help="window size (1280x800)"
    )
    parser.add_argument(
        "--outlines", action="store_true", help="outline areas, rooms and objects (O in the window)"
    )
    parser.add_argument("--tps", type=float, default=2.0, help="ticks per second at speed 1× (2)")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--size {text!r}: expected WIDTHxHEIGHT, e.g. 1280x800"
        ) from None
    if w < 200 or h < 150:
        raise argparse.ArgumentTypeError(f"--size {text!r}: at least 200x150")
    return w, h


def main(argv: list[str] | None = None) -> int:
    """Run `hamlet view` on its own (the `hamlet` command dispatches here too)."""
    parser = argparse.ArgumentParser(
        prog="hamlet view", description="Watch or replay a Hamlet run."
    )
    _add_arguments(parser)
    return run_from_args(parser.parse_args(argv))


def run_from_args(args: argparse.Namespace) -> int:
    try:
        if args.screenshot is not None:
            shot = screenshot(
                args.run_dir,
                args.screenshot,
                at=args.at,
                agent=args.agent,
                size=args.size,
                outlines=args.outlines,
            )
            print(f"{args.screenshot}: tick {shot.tick} at {shot.time}")
            return 0
        if args.at is not None:
            raise RunFolderError(
                "--at needs --screenshot (in the window, press J to jump to a time)"
            )
        viewer = Viewer(args.run_dir, args.size, follow=args.follow, base_tps=args.tps)
        viewer.show_outlines = args.outlines
        if args.agent:
            viewer.select(args.agent)
        return run_window(viewer)
    except HamletError as err:
        return report_user_error("view", err)


@dataclass(frozen=True)
class Screenshot:
    """What a screenshot showed: which frame, and where each agent was drawn."""

    tick: int
    time: str
    result: RenderResult


def screenshot(
    run_dir: Path,
    out: Path,
    at: str | None = None,
    agent: str | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    outlines: bool = False,
) -> Screenshot:
    """Render the last frame at or before `at` (a game time or tick) to a PNG, without a display."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    import pygame

    run_dir = Path(run_dir)
    viewer = Viewer(run_dir, size)
    viewer.show_outlines = outlines
    pygame.display.init()
    pygame.font.init()
    try:
        surface = pygame.display.set_mode(size)
        viewer.reader.poll_all()
        if len(viewer.reader) == 0:
            raise RunFolderError(f"{run_dir}: frames.jsonl has no frames yet")
        viewer.update(0.0)
        if at is not None:
            try:
                index = find_moment(at, viewer.reader)
            except ValueError as err:
                raise RunFolderError(f"{run_dir}: --at {at}: {err}") from None
        else:
            index = len(viewer.reader) - 1
        viewer.seek(index)
        if agent is not None:
            known = viewer.agent_names()
            shown_tick = viewer.frame.tick if viewer.frame else "?"
            if viewer.agent(agent) is None:
                raise RunFolderError(
                    f"{run_dir}: no agent {agent!r} at tick {shown_tick} "
                    f"(known agents: {', '.join(known)})"
                )
            viewer.select(agent)
        result = viewer.draw(surface)
        out.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(surface, str(out))
        frame = viewer.frame
        assert frame is not None
        return Screenshot(frame.tick, frame.time, result)
    finally:
        pygame.display.quit()


if __name__ == "__main__":
    raise SystemExit(main())
