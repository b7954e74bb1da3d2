"""Keys and clicks become core requests through the HUD, as at a desktop (driven offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from engine.core.state import Choose, Perform
from tests.render.conftest import ME, frame, view_after


@pytest.fixture
def desktop(presenter: Any) -> Iterator[Any]:
    from engine.input.desktop import DesktopInput

    presenter.picking = True
    keys = DesktopInput(presenter, ME)
    yield keys
    keys.detach()
    presenter.hud.close_panel()
    presenter.picking = False


def press(presenter: Any, key: str) -> None:
    presenter.base.messenger.send(key)


def test_looking_at_the_ppe_station_and_pressing_e_puts_the_kit_on(
    presenter: Any, loaded: Any, desktop: Any
) -> None:
    kit = loaded.scenario.props[[p.id for p in loaded.scenario.props].index("ppe_kit")]
    x, y, _ = kit.position
    presenter.look((x, y - 4.0, 1.7), (x, y, 0.9))
    frame(presenter, view_after(loaded, []), frames=1)
    assert presenter.focus == "ppe_kit"
    press(presenter, "e")
    assert desktop.poll() == [Perform("don_ppe", ME)]


def test_a_decision_panel_takes_a_number_key(presenter: Any, loaded: Any, desktop: Any) -> None:
    shown = view_after(loaded, [(1000, Perform("review_documents", ME)), (2000, None)])
    frame(presenter, shown, frames=1)
    assert presenter.hud.panel is not None and presenter.hud.panel.kind == "decision"
    press(presenter, "1")  # search_site asks for an optional rationale: type it, then Enter
    assert desktop.poll() == []
    frame(presenter, shown, frames=1)
    entry = presenter.hud.entry
    assert entry is not None
    entry.enterText("Queue is far enough away")
    entry.commandFunc(None)
    assert desktop.poll() == [Choose("search_site", "examine_here", ME, "Queue is far enough away")]


def test_radio_menu_offers_calls_and_tab_shows_the_briefing(
    presenter: Any, loaded: Any, desktop: Any
) -> None:
    frame(presenter, view_after(loaded, []), frames=1)
    press(presenter, "r")
    assert presenter.hud.panel is not None and presenter.hud.panel.kind == "radio"
    labels = [label for label, _ in presenter.hud.panel.options]
    assert "Call the port fire station and ask for a crew on standby" in labels
    press(
        presenter, str(labels.index("Call the port fire station and ask for a crew on standby") + 1)
    )
    assert desktop.poll() == [Perform("call_fire_service", ME)]
    press(presenter, "tab")
    assert presenter.hud.panel is not None and presenter.hud.panel.kind == "briefing"
    press(presenter, "p")
    assert desktop.paused
