import pytest

from viz.camera import Camera


def big_camera() -> Camera:
    cam = Camera(800, 600, world_w=3200, world_h=3200, zoom=1.0)
    cam.center_on((1600, 1600))
    return cam


@pytest.mark.parametrize("factor", [1.25, 2.0, 0.8, 0.5])
@pytest.mark.parametrize("point", [(400, 300), (10, 590), (799, 0)])
def test_zoom_about_a_point_keeps_the_world_point_under_it(factor, point):
    cam = big_camera()
    before = cam.screen_to_world(point)
    cam.zoom_at(point, factor)
    after = cam.screen_to_world(point)
    assert after == pytest.approx(before, abs=1e-6)
    assert cam.zoom == pytest.approx(factor)


def test_fit_shows_the_whole_map_centred():
    cam = Camera(800, 600, world_w=3200, world_h=1600)
    cam.fit()
    left, top = cam.world_to_screen((0, 0))
    right, bottom = cam.world_to_screen((3200, 1600))
    assert 0 <= left and right <= 800 and 0 <= top and bottom <= 600
    assert right - left == pytest.approx(800)  # as large as the width allows
    assert (top + bottom) / 2 == pytest.approx(300)


def test_screen_and_world_coordinates_round_trip():
    cam = big_camera()
    cam.zoom_at((123, 456), 1.7)
    assert cam.world_to_screen(cam.screen_to_world((321, 99))) == pytest.approx((321, 99))


def test_panning_stops_at_the_edge_of_the_map():
    cam = big_camera()
    cam.pan(-100_000, -100_000)
    assert cam.world_to_screen((0, 0)) == pytest.approx((0, 0))


def test_centre_on_puts_a_followed_agent_in_the_middle():
    cam = big_camera()
    cam.zoom_at((0, 0), 2.0)
    cam.center_on((1000, 900))
    assert cam.world_to_screen((1000, 900)) == pytest.approx((400, 300))


def test_a_fitted_view_fits_again_when_the_window_changes_but_a_zoomed_one_keeps_its_zoom():
    cam = Camera(800, 600, world_w=1600, world_h=1200)
    cam.fit()
    cam.resize(400, 600)
    assert cam.zoom == pytest.approx(0.25)
    cam.zoom_in()
    zoom = cam.zoom
    cam.resize(800, 600)
    assert cam.zoom == zoom
