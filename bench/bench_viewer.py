"""How fast the viewer draws a town: frames per second with the dummy video driver.

Generates a 100×100-tile map and runs with 25 and 1,000 agents, then draws
them through the same `Viewer.draw` the window uses. Prints a table of the
figure, its target (60 FPS with 25 agents, 30 FPS with 1,000) and the ratio.

    PYTHONPATH=. python3 bench/bench_viewer.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from sim.frames import AgentFrame, Frame, FrameHeader, InspectorFrame  # noqa: E402
from viz.app import Viewer  # noqa: E402

TILE = 32
SIZE = 100
WINDOW = (1280, 800)
TICKS = 40


def make_world(root: Path, rng: random.Random) -> None:
    world = root / "world"
    world.mkdir(parents=True)
    image = pygame.Surface((TILE * 8, TILE * 2))
    for i in range(16):
        base = (rng.randrange(40, 200), rng.randrange(60, 200), rng.randrange(40, 160))
        image.fill(base, (i % 8 * TILE, i // 8 * TILE, TILE, TILE))
        for _ in range(30):  # speckles, so that tiles are not flat colour
            x, y = i % 8 * TILE + rng.randrange(TILE), i // 8 * TILE + rng.randrange(TILE)
            image.fill((base[0] // 2, base[1] // 2, base[2] // 2), (x, y, 3, 3))
    pygame.image.save(image, str(world / "tiles.png"))
    n = SIZE * SIZE
    layers = [
        {
            "type": "tilelayer",
            "name": "ground",
            "width": SIZE,
            "height": SIZE,
            "data": [1 + rng.randrange(4) for _ in range(n)],
        },
        {
            "type": "tilelayer",
            "name": "things",
            "width": SIZE,
            "height": SIZE,
            "data": [5 + rng.randrange(11) if rng.random() < 0.2 else 0 for _ in range(n)],
        },
        {"type": "tilelayer", "name": "collision", "width": SIZE, "height": SIZE, "data": [0] * n},
    ]
    tileset = {
        "firstgid": 1,
        "name": "gen",
        "image": "tiles.png",
        "tilewidth": TILE,
        "tileheight": TILE,
        "tilecount": 16,
        "columns": 8,
    }
    tmj = {
        "width": SIZE,
        "height": SIZE,
        "tilewidth": TILE,
        "tileheight": TILE,
        "orientation": "orthogonal",
        "layers": layers,
        "tilesets": [tileset],
    }
    (world / "map.tmj").write_text(json.dumps(tmj))


def make_run(root: Path, agents: int, rng: random.Random) -> Path:
    run = root / f"run-{agents}"
    make_world(run, rng)
    names = [f"Agent {i:04d}" for i in range(agents)]
    start = datetime(2023, 2, 13, 8, 0)
    header = FrameHeader(
        run_id=run.name,
        world="bench",
        map_path="world/map.tmj",
        backend="scripted",
        tick_seconds=10,
        start_time=start.isoformat(),
        agents=names,
    )
    pos = {n: (rng.randrange(SIZE), rng.randrange(SIZE)) for n in names}
    with (run / "frames.jsonl").open("w") as f:
        f.write(header.model_dump_json() + "\n")
        for tick in range(TICKS):
            frame_agents = []
            for i, n in enumerate(names):
                x, y = pos[n]
                pos[n] = (
                    min(SIZE - 1, max(0, x + rng.choice((-1, 0, 1)))),
                    min(SIZE - 1, max(0, y + rng.choice((-1, 0, 1)))),
                )
                talking = i % 10 == 0
                frame_agents.append(
                    AgentFrame(
                        name=n,
                        tile=pos[n],
                        place="Town:street",
                        action="walking to the cafe",
                        emoji="☕",
                        path=[pos[n]],
                        utterance="Good morning! Lovely day." if talking else None,
                        listener=names[(i + 1) % agents] if talking else None,
                    )
                )
            inspector = {names[0]: InspectorFrame(summary="A bench agent.")} if tick == 0 else {}
            frame = Frame(
                tick=tick,
                time=(start + timedelta(seconds=10 * tick)).isoformat(),
                agents=frame_agents,
                inspector=inspector,
            )
            f.write(frame.model_dump_json() + "\n")
    return run


def measure(viewer: Viewer, screen: pygame.Surface, seconds: float, advance: bool) -> float:
    frames, started = 0, time.perf_counter()
    count = len(viewer.reader)
    while time.perf_counter() - started < seconds:
        if advance:
            viewer.seek(frames % count)
        viewer.draw(screen)
        pygame.display.flip()
        frames += 1
    return frames / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args()
    rng = random.Random(7)
    pygame.display.init()
    pygame.font.init()
    screen = pygame.display.set_mode(WINDOW)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for agents, target in ((25, 60.0), (1000, 30.0)):
            run = make_run(Path(tmp), agents, rng)
            t0 = time.perf_counter()
            viewer = Viewer(run, WINDOW)
            viewer.reader.poll_all()
            viewer.update(0.0)
            setup = time.perf_counter() - t0
            viewer.select("Agent 0000")
            viewer.camera.fit()
            measure(viewer, screen, 0.3, advance=True)  # warm the caches
            fit_same = measure(viewer, screen, args.seconds, advance=False)
            fit_new = measure(viewer, screen, args.seconds, advance=True)
            viewer.camera.zoom_at((0, 0), 1 / viewer.camera.zoom)  # 1 map pixel per screen pixel
            viewer.camera.center_on((SIZE * TILE / 2, SIZE * TILE / 2))
            measure(viewer, screen, 0.3, advance=True)
            zoom1_new = measure(viewer, screen, args.seconds, advance=True)
            rows.append((f"{agents} agents, whole map, same frame (FPS)", fit_same, target))
            rows.append((f"{agents} agents, whole map, new frame each draw (FPS)", fit_new, target))
            rows.append((f"{agents} agents, zoom 1, new frame each draw (FPS)", zoom1_new, target))
            rows.append((f"{agents} agents, open run + pre-render map (s)", setup, 2.0))
    print(f"window {WINDOW[0]}x{WINDOW[1]}, map {SIZE}x{SIZE} tiles of {TILE}px, dummy driver")
    print(f"{'figure':58} {'value':>8} {'target':>8} {'ratio':>7}")
    for name, value, target in rows:
        # Seconds are better when smaller, frames per second when larger.
        ratio = target / value if name.endswith("(s)") else value / target
        print(f"{name:58} {value:8.1f} {target:8.1f} {ratio:7.2f}")


if __name__ == "__main__":
    main()
