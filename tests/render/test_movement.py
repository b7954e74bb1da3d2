"""The world shows partners working and things moving, on real offscreen frames."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.core.state import Choose, Perform
from tests.render.conftest import ME, frame, hud_words, looking, screen_box, view_after

POLICE = "police_officer"
CORDON = (60_000, Perform("cordon_area", POLICE))
BAY = [(1_000, Perform("review_documents", ME)),
       (2_000, Choose("search_site", "isolation_bay", ME))]


def hi_vis(image: np.ndarray) -> np.ndarray:
    """Pixels of the police's yellow-green vest."""
    r, g, b = (image[..., i].astype(int) for i in range(3))
    return (r > 140) & (g > 150) & (b < 90)


def container_blue(image: np.ndarray) -> np.ndarray:
    r, g, b = (image[..., i].astype(int) for i in range(3))
    return (b > 90) & (b > r + 50) & (r < 110)


def test_the_police_figure_is_at_the_cordon_when_the_cordon_is_up(presenter: Any,
                                                                  loaded: Any) -> None:
    body = looking((-8.0, -26.0, 2.2), (-8.0, -16.0, 1.0))
    before = frame(presenter, body=body, shown=view_after(loaded, [(59_000, None)]))
    up = view_after(loaded, [CORDON, (120_000, None)])
    police = up.prop("police_figure")
    assert police is not None and police.position == (-8.0, -16.0, 0.0)
    after = frame(presenter, body=body, shown=up)
    rows, cols = screen_box(presenter, (-8.4, -16.3, 0.9), (-7.6, -15.7, 1.5))
    assert hi_vis(after[rows, cols]).mean() > 0.08
    assert hi_vis(before[rows, cols]).mean() < 0.02
    barrier = screen_box(presenter, (-12.8, -15.2, 0.2), (-11.2, -14.8, 1.0))
    assert np.abs(after[barrier].astype(int) - before[barrier].astype(int)).mean() > 20


def test_the_container_is_seen_between_lane_and_bay_during_its_move(presenter: Any,
                                                                    loaded: Any) -> None:
    body = looking((26.0, -14.0, 10.0), (19.0, 10.0, 0.0))
    moving = view_after(loaded, [*BAY, (152_000, None)])
    container = moving.prop("container")
    assert container is not None and container.move is not None
    x, y, _ = container.position
    assert 10 < x < 28 and 0 < y < 20  # between the lane (0, -6) and the bay (38, 26)
    during = frame(presenter, body=body, shown=moving)
    still = frame(presenter, body=body, shown=view_after(loaded, [*BAY, (121_000, None)]))
    rows, cols = screen_box(presenter, (x - 1.0, y - 1.0, 0.5), (x + 1.0, y + 1.0, 2.4))
    assert container_blue(during[rows, cols]).mean() > 0.3
    assert container_blue(still[rows, cols]).mean() < 0.05


def test_the_gate_queue_thins_when_the_cordon_goes_up(presenter: Any, loaded: Any) -> None:
    body = looking((6.0, -46.0, 6.0), (0.0, -28.0, 0.0))
    queue = frame(presenter, body=body, shown=view_after(loaded, [(200_000, None)]))
    cordoned = view_after(loaded, [(200_000, Perform("cordon_area", POLICE)), (400_000, None)])
    thinned = frame(presenter, body=body, shown=cordoned)
    rows, cols = screen_box(presenter, (-10.0, -31.5, 0.0), (10.0, -28.5, 1.8))

    def people(image: np.ndarray) -> float:  # the drivers' dark jackets and trousers
        return float((image[rows, cols].astype(int).sum(axis=2) < 200).mean())

    assert people(queue) > 2.5 * people(thinned) > 0


def test_the_hottest_pallet_reading_is_absent_before_the_thermal_camera_is_used(
    presenter: Any, loaded: Any,
) -> None:
    body = looking((6.0, -30.0, 3.0), (0.0, -6.0, 0.0))
    before = frame(presenter, body=body, shown=view_after(loaded, [(60_000, None)]), status=True)
    status = hud_words(presenter, "status")
    assert "Hottest pallet temperature" not in status and "Cordon in place" in status
    after = frame(presenter, body=body,
                  shown=view_after(loaded, [(60_000, Perform("thermal_scan", ME))]), status=True)
    assert "Hottest pallet temperature: 42.2 °C" in hud_words(presenter, "status")

    def plate_rows(image: np.ndarray) -> int:  # the dark plate behind the status lines
        column = image[: image.shape[0] // 3, 14].astype(int).sum(axis=1)
        return int((column < 160).sum())

    assert plate_rows(after) > plate_rows(before) + 5
