"""Keys and clicks become core requests through the HUD, as at a desktop (driven offscreen)."""

from __future__ import annotations

from typing import Any

from engine.core.state import Choose, Perform
from tests.render.conftest import ME, frame, view_after


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


def test_cards_give_way_to_a_document_and_come_back_with_their_time_left(presenter: Any) -> None:
    from engine.present.panda.hud import Panel

    hud = presenter.hud
    hud.add_card("RADIO  ·  Duty harbour master", "The container is in the isolation bay.",
                 seconds=12.0)
    card = hud.cards[0]
    hud.tick(5.0)
    hud.show_panel(Panel("document", "doc:manifest", "Manifest", "Bicycle parts, 40 cartons"))
    assert card.frame.isHidden()
    hud.tick(30.0)  # reading takes a while: the card waits
    assert card in hud.cards
    hud.close_panel()
    assert not card.frame.isHidden()
    hud.tick(6.0)
    assert card in hud.cards
    hud.tick(1.5)
    assert card not in hud.cards


def test_a_decision_leaves_the_cards_in_view(presenter: Any) -> None:
    from engine.present.panda.hud import Panel

    hud = presenter.hud
    hud.add_card("RADIO  ·  Fire service", "On our way.", seconds=12.0)
    hud.show_panel(Panel("decision", "decision:site", "Where to search?",
                         options=[("Here", lambda: None), ("Isolation bay", lambda: None)]))
    assert not hud.cards[0].frame.isHidden()
    hud.close_panel()


def test_a_name_tag_under_the_status_plate_moves_clear_of_it(presenter: Any) -> None:
    hud = presenter.hud
    hud.set_status(["You are: Customs examination officer", "0:00 / 30:00", "Cordon: no"])
    aspect2d = presenter.base.aspect2d
    plate = hud.status_plate
    left, right, bottom, top = plate["frameSize"]
    corner = plate.getPos(aspect2d)
    x, y = corner.x + (left + right) / 2, corner.z + (bottom + top) / 2  # its middle
    hud.set_labels([("fire_crew", "Station officer\nFire service", (1.0, 0.4, 0.3), x, y),
                    ("robot", "Remote inspection robot", (0.9, 0.8, 0.2), 0.0, -0.2)])
    lo, hi = hud.labels["fire_crew"].getTightBounds(aspect2d)
    assert hi.z <= corner.z + bottom  # below the plate, readable
    assert abs(lo.x + hi.x - 2 * x) < 0.01  # still over the figure
    robot_lo, robot_hi = hud.labels["robot"].getTightBounds(aspect2d)
    assert abs(robot_lo.z + 0.2) < 0.05  # a label in the open stays where it is
    hud.set_labels([])
