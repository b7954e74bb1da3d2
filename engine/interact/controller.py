"""The interaction controller: intents in; requests for the core, notes for the log and the
``Screen`` to draw out. It owns focus, panels, the decisions shown or set aside, typing,
cards, pause and the thermal view; it holds no presenter and no device.

Each frame: ``handle`` the intents (against the View last drawn and what the pointer rests
on), let the session apply the requests, ``observe`` the new View and the core's events,
then draw ``screen()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.core.program import Program
from engine.core.state import Choose, Event, Request
from engine.core.view import ActionView, View, request_for
from engine.interact import intents as i
from engine.interact import panels
from engine.interact.body import Body, Walls
from engine.interact.cards import Announcer, CardQueue
from engine.interact.keys import DONE, Typing
from engine.interact.lines import Line, say
from engine.interact.screen import PanelShown, Screen
from engine.interact.status import banner, footer, prompt, reminders, status, thermal
from engine.scenario.strings import string_id

THERMAL_SHOWN_S = 4.0
MAX_TYPED = 400


@dataclass(frozen=True, slots=True)
class Pointed:
    """What the crosshair, the mouse or a laser rests on, as the presenter found it: a prop,
    a row of a panel (``panel``: ``panel`` or ``decision``), a key of an on-screen keyboard,
    or the ground where a teleport would land (with whether one may stand there)."""

    prop: str | None = None
    panel: str | None = None
    row: int | None = None
    key: str | None = None
    ground: tuple[float, float] | None = None


@dataclass
class Handled:
    requests: list[Request] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Typing:
    decision: str
    option: str
    text: str = ""
    warned: bool = False
    to: str | None = None  # a message to another trainee's role, not a reason
    via: str = "radio"


class Controller:
    def __init__(self, program: Program, role: str, *, device: str = "desktop",
                 body: Body | None = None, walls: Walls | None = None) -> None:
        self.program, self.role, self.device = program, role, device
        self.body = body or Body()
        self.walls = walls or Walls()
        scenario = program.scenario
        self.verbs = {a.id: a.verb for a in scenario.actions}
        self.targets = {a.id: a.target for a in scenario.actions}
        self.by_reading = {a.id: frozenset(a.read) for a in scenario.actions if a.read}
        self.zones = frozenset(z.id for z in scenario.place.zones)
        self.units = {v.id: v.unit or "" for v in scenario.variables}
        self.announcer = Announcer(program, role)
        self.cards = CardQueue()
        self.view: View | None = None
        self.focus: str | None = None
        self.panel: PanelShown | None = None
        self.shown_decision: str | None = None
        self.aside: list[str] = []
        self.known: set[str] = set()
        self.typing: _Typing | None = None
        self.read_documents: set[str] = set()
        self.paused = False
        self.thermal_on = False
        self.thermal_for = 0.0
        self.captured = False
        self.recapture = False
        self.aiming = False
        self.frame_rate = False
        self.frame_times: list[float] = []
        self.quit = False
        self.people: frozenset[str] = frozenset()  # roles other trainees play (shared session)
        self.chimes = 0
        self.pulses: list[str] = []
        self.out = Handled()

    # -- intents ---------------------------------------------------------------------------

    def handle(self, intents: Sequence[i.Intent], pointed: Pointed = Pointed()) -> Handled:
        """Apply this frame's intents; the requests and notes they make (and any that the
        last ``observe`` made, e.g. documents it opened), for the session."""
        view = self.view
        live = view is not None and not view.ended
        self.focus = pointed.prop if live and self.panel is None and not self.paused else None
        for intent in intents:
            self._one(intent, pointed, live)
        out, self.out = self.out, Handled()
        return out

    def _one(self, intent: i.Intent, pointed: Pointed, live: bool) -> None:  # noqa: C901
        if isinstance(intent, i.Quit):
            self.quit = True
        elif isinstance(intent, i.FrameRate):
            self.frame_rate = not self.frame_rate
        elif self.typing is not None and live and self._typed(intent, pointed):
            return
        elif isinstance(intent, i.Look):
            self.body = self.body.looked(intent)
        elif isinstance(intent, i.Back):
            self._back()
        elif isinstance(intent, i.Pause):
            self._pause(live)
        elif isinstance(intent, i.Briefing):
            self._briefing()
        elif isinstance(intent, i.Thermal):
            self.thermal_on, self.thermal_for = not self._thermal_shown(), 0.0
        elif not live or self.paused:
            return
        elif isinstance(intent, i.Move):
            if self.panel is None:
                self.body = self.body.walked(intent, self.walls)
        elif isinstance(intent, i.Turn):
            self.body = self.body.turned(intent.degrees)
        elif isinstance(intent, i.Aim):
            self.aiming = intent.on
        elif isinstance(intent, i.Teleport):
            there = (intent.x, intent.y) if intent.x is not None and intent.y is not None \
                else pointed.ground
            if there is not None and self.walls.free(*there):
                self.body = self.body.placed(*there)
            self.aiming = False
        elif isinstance(intent, i.Select):
            self._select(pointed)
        elif isinstance(intent, i.Act):
            self._act()
        elif isinstance(intent, i.Read):
            self._read()
        elif isinstance(intent, i.Radio):
            self._open(panels.radio(self._view(), self.device, self._talk_to()), "ui/no_calls")
        elif isinstance(intent, i.Recall):
            self._recall()
        elif isinstance(intent, i.Pick):
            self._pick(intent.number)

    def _typed(self, intent: i.Intent, pointed: Pointed) -> bool:
        """Keys while a reason is being typed; True when the intent was the field's. Keys
        that would walk or act type instead; Esc, the pointer and the mouse still work."""
        typing = self.typing
        assert typing is not None
        if isinstance(intent, i.Select) and pointed.key is not None:
            self._press_key(pointed.key)
        elif isinstance(intent, i.Type):
            typing.text = (typing.text + intent.text)[:MAX_TYPED]
            typing.warned = False
        elif isinstance(intent, i.Erase):
            typing.text = typing.text[:-1]
        elif isinstance(intent, i.Submit):
            self._submit_reason()
        else:
            return isinstance(intent, (i.Pick, i.Act, i.Read, i.Radio, i.Recall, i.Move,
                                       i.Briefing, i.Pause, i.Thermal))
        return True

    def _role_name(self, role: str) -> Line:
        return say(string_id(self.program.scenario.id, f"role/{role}/name"))

    def _talk_to(self) -> list[tuple[str, Line]]:
        """The other trainees' roles, to message by radio, with their names."""
        return [(role, self._role_name(role)) for role in sorted(self.people - {self.role})]

    def _talk_at(self, role: str | None) -> Line | None:
        """The name of the trainee whose figure this is, when another person plays it."""
        if role is None or role == self.role or role not in self.people:
            return None
        return self._role_name(role)

    def _press_key(self, key: str) -> None:
        """A key of an on-screen keyboard, typed by its rules (a capital to start a sentence,
        no doubled spaces); Done hands the reason in, or says one is needed."""
        typing = self.typing
        decision = self._decision(typing.decision) if typing else None
        if typing is None or decision is None:
            return
        board = Typing(decision.rationale == "required", typing.text)
        if board.press(key):
            self._submit_reason()
        elif key == DONE:
            typing.warned = True
        else:
            typing.text, typing.warned = board.text, False

    def _view(self) -> View:
        assert self.view is not None
        return self.view

    def _request(self, request: Request) -> None:
        self.out.requests.append(request)
        self.pulses.append("right")

    def _note(self, note: str, **fields: Any) -> None:
        self.out.notes.append({"note": note, "role": self.role, **fields})

    def _open(self, panel: PanelShown | None, otherwise: str | None = None) -> None:
        if panel is None:
            if otherwise:
                self.cards.add(say(otherwise), None, "notice")
            return
        if self.panel is None and self.captured:
            self.recapture, self.captured = True, False  # a panel needs the pointer
        self.panel = panel

    def _close(self) -> None:
        self.panel = None
        if self.recapture:
            self.captured, self.recapture = True, False

    def _back(self) -> None:
        if self.typing is not None:
            self.typing = None
        elif self.panel is not None:
            self._close()
        elif self.captured:
            self.captured = False
        elif self.shown_decision is not None:
            self.aside.append(self.shown_decision)
            self._note("set_aside", decision=self.shown_decision)
            self.shown_decision = None

    def _pause(self, live: bool) -> None:
        if not live and not self.paused:
            return
        self.paused = not self.paused
        self._note("paused" if self.paused else "resumed")

    def _briefing(self) -> None:
        if self.paused:
            return  # the pause covers the screen: nothing opens unseen
        if self.panel is not None and self.panel.kind == "briefing":
            self._close()
        elif self.view is not None:
            self._open(panels.briefing(self.view, self.device))
            self._note("briefing")

    def _recall(self) -> None:
        if self.panel is not None and self.panel.wide:
            self._close()
        if self.aside:
            if self.shown_decision is not None:
                self.aside.append(self.shown_decision)
            self.shown_decision = self.aside.pop(0)
            self._note("recalled", decision=self.shown_decision)

    def _select(self, pointed: Pointed) -> None:
        if pointed.panel is not None and pointed.row is not None:
            if pointed.panel == "decision" and self.shown_decision is not None:
                self._pick_option(pointed.row)
            elif pointed.panel == "panel" and self.panel is not None:
                self._pick_row(pointed.row)
        elif self.device == "desktop" and not self.captured:
            if self.panel is None:
                self.captured = True
        else:
            self._act()

    def _act(self) -> None:
        view, prop_id = self._view(), self.focus
        prop = view.prop(prop_id) if prop_id else None
        if prop is None:
            return
        actions = view.interactables.get(prop.id, ())
        talk = self._talk_at(prop.role)
        if len(actions) == 1 and not prop.documents and talk is None:
            self._request(request_for(actions[0], self.role))
        else:
            self._open(panels.menu(view, prop, self.device, talk))

    def _read(self) -> None:
        if self.panel is not None and self.panel.kind == "document":
            self._close()
            return
        prop = self._view().prop(self.focus) if self.focus else None
        if prop is not None and prop.documents:
            self._show_documents(prop.id, None)

    def _show_documents(self, prop_id: str, only: str | None) -> None:
        view = self._view()
        prop = view.prop(prop_id)
        panel = panels.documents(prop, only, self.device) if prop else None
        if panel is None or prop is None:
            return
        self._open(panel)
        shown = [d.id for d in prop.documents if only is None or d.id == only]
        self._note("read", prop=prop.id, documents=shown)
        self.read_documents.update(shown)
        for action, needed in self.by_reading.items():
            if needed <= self.read_documents:
                found = self._action(view, f"do:{action}")
                if found is not None:
                    self._request(request_for(found, self.role))

    @staticmethod
    def _action(view: View, key: str) -> ActionView | None:
        """What the row ``key`` offers now (``do:ACTION`` or an ask), if it still does."""
        for offered in (*view.at_hand, *(a for acts in view.interactables.values()
                                         for a in acts)):
            if panels.action_key(offered) == key:
                return offered
        return None

    def _pick(self, number: int) -> None:
        if self.panel is not None and self.panel.rows:
            self._pick_row(number)
        elif self.panel is None and self.shown_decision is not None:
            self._pick_option(number)

    def _pick_row(self, number: int) -> None:
        assert self.panel is not None
        key = panels.row_key(self.panel.rows, number)
        if key is None:
            return
        kind, _, rest = key.partition(":")
        if kind in ("do", "ask"):
            found = self._action(self._view(), key)
            self._close()
            if found is not None:
                self._request(request_for(found, self.role))
        elif kind == "read":
            prop, _, document = rest.partition(":")
            self._show_documents(prop, document)
        elif kind == "say":
            self._close()
            to, _, via = rest.partition(":")
            self.typing = _Typing("", "", to=to, via=via or "radio")
        elif kind == "reread":
            held = next((d for d in self._view().documents if d.id == rest), None)
            if held is not None:
                self._open(panels.received(held, self.device))
                self._note("read", documents=[held.id])

    def _pick_option(self, number: int) -> None:
        decision = self._decision(self.shown_decision)
        if decision is None or not 1 <= number <= len(decision.options):
            return
        option = decision.options[number - 1].id
        if decision.rationale == "none":
            self._request(Choose(decision.id, option, self.role))
        else:
            text = self.typing.text if self.typing and self.typing.decision == decision.id else ""
            self.typing = _Typing(decision.id, option, text)

    def _submit_reason(self) -> None:
        typing = self.typing
        assert typing is not None
        if typing.to is not None:
            self._send_message(typing, typing.to)
            return
        decision = self._decision(typing.decision)
        reason = typing.text.strip()
        if decision is None:
            self.typing = None
        elif decision.rationale == "required" and not reason:
            typing.warned = True
        else:
            self._request(Choose(decision.id, typing.option, self.role, reason or None))
            self.typing = None

    def _send_message(self, typing: _Typing, to: str) -> None:
        text = typing.text.strip()
        if not text:
            typing.warned = True
            return
        self._note("message", to=to, via=typing.via, text=text)
        self.cards.add(say("ui/message_sent", role=self._role_name(to)),
                       say("ui/verbatim", text=text), "done")
        self.typing = None

    def _decision(self, decision_id: str | None) -> Any:
        view = self.view
        if view is None or decision_id is None:
            return None
        return next((d for d in view.decisions if d.id == decision_id), None)

    # -- what the core did -----------------------------------------------------------------

    def observe(self, view: View, events: Sequence[Event], dt: float) -> None:
        """Take in the new View and the core's events since the last frame; ``dt`` is the
        seconds of reading time that passed (cards and timed views run on it)."""
        self.view = view
        for header, body, tone in self.announcer.cards(events):
            self.cards.add(header, body, tone)
        for event in events:
            if event.kind == "performed" and event.data.get("role") == self.role:
                self._after(str(event.data["action"]))
        self._decisions(view)
        if view.ended:
            self.panel, self.typing, self.shown_decision, self.aside = None, None, None, []
        elif self.panel is not None and self.panel.kind == "menu":
            prop = view.prop(self.panel.key.partition(":")[2])
            fresh = panels.menu(view, prop, self.device, self._talk_at(prop.role)) if prop \
                else None
            self.panel = fresh
            if fresh is None:
                self._close()
        elif self.panel is not None and self.panel.kind == "radio":
            self.panel = panels.radio(view, self.device, self._talk_to())
            if self.panel is None:
                self._close()
        self.thermal_for = max(0.0, self.thermal_for - dt)
        self.cards.tick(dt, held=self.panel is not None and self.panel.wide)
        self.frame_times = (self.frame_times + [dt])[-30:]

    def _after(self, action: str) -> None:
        verb = self.verbs.get(action)
        if verb == "measure":
            self.thermal_for = THERMAL_SHOWN_S
        elif verb == "inspect" and self.panel is None:
            target = self.targets.get(action)
            prop = self._view().prop(target) if target else None
            if prop is not None and prop.documents:
                self._show_documents(prop.id, None)

    def _decisions(self, view: View) -> None:
        open_now = [d.id for d in view.decisions]
        for gone in self.known - set(open_now):
            if self.typing is not None and self.typing.decision == gone:
                self.typing = None
        self.known &= set(open_now)
        self.aside = [d for d in self.aside if d in open_now]
        if self.shown_decision not in open_now:
            self.shown_decision = None
        for decision in open_now:
            if decision not in self.known:
                self.known.add(decision)
                if self.shown_decision is None:
                    self.shown_decision = decision
                else:
                    self.aside.append(decision)
        if self.shown_decision is None and self.aside and not self.typing:
            waiting = [d for d in open_now if d not in self.aside]
            if waiting:
                self.shown_decision = waiting[0]

    # -- what to draw ----------------------------------------------------------------------

    def _thermal_shown(self) -> bool:
        return self.thermal_on or self.thermal_for > 0

    def screen(self) -> Screen:
        view = self._view()
        decision = None
        composing = self.typing if self.typing is not None and self.typing.to else None
        message = None if composing is None or composing.to is None else panels.message(
            self._role_name(composing.to), composing.via, composing.text, composing.warned)
        behind_panel = self.panel is not None and self.panel.wide
        shown = self._decision(self.shown_decision)
        if shown is not None and not behind_panel and not self.paused:
            typing = None if composing else self.typing
            decision = panels.decision(
                shown, self.device,
                None if typing is None else (typing.option, typing.text, False),
                bool(typing and typing.warned))
        waiting = list(self.aside)
        if shown is not None and decision is None:
            waiting.insert(0, shown.id)
        chimes, self.cards.arrived = self.cards.arrived, 0
        pulses, self.pulses = tuple(self.pulses), []
        return Screen(
            body=self.body,
            status=status(view, self.paused, self.zones),
            prompt=prompt(view, self.focus, self.device)
            if self.panel is None and self.typing is None else (),
            hints=(say("ui/message_footer"),) if composing is not None else
            footer(view, self.device, self.captured, self.panel is not None,
                   decision is not None, self.typing is not None),
            crosshair=("none" if self.device == "xr" or self.panel is not None or view.ended
                       else "focused" if self.focus else "idle"),
            focus=self.focus,
            panel=None if self.paused else message or self.panel,
            decision=decision,
            reminders=reminders(view, waiting, self.device),
            cards=self.cards.shown(held=behind_panel),
            banner=banner(view, self.paused),
            thermal=self._thermal_shown(),
            thermal_reading=thermal(view, self.units) if self._thermal_shown() else None,
            frame_time=self._frame_time() if self.frame_rate else None,
            capture=self.captured and self.panel is None and not view.ended,
            typing=self.typing is not None,
            aiming=self.aiming and not self.paused and not view.ended,
            chimes=chimes,
            pulses=pulses,
        )

    def _frame_time(self) -> Line:
        ordered = sorted(self.frame_times)
        middle = ordered[len(ordered) // 2] if ordered else 0.0
        return say("ui/frame_time", ms=round(middle * 1000),
                          fps=round(1 / middle) if middle > 0 else 0)
