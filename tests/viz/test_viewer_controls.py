from pathlib import Path

import pygame
import pytest

from tests.viz.conftest import frame_line, header_line, write_map
from viz.app import Viewer

SIZE = (900, 640)


@pytest.fixture
def screen():
    pygame.display.init()
    return pygame.display.set_mode(SIZE)


def open_viewer(run_dir: Path, screen, follow: bool = False) -> Viewer:
    viewer = Viewer(run_dir, SIZE, follow=follow)
    viewer.update(0.0)
    viewer.reader.poll_all()
    viewer.update(0.0)
    viewer.draw(screen)
    return viewer


def click(viewer: Viewer, screen, pos) -> None:
    viewer.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1))
    viewer.handle_event(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1))
    viewer.draw(screen)


def key(viewer: Viewer, k: int, char: str = "") -> None:
    viewer.handle_event(pygame.event.Event(pygame.KEYDOWN, key=k, unicode=char, mod=0))


def centre_of(rect):
    x, y, w, h = rect
    return x + w // 2, y + h // 2


def test_clicking_an_agent_opens_its_inspector_with_its_memories_and_plan(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    viewer.seek(2)
    result = viewer.draw(screen)
    click(viewer, screen, centre_of(result.agent_rects["Ada Lovelace"]))
    assert viewer.selected == "Ada Lovelace"
    content = viewer.scene().inspector
    assert content is not None
    sections = {s.title: s.lines for s in content.sections}
    assert sections["Plan for the day"] == ("08:00 walk to the cafe", "09:00 bake bread")
    assert sections["Important memories"] == ("the bakery opens on Monday",)
    assert "walking to the cafe" in sections["Now"][0]
    lines = viewer.last_result.inspector_lines
    assert "Ada Lovelace" in lines and any("bake bread" in ln for ln in lines)


def test_clicking_empty_ground_closes_the_inspector(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    viewer.select("Bo Chen")
    viewer.draw(screen)
    x, y, w, h = viewer.last_result.layout.map_rect
    click(viewer, screen, (x + 5, y + h - 5))
    assert viewer.selected is None and viewer.scene().inspector is None


def test_dragging_the_map_pans_instead_of_selecting(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    for _ in range(3):
        key(viewer, pygame.K_PLUS, "+")
    before = (viewer.camera.x, viewer.camera.y)
    start = centre_of(viewer.draw(screen).agent_rects["Bo Chen"])
    viewer.handle_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1))
    viewer.handle_event(pygame.event.Event(pygame.MOUSEMOTION, pos=(start[0] + 60, start[1] + 30)))
    viewer.handle_event(
        pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(start[0] + 60, start[1] + 30), button=1)
    )
    assert viewer.selected is None
    assert viewer.camera.x < before[0] and viewer.camera.y < before[1]


def test_clicking_the_timeline_seeks_to_the_frame_under_the_pointer(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    bar = viewer.last_result.layout.timeline
    for index in (7, 0, 9, 3):
        click(viewer, screen, (bar.x_of(index, 10), bar.y + bar.height // 2))
        assert viewer.frame.tick == index


def test_typing_a_game_time_jumps_to_that_frame(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    key(viewer, pygame.K_j, "j")
    for ch in "08:07":
        key(viewer, ord(ch), ch)
    key(viewer, pygame.K_RETURN, "\r")
    assert viewer.frame.tick == 7 and viewer.playback.paused
    key(viewer, pygame.K_j, "j")
    for ch in "23:99":
        key(viewer, ord(ch), ch)
    key(viewer, pygame.K_RETURN, "\r")
    assert viewer.frame.tick == 7 and "23:99" in viewer.message


def test_step_keys_move_one_tick_and_pause(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    viewer.seek(4)
    key(viewer, pygame.K_PERIOD, ".")
    assert viewer.frame.tick == 5 and viewer.playback.paused
    key(viewer, pygame.K_COMMA, ",")
    key(viewer, pygame.K_COMMA, ",")
    assert viewer.frame.tick == 3


def test_follow_key_keeps_the_selected_agent_in_the_middle_as_it_walks(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    for _ in range(4):
        key(viewer, pygame.K_PLUS, "+")
    viewer.select("Ada Lovelace")
    key(viewer, pygame.K_f, "f")
    viewer.seek(8)
    viewer.playback.paused = True
    viewer.update(0.0)
    result = viewer.draw(screen)
    mx, my, mw, mh = result.layout.map_rect
    cx, cy = centre_of(result.agent_rects["Ada Lovelace"])
    assert abs(cx - (mx + mw / 2)) <= 2 and abs(cy - (my + mh / 2)) <= 2


def test_zero_fits_the_whole_map_after_zooming(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    fitted = viewer.camera.zoom
    key(viewer, pygame.K_PLUS, "+")
    key(viewer, pygame.K_RIGHT)
    key(viewer, pygame.K_0, "0")
    assert viewer.camera.zoom == pytest.approx(fitted)


def test_follow_mode_waits_for_frames_then_shows_the_newest_live(tmp_path: Path, screen):
    run = tmp_path / "live"
    run.mkdir()
    viewer = open_viewer(run, screen, follow=True)
    assert viewer.frame is None and viewer.scene().live == "waiting for frames"
    write_map(run / "world")
    frames = run / "frames.jsonl"
    frames.write_text(header_line() + frame_line(0) + frame_line(1))
    viewer.update(0.1)
    assert viewer.frame.tick == 1 and viewer.scene().live.startswith("LIVE")
    with frames.open("a") as f:
        f.write(frame_line(2) + frame_line(3)[:20])
    viewer.update(0.1)
    assert viewer.frame.tick == 2
    viewer.draw(screen)
    (run / "summary.json").write_text("{}")
    assert viewer.scene().live == "run finished"


def test_help_overlay_toggles_and_escape_closes_it(run_dir, screen):
    viewer = open_viewer(run_dir, screen)
    key(viewer, pygame.K_h, "h")
    assert viewer.scene().show_help
    key(viewer, pygame.K_ESCAPE)
    assert not viewer.scene().show_help
