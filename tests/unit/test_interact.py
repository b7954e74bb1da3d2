"""The interaction controller alone: intents in, requests, notes and what to draw out.

These drive the real container search through the controller the way a trainee's keys and
mouse do (no Panda3D): what gets asked of the core, what is logged, and what the screen says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from engine.core.program import Program, program_for
from engine.core.runtime import start, step
from engine.core.state import Choose, Event, Perform, State
from engine.core.view import view
from engine.interact import intents as i
from engine.interact.body import Body, Box, Walls
from engine.interact.controller import Controller, Pointed
from engine.interact.panels import number_keys
from engine.interact.screen import Screen
from engine.present.texts import Texts
from engine.scenario.loader import LoadedScenario

ME = "customs_officer"


@dataclass
class Drive:
    """A session driven only through the controller, one frame per ``frame`` call."""

    program: Program
    controller: Controller
    state: State
    t_ms: int = 0
    requests: list[Any] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    screen: Screen | None = None

    def frame(self, *intents: i.Intent, pointed: Pointed | None = None, seconds: float = 0.1
              ) -> Screen:
        out = self.controller.handle(list(intents), pointed or Pointed())
        self.t_ms += round(seconds * 1000)
        self.state, events = step(self.program, self.state, None, self.t_ms)
        for request in out.requests:
            self.state, more = step(self.program, self.state, request, self.t_ms)
            events += more
        self.requests += out.requests
        self.notes += out.notes
        self.events += events
        self.controller.observe(view(self.program, self.state, ME), events, seconds)
        self.screen = self.controller.screen()
        return self.screen

    def words(self, screen: Screen | None = None) -> Texts:
        return Texts(self.program.scenario)


@pytest.fixture
def drive(container: LoadedScenario) -> Drive:
    program = program_for(container)
    state, events = start(program, 1)
    controller = Controller(program, ME)
    controller.observe(view(program, state, ME), events, 0.0)
    return Drive(program, controller, state, events=list(events))


def on(prop: str) -> Pointed:
    return Pointed(prop=prop)


def test_the_opening_message_is_a_card_on_the_first_screen(drive: Drive) -> None:
    screen = drive.controller.screen()
    words = Texts(drive.program.scenario)
    assert screen.cards, "the 0:00 examination request must be on screen at once"
    assert "Container MSKU 482913-0 is at the inspection lane" in words.line(screen.cards[0].body)
    assert screen.chimes == 1


def test_reading_the_tablet_counts_as_reviewing_the_documents(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    assert drive.notes[0] == {"note": "read", "role": ME, "prop": "inspection_tablet",
                              "documents": ["manifest", "bill_of_lading", "risk_profile"]}
    assert drive.requests == [Perform("review_documents", ME)]
    assert drive.screen is not None and drive.screen.panel is not None
    assert drive.screen.panel.kind == "document"


def test_reading_part_of_the_documents_does_not_count(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("container"))  # manifest and bill of lading only
    assert drive.requests == []
    assert drive.notes[-1]["documents"] == ["manifest", "bill_of_lading"]


def test_a_timed_decision_does_not_trap_the_trainee(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    screen = drive.frame(i.Back())  # put the documents down
    assert screen.panel is None and screen.decision is not None
    assert screen.decision.key == "decision:search_site"
    assert screen.decision.countdown is not None
    before = drive.controller.body
    screen = drive.frame(i.Look(yaw=30, pitch=0), i.Move(forward=1, right=0, seconds=0.5))
    after = drive.controller.body
    assert after.heading != before.heading and (after.x, after.y) != (before.x, before.y)
    screen = drive.frame(i.Radio())
    assert screen.panel is not None and screen.panel.kind == "radio"
    fire = next(r for r in screen.panel.rows if r.key == "do:call_fire_service")
    drive.frame(i.Pick(fire.number))
    assert drive.requests[-1] == Perform("call_fire_service", ME)
    screen = drive.frame(i.Act(), pointed=on("ppe_kit"))
    assert drive.requests[-1] == Perform("don_ppe", ME)
    assert screen.decision is not None, "the decision is still there, waiting"


def test_esc_sets_a_decision_aside_and_q_brings_it_back(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    drive.frame(i.Back())
    screen = drive.frame(i.Back())
    assert screen.decision is None
    assert [r.decision for r in screen.reminders] == ["search_site"]
    assert screen.reminders[0].countdown is not None
    assert drive.notes[-1] == {"note": "set_aside", "role": ME, "decision": "search_site"}
    screen = drive.frame(i.Recall())
    assert screen.decision is not None and not screen.reminders
    assert drive.notes[-1]["note"] == "recalled"


def test_a_choice_with_a_reason_is_typed_then_entered(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    drive.frame(i.Back())
    screen = drive.frame(i.Pick(2))
    assert screen.typing and screen.decision is not None and screen.decision.entry is not None
    assert [r.chosen for r in screen.decision.rows] == [False, True]
    drive.frame(i.Type("Away from"), i.Act(), i.Move(1, 0, 1.0), i.Type(" the gaze"),
                i.Erase(), i.Erase(), i.Type("te"))
    assert drive.requests == [Perform("review_documents", ME)], "typing is not acting"
    screen = drive.frame(i.Submit())
    assert drive.requests[-1] == Choose("search_site", "isolation_bay", ME, "Away from the gate")
    assert screen.decision is None
    words = Texts(drive.program.scenario)
    assert any(words.line(c.header).startswith("Decided: Have the harbour master")
               for c in screen.cards)


def test_a_required_reason_left_blank_is_asked_for_not_sent(drive: Drive) -> None:
    program = drive.program
    state = drive.state
    for t, request in [(1000, Perform("review_documents", ME)),
                       (2000, Choose("search_site", "isolation_bay", ME)),
                       (3000, Perform("call_fire_service", ME)),
                       (4000, Perform("request_brand_expert", ME)),
                       (190_000, Perform("deploy_robot", ME)),
                       (310_000, Perform("open_container", ME)),
                       (311_000, Perform("examine_cartons", ME)),
                       (312_000, Perform("compare_with_genuine", ME))]:
        state, _ = step(program, state, request, t)
    drive.state, drive.t_ms = state, 312_000
    screen = drive.frame()
    assert screen.decision is not None and screen.decision.key == "decision:disposition"
    drive.frame(i.Pick(1))
    screen = drive.frame(i.Submit())
    assert not any(isinstance(r, Choose) for r in drive.requests)
    assert screen.decision is not None and screen.decision.entry is not None
    assert screen.decision.entry.warning is not None


def test_a_decision_that_runs_out_of_time_says_so_on_a_card(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    drive.frame(i.Back())
    for _ in range(125):
        screen = drive.frame(seconds=1.0)
    words = Texts(drive.program.scenario)
    headers = [words.line(c.header) for c in drive.controller.cards.shown(False)]
    assert any(h.startswith("Time ran out: Where will the container be examined?")
               for h in headers), headers
    assert screen.decision is None and not screen.reminders


def test_pause_is_noted_and_blocks_acting(drive: Drive) -> None:
    screen = drive.frame(i.Pause())
    assert screen.banner is not None and screen.banner.tone == "paused"
    drive.frame(i.Act(), pointed=on("ppe_kit"))
    assert drive.requests == []
    drive.frame(i.Pause())
    assert [n["note"] for n in drive.notes] == ["paused", "resumed"]


def test_thermal_toggles_even_with_a_panel_open(drive: Drive) -> None:
    drive.frame(i.Briefing())
    screen = drive.frame(i.Thermal())
    assert screen.thermal and screen.panel is not None
    screen = drive.frame(i.Thermal())
    assert not screen.thermal
    assert drive.notes == [{"note": "briefing", "role": ME}]


def test_walking_stops_at_a_wall_and_slides_along_it() -> None:
    walls = Walls(boxes=(Box(-1.0, 2.0, 1.0, 3.0),))
    body = Body(0.0, 0.0, heading=0.0)  # facing +y, toward the box
    walked = body.walked(i.Move(forward=1, right=0, seconds=5.0), walls)
    assert walked.y < 2.0 - 0.29 and walls.free(walked.x, walked.y)
    slanted = Body(0.0, 0.0, heading=-30.0).walked(i.Move(1, 0, 5.0), walls)
    assert slanted.x > 1.0 or slanted.y < 2.0  # slid along, never through
    assert walls.free(slanted.x, slanted.y)


def test_shift_walks_faster() -> None:
    slow = Body().walked(i.Move(1, 0, 1.0), Walls())
    fast = Body().walked(i.Move(1, 0, 1.0, run=True), Walls())
    assert fast.y > 2 * slow.y > 0



def test_a_menu_names_the_keys_it_takes(drive: Drive) -> None:
    words = drive.words()
    screen = drive.frame(i.Radio())
    assert screen.panel is not None and len(screen.panel.rows) > 1
    assert screen.panel.hint is not None
    assert words.line(screen.panel.hint) == f"Press 1-{len(screen.panel.rows)} or click; Esc closes"
    assert number_keys(1) == "1" and number_keys(3) == "1-3" and number_keys(12) == "1-9"


def test_esc_undoes_one_thing_at_a_time_in_a_fixed_order(drive: Drive) -> None:
    """Typing, then the panel, then the captured pointer, then the decision goes aside."""
    drive.frame(i.Select())  # click: the pointer is captured for looking
    assert drive.frame().capture
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    assert not drive.frame().capture, "a panel frees the pointer"
    screen = drive.frame(i.Back())
    assert screen.panel is None and screen.capture, "closing the panel captures it again"
    drive.frame(i.Pick(2))
    assert drive.frame().typing
    screen = drive.frame(i.Back())
    assert not screen.typing and screen.decision is not None and screen.capture
    screen = drive.frame(i.Back())
    assert not screen.capture and screen.decision is not None
    screen = drive.frame(i.Back())
    assert screen.decision is None and [r.decision for r in screen.reminders] == ["search_site"]


def test_one_action_and_nothing_to_read_acts_at_once(drive: Drive) -> None:
    screen = drive.frame(i.Act(), pointed=on("ppe_kit"))
    assert drive.requests == [Perform("don_ppe", ME)] and screen.panel is None


def test_several_actions_open_a_menu_whose_row_acts_and_closes_it(drive: Drive) -> None:
    screen = drive.frame(i.Act(), pointed=on("container"))
    assert screen.panel is not None and drive.requests == []
    keys = [row.key for row in screen.panel.rows]
    assert "do:thermal_scan" in keys and "do:open_container" in keys
    screen = drive.frame(i.Pick(keys.index("do:thermal_scan") + 1))
    assert drive.requests == [Perform("thermal_scan", ME)] and screen.panel is None


def test_a_number_no_row_has_does_nothing(drive: Drive) -> None:
    screen = drive.frame(i.Radio())
    assert screen.panel is not None
    rows = len(screen.panel.rows)
    screen = drive.frame(i.Pick(rows + 1))
    assert drive.requests == [] and screen.panel is not None


def test_walking_waits_while_a_panel_is_open_but_looking_does_not(drive: Drive) -> None:
    drive.frame(i.Radio())
    before = drive.controller.body
    drive.frame(i.Move(forward=1, right=0, seconds=1.0), i.Look(yaw=20, pitch=0))
    after = drive.controller.body
    assert (after.x, after.y) == (before.x, before.y) and after.heading != before.heading


def test_paused_nothing_moves_calls_or_opens_unseen(drive: Drive) -> None:
    drive.frame(i.Pause())
    before = drive.controller.body
    screen = drive.frame(i.Move(forward=1, right=0, seconds=1.0), i.Radio(), i.Briefing())
    assert (drive.controller.body.x, drive.controller.body.y) == (before.x, before.y)
    assert screen.panel is None and drive.requests == []
    assert [n["note"] for n in drive.notes] == ["paused"], "no briefing is logged as read"
    drive.frame(i.Pause())
    screen = drive.frame(i.Briefing())
    assert screen.panel is not None and screen.panel.kind == "briefing"
    assert drive.frame(i.Briefing()).panel is None, "Tab closes it again"
    assert [n["note"] for n in drive.notes] == ["paused", "resumed", "briefing"]


def test_a_reason_stops_growing_at_its_limit(drive: Drive) -> None:
    drive.frame(i.Read(), pointed=on("inspection_tablet"))
    drive.frame(i.Back())
    drive.frame(i.Pick(2))
    drive.frame(i.Type("x" * 300), i.Type("y" * 300))
    drive.frame(i.Submit())
    reason = drive.requests[-1].rationale
    assert isinstance(drive.requests[-1], Choose) and reason is not None
    assert len(reason) == 400 and reason.startswith("x" * 300)


def test_the_frame_time_readout_comes_and_goes(drive: Drive) -> None:
    assert drive.frame().frame_time is None
    screen = drive.frame(i.FrameRate())
    assert screen.frame_time is not None
    words = Texts(drive.program.scenario)
    assert "ms" in words.line(screen.frame_time)
    assert drive.frame(i.FrameRate()).frame_time is None


def test_after_the_ending_nothing_is_asked_of_the_core(drive: Drive) -> None:
    program, state = drive.program, drive.state
    state, _ = step(program, state, None, program.time_limit_ms + 1000)
    drive.state, drive.t_ms = state, program.time_limit_ms + 1000
    screen = drive.frame()
    assert screen.banner is not None
    drive.frame(i.Act(), pointed=on("ppe_kit"))
    drive.frame(i.Radio(), i.Pick(1))
    assert drive.requests == []
    drive.frame(i.Quit())
    assert drive.controller.quit


def test_a_radio_message_to_another_trainee_is_typed_then_sent(drive: Drive) -> None:
    words = drive.words()
    screen = drive.frame(i.Radio())
    assert screen.panel is not None
    assert not any(r.key.startswith("say:") for r in screen.panel.rows), "no one else is here"
    drive.controller.people = frozenset({ME, "police_officer"})
    drive.frame(i.Back())
    screen = drive.frame(i.Radio())
    assert screen.panel is not None
    row = next(r for r in screen.panel.rows if r.key == "say:police_officer")
    screen = drive.frame(i.Pick(row.number))
    assert screen.panel is not None and screen.panel.kind == "message" and screen.typing
    assert words.line(screen.panel.title).startswith("Radio message to ")
    screen = drive.frame(i.Submit())
    assert screen.panel is not None and screen.panel.entry is not None
    assert screen.panel.entry.warning is not None, "an empty message is not sent"
    drive.frame(i.Type("Cordon the lane, please"), i.Act(), i.Pick(1))
    assert drive.requests == [], "typing a message is not acting"
    screen = drive.frame(i.Submit())
    assert drive.notes[-1] == {"note": "message", "role": ME, "to": "police_officer",
                               "via": "radio", "text": "Cordon the lane, please"}
    assert screen.panel is None and not screen.typing
    assert any(words.line(c.header).startswith("Sent to ") for c in screen.cards)


def test_esc_drops_a_message_being_typed(drive: Drive) -> None:
    drive.controller.people = frozenset({ME, "police_officer"})
    screen = drive.frame(i.Radio())
    assert screen.panel is not None
    row = next(r for r in screen.panel.rows if r.key == "say:police_officer")
    drive.frame(i.Pick(row.number), i.Type("never mind"))
    screen = drive.frame(i.Back())
    assert screen.panel is None and not screen.typing
    assert not any(n["note"] == "message" for n in drive.notes)


def test_at_another_trainees_figure_one_speaks_to_them_face_to_face(drive: Drive) -> None:
    words = drive.words()
    screen = drive.frame(i.Act(), pointed=on("police_figure"))
    assert screen.panel is not None
    assert not any(r.key.startswith("say:") for r in screen.panel.rows), "the engine plays them"
    drive.frame(i.Back())
    drive.controller.people = frozenset({ME, "police_officer"})
    screen = drive.frame(i.Act(), pointed=on("police_figure"))
    assert screen.panel is not None
    row = next(r for r in screen.panel.rows if r.key == "say:police_officer:face_to_face")
    screen = drive.frame(i.Pick(row.number))
    assert screen.panel is not None and words.line(screen.panel.title).startswith("Say to ")
    drive.frame(i.Type("Keep them back from the doors"))
    drive.frame(i.Submit())
    assert drive.notes[-1] == {"note": "message", "role": ME, "to": "police_officer",
                               "via": "face_to_face", "text": "Keep them back from the doors"}
