"""What the trainee sees, checked on real offscreen frames of the container-search scenario."""

from __future__ import annotations

from typing import Any

import numpy as np

from engine.core.state import Perform
from tests.render.conftest import ME, frame, looking, screen_box, view_after

OPEN = (1000, Perform("open_container", ME))
LOOK_FROM, LOOK_AT = (9.0, -22.0, 1.7), (-1.0, -8.0, 0.8)


def cardboard(image: np.ndarray) -> np.ndarray:
    """Pixels the colour of the cartons' brown board: warmer than the yard's concrete and
    lines, unlike the blue container, the sky or shadow."""
    r, g, b = (image[..., i].astype(int) for i in range(3))
    return (r > 120) & (r - b > 42) & (r >= g)


def test_frames_are_not_blank(presenter: Any, loaded: Any) -> None:
    image = frame(presenter, view_after(loaded, []), body=looking(LOOK_FROM, LOOK_AT))
    assert image.std() > 20
    assert len(np.unique(image.reshape(-1, 3) // 16, axis=0)) > 40


def test_opening_the_container_brings_the_cartons_into_view(presenter: Any, loaded: Any) -> None:
    body = looking((-4.0, -16.0, 1.7), (-4.0, -9.0, 0.6))
    closed = frame(presenter, view_after(loaded, []), body=body, frames=3, dt=2.0)
    opened_view = view_after(loaded, [OPEN])
    opened = frame(presenter, opened_view, body=body, frames=3, dt=2.0)
    pallet = opened_view.prop("suspect_pallet")
    assert pallet is not None
    x, y, _ = pallet.position
    rows, cols = screen_box(presenter, (x - 0.6, y - 0.4, 0), (x + 0.6, y + 0.4, 1.25))
    before, after = cardboard(closed[rows, cols]).mean(), cardboard(opened[rows, cols]).mean()
    assert after > 0.2 and after > before + 0.15, (before, after)
    change = np.abs(opened[rows, cols].astype(int) - closed[rows, cols].astype(int)).mean()
    assert change > 20, change


def test_a_battery_in_thermal_runaway_smokes(presenter: Any, loaded: Any) -> None:
    body = looking((-4.0, -24.0, 1.7), (-4.0, -10.0, 3.0))
    cool = view_after(loaded, [OPEN, (30_000, None)])
    hot = view_after(loaded, [OPEN, (200_000, None)])
    assert cool.hazards[0].level == 0 and hot.hazards[0].level > 0.5
    calm = frame(presenter, cool, body=body, frames=4)
    smoking = frame(presenter, hot, body=body, frames=6)
    above = screen_box(presenter, (-6.0, -11.0, 1.5), (-1.0, -9.0, 7.0))
    change = np.abs(smoking[above].astype(int) - calm[above].astype(int)).mean()
    assert change > 12, change


def test_the_thermal_camera_shows_the_hot_load(presenter: Any, loaded: Any) -> None:
    body = looking((-4.0, -20.0, 1.7), (-4.0, -10.0, 0.6))
    hot = view_after(loaded, [OPEN, (120_000, None)])
    normal = frame(presenter, hot, body=body)
    thermal = frame(presenter, hot, body=body, thermal=True)
    frame(presenter, hot, body=body, frames=1)
    x, y, _ = (-4.0, -10.0, 0.0)
    rows, cols = screen_box(presenter, (x - 0.5, y - 0.3, 0.2), (x + 0.5, y + 0.3, 1.1))
    pallet = thermal[rows, cols].astype(int)
    background = thermal[: thermal.shape[0] // 4].astype(int)
    assert pallet[..., 0].mean() > background[..., 0].mean() + 60  # hot reads bright red-yellow
    assert np.abs(thermal.astype(int) - normal.astype(int)).mean() > 25
