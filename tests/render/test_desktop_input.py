"""Keys and clicks at a desktop, through the whole interface: Panda3D's events become intents
(``DesktopInput``), the controller turns them into requests and notes, the session logs them
and the presenter draws what follows. Driven offscreen through Panda3D's own event system;
the real X window is driven in tests/integration/test_desktop_window.py."""

from __future__ import annotations

from typing import Any

from tests.render.conftest import Desk, looking


def stand(desk: Desk, eye: tuple[float, float, float], target: tuple[float, float, float]) -> None:
    desk.loop.controller.body = looking(eye, target)
    desk.frames(2)


def requests(desk: Desk) -> list[dict[str, Any]]:
    return [{k: v for k, v in x.items() if k in ("do", "choose", "option", "rationale")}
            for x in desk.logged() if x["k"] == "request"]


def test_e_on_the_ppe_station_puts_the_kit_on(desk: Desk, loaded: Any) -> None:
    kit = next(p for p in loaded.scenario.props if p.id == "ppe_kit")
    x, y, _ = kit.position
    stand(desk, (x, y - 4.0, 1.7), (x, y, 0.9))
    assert desk.loop.pointed.prop == "ppe_kit"
    desk.press("e")
    desk.frames()
    assert requests(desk) == [{"do": "don_ppe"}]


def test_f_reads_the_tablet_then_a_decision_is_answered_with_a_typed_reason(
        desk: Desk, loaded: Any) -> None:
    tablet = next(p for p in loaded.scenario.props if p.id == "inspection_tablet")
    x, y, z = tablet.position
    stand(desk, (x - 1.2, y - 1.2, 1.7), (x, y, z))
    assert desk.loop.pointed.prop == "inspection_tablet"
    desk.press("f")
    desk.frames()
    screen = desk.loop.controller.screen()
    assert screen.panel is not None and screen.panel.kind == "document"
    assert [r.decision for r in screen.reminders] == ["search_site"]  # waiting behind it
    desk.press("escape")
    desk.frames()
    assert desk.loop.controller.screen().decision is not None
    desk.press("2")
    desk.frames()
    desk.type("Away from the queue")
    desk.press("enter")
    desk.frames()
    notes = [x for x in desk.logged() if x["k"] == "note"]
    assert notes[0]["note"] == "read" and notes[0]["prop"] == "inspection_tablet"
    assert requests(desk) == [
        {"do": "review_documents"},
        {"choose": "search_site", "option": "isolation_bay", "rationale": "Away from the queue"}]


def test_radio_briefing_and_pause(desk: Desk) -> None:
    desk.frames()
    desk.press("r")
    desk.frames()
    panel = desk.loop.controller.screen().panel
    assert panel is not None and panel.kind == "radio"
    row = next(r for r in panel.rows if r.key == "do:call_fire_service")
    desk.press(str(row.number))
    desk.press("tab")
    desk.frames()
    assert desk.loop.controller.screen().panel.kind == "briefing"  # type: ignore[union-attr]
    desk.press("p")
    desk.frames()
    held = desk.session.t_ms
    desk.frames(3)
    assert desk.session.t_ms == held, "the scenario clock stops while paused"
    desk.press("p")
    desk.frames()
    assert desk.session.t_ms > held
    assert requests(desk) == [{"do": "call_fire_service"}]
    assert [x["note"] for x in desk.logged() if x["k"] == "note"] == ["briefing", "paused",
                                                                        "resumed"]
