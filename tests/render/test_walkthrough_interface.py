"""Every shipped walkthrough played through the interface a trainee uses (the pilot walks,
turns until the crosshair rests on the prop, presses E, picks rows, types reasons), offscreen
with real frames: the session log it writes is the one headless `play` writes, the HUD never
overlaps itself, the first frame already shows the 0:00 message, and each screenshot is taken
at the scenario time of the event it is named after."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from engine.core.plan import ms
from engine.core.program import program_for
from engine.core.view import view
from engine.interact.layout import Rect
from engine.play import play, players_of
from engine.scenario.loader import load_walkthrough
from tests.render.conftest import ME, SCENARIO

WALKTHROUGHS = sorted((SCENARIO / "walkthroughs").glob("*.yaml"))
# the shared presenter shows the customs officer's screen; the police's solo walkthrough is
# played through the interface by tests/render/test_solo_run.py
AS_CUSTOMS = [p for p in WALKTHROUGHS if f"role: {ME}" in p.read_text(encoding="utf-8")]


def decided(log: Path) -> list[dict[str, Any]]:
    """What the core was asked and what it did: every line but the header, poses, notes, the
    closing line and the signatures, without the hash chain."""
    found = []
    for line in log.read_text(encoding="utf-8").splitlines()[1:]:
        record = json.loads(line)
        if record["k"] in ("poses", "note", "closed", "signed"):
            continue
        del record["h"], record["i"]
        found.append(record)
    return found


class Watch:
    """Checks every frame the HUD draws: no two parts or name tags overlap."""

    def __init__(self, presenter: Any) -> None:
        self.presenter = presenter
        self.frames = 0
        self.overlaps: list[str] = []
        self.first: list[str] | None = None  # every text on the first frame

    def check(self) -> None:
        hud = self.presenter.hud
        boxes = hud.drawn_boxes()
        if self.first is None:
            self.first = [n.node().getText() for built in hud.parts.values()
                          for n in built.node.findAllMatches("**/+TextNode")]
        names = sorted(boxes)
        for n, a in enumerate(names):
            for b in names[n + 1:]:
                if _overlap(boxes[a], boxes[b]):
                    self.overlaps.append(f"frame {self.frames}: {a} over {b}")
        self.frames += 1


def _overlap(a: Rect, b: Rect) -> bool:
    return a.x0 < b.x1 - 0.002 and b.x0 < a.x1 - 0.002 and a.y0 < b.y1 - 0.002 and \
        b.y0 < a.y1 - 0.002


def through_interface(presenter: Any, loaded: Any, plan_file: Path, log: Path,
                      shots: Path | None = None) -> tuple[Any, Watch]:
    from engine.app import start_body
    from engine.frameloop import FrameLoop
    from engine.input.pilot import Pilot
    from engine.interact.controller import Controller
    from engine.session import Session

    plan = load_walkthrough(plan_file, loaded)
    session = Session.begin(loaded, role=plan.role, seed=plan.seed, trainee=plan.trainee,
                            log_path=log, extra={"plan": plan.id},
                            people=players_of(plan, plan.role))
    program = program_for(loaded)
    first = view(program, session.state, plan.role)
    walls = presenter.walls(first)
    controller = Controller(program, plan.role, body=start_body(first, walls), walls=walls)
    pilot = Pilot(plan, plan.role, session.state.people)
    loop = FrameLoop(session, presenter, controller, pilot, screenshots=shots, every_s=1e9)
    watch = Watch(presenter)
    drawn = loop.frame

    def frame(*args: Any, **kwargs: Any) -> Any:
        result = drawn(*args, **kwargs)
        watch.check()
        return result

    loop.frame = frame  # type: ignore[method-assign]
    stop = ms(plan.until) if plan.until is not None else program.time_limit_ms
    loop.run_plan(pilot, stop, 5000)
    session.close("ended" if session.ended else "plan_finished")
    assert pilot.skipped == [], f"steps the interface could not play: {pilot.skipped}"
    return loop, watch


@pytest.mark.parametrize("plan_file", AS_CUSTOMS, ids=lambda p: p.stem)
def test_the_interface_writes_the_log_play_writes(presenter: Any, loaded: Any, plan_file: Path,
                                                  tmp_path: Path) -> None:
    plan = load_walkthrough(plan_file, loaded)
    headless = play(loaded, plan, log_path=tmp_path / "play.jsonl")
    _, watch = through_interface(presenter, loaded, plan_file, tmp_path / "run.jsonl")
    assert decided(tmp_path / "run.jsonl") == decided(headless.log_path)
    assert watch.overlaps == [], watch.overlaps[:5]


def test_the_first_frame_shows_the_opening_message_and_shots_match_their_events(
        presenter: Any, loaded: Any, tmp_path: Path) -> None:
    loop, watch = through_interface(presenter, loaded, SCENARIO / "walkthroughs" /
                                    "reference.yaml", tmp_path / "run.jsonl", tmp_path / "shots")
    assert watch.first is not None
    words = watch.first
    assert any("is at the inspection lane for physical examination" in w for w in words), words
    assert any(w.startswith("You are:") for w in words) and "0:00 / 30:00" in words, words
    records = [json.loads(x) for x in (tmp_path / "run.jsonl").read_text().splitlines()]
    times: dict[str, list[int]] = {}
    for record in records:
        label = {"inject_fired": f"inject-{record.get('inject')}",
                 "decision_opened": f"decision-{record.get('decision')}",
                 "request": record.get("do") or f"{record.get('choose')}-{record.get('option')}",
                 }.get(record["k"])
        if label:
            times.setdefault(label, []).append(record["t"])
    checked = 0
    for shot in loop.shots:
        found = re.match(r"\d{3}-(\d{2})m(\d{2})s-(.+)\.png$", shot.name)
        assert found is not None, shot.name
        seconds, label = int(found[1]) * 60 + int(found[2]), found[3]
        if label in times:
            assert any(abs(seconds * 1000 - t) < 1000 + loaded.scenario.tick * 1000
                       for t in times[label]), (shot.name, times[label])
            checked += 1
    assert checked >= 20
    names = [s.name for s in loop.shots]
    assert len(names) == len(set(names)), "one picture per event"
