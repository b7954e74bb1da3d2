"""The Panda3D presenter: a scenario's world and HUD in a desktop window or offscreen buffer.

It draws the core's ``View`` and events, and turns what the trainee picks in its panels into
requests handed to ``on_request`` (an input source decides what to do with them).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from panda3d.core import Filename

from engine.core.state import Choose, Event, Perform, Request
from engine.core.view import ActionView, DecisionView, DocumentView, View
from engine.present.panda.hud import Hud, HudLike, Panel, register_title_style
from engine.present.panda.markings import Label
from engine.present.panda.scene import Scene
from engine.present.panda.window import WindowSpec, init_pipeline, open_base
from engine.present.texts import Texts, clock
from engine.scenario.files import asset_roots
from engine.scenario.loader import LoadedScenario

FONT, BOLD = "fonts/DejaVuSans.ttf", "fonts/DejaVuSans-Bold.ttf"
THERMAL_SHOWN_S = 4.0
ENTRY_PROMPTS = {"required": "ui/rationale_prompt", "optional": "ui/rationale_optional"}
READING_SHOWN_S = 3.0


class PandaPresenter:
    entry_prompts = ENTRY_PROMPTS  # the ids of the words asking for a typed rationale
    hint_ids = {"document": "ui/document_hint", "menu": "ui/menu_hint",
                "briefing": "ui/briefing_hint", "decision": "ui/decision_hint"}

    def __init__(self, loaded: LoadedScenario, role: str, spec: WindowSpec, base: Any = None,
                 *, owns_base: bool | None = None,
                 hud_factory: Callable[[PandaPresenter], HudLike] | None = None) -> None:
        """Opens its own window, or draws into ``base`` (a ShowBase with simplepbr set up),
        which it destroys on ``close`` only if ``owns_base``. ``hud_factory`` makes the HUD
        from the presenter (its base, fonts and texts); by default the desktop's ``Hud``."""
        self.loaded, self.role, self.spec = loaded, role, spec
        self.owns_base = base is None if owns_base is None else owns_base
        if base is None:
            base = open_base(spec)
            init_pipeline(base, spec.msaa)
        self.base = base
        self.texts = Texts(loaded.scenario)
        self.font, self.bold = self._font(FONT), self._font(BOLD)
        register_title_style(self.bold)
        self.base.cam.setPosHpr(0, 0, 0, 0, 0, 0)  # the camera node moves; the lens rides on it
        self.base.camLens.setFov(70)
        self.base.camLens.setNearFar(0.1, 600)
        try:
            self.scene = Scene(self.base, loaded, self.texts, self.font)
        except BaseException:
            if self.owns_base:
                self.base.destroy()
            raise
        self.hud: HudLike = (hud_factory or desktop_hud)(self)
        self.view: View | None = None
        self.on_request: Callable[[Request], None] | None = None
        self.focus: str | None = None
        self.picking = True  # highlight what the crosshair rests on
        self.paused = False
        self.briefing = False
        self.mouse_captured = False
        self.pending_choice: tuple[str, str] | None = None
        self.verbs = {a.id: a.verb for a in loaded.scenario.actions}
        self.thermal_for = 0.0  # seconds the thermal view stays on after a measurement
        self.reading_for = 0.0  # seconds an inspected prop's documents stay open by themselves
        self.targets = {a.id: a.target for a in loaded.scenario.actions if a.target}
        self.chime: Any = None

    def _font(self, relative: str) -> Any:
        for root in asset_roots(self.loaded.path):
            if (root / relative).is_file():
                font = self.base.loader.loadFont(Filename.fromOsSpecific(str(root / relative))
                                                 .getFullpath())
                if font.getNumPages() == 0:  # the loader shares fonts: set it up only once
                    font.setPixelsPerUnit(64)
                return font
        return None  # Panda3D's built-in font: still legible

    # -- the Presenter protocol --------------------------------------------------------------

    def show(self, view: View, dt: float) -> None:
        self.view = view
        self.scene.focus = self.focus
        if self.thermal_for > 0:
            self.thermal_for -= dt
            self.scene.thermal = self.thermal_for > 0
        if self.reading_for > 0:
            self.reading_for -= dt
            if self.reading_for <= 0 and self.hud.panel and self.hud.panel.kind == "document":
                self.hud.close_panel()
        self.scene.apply(view, dt)
        self._focus(view)
        self.show_labels(self.scene.labels_on_screen())
        self._status(view)
        self._thermal(view)
        self._panels(view)
        self.hud.tick(dt)
        if view.ended:
            key = f"ui/ended/{view.outcome or 'timeout'}"
            message = self.texts(view.ending_message_id) if view.ending_message_id else ""
            self.hud.set_overlay(f"{self.texts(key)}\n{message}", (1, 0.85, 0.4, 1))
        elif self.paused:
            self.hud.set_overlay(self.texts("ui/paused"))
        else:
            self.hud.set_overlay(None)

    def notify(self, events: Sequence[Event]) -> None:
        scenario = self.loaded.scenario
        for event in events:
            data = event.data
            if event.kind == "inject_fired":
                sender = self.texts.key(f"role/{data['from']}/name")
                agency = next((r.agency for r in scenario.roles if r.id == data["from"]), "other")
                delivery = self.texts(f"ui/delivery/{data['delivery']}")
                header = f"{delivery}  ·  {sender} ({self.texts(f'ui/agency/{agency}')})"
                body = self.texts.key(f"inject/{data['inject']}/content")
                for document in data.get("documents", ()):
                    title = self.texts.key(f"document/{document}/title")
                    body += "\n" + self.texts("ui/attached", title=title)
                self.hud.add_card(header, body)
                self.cue()
            elif event.kind == "performed" and data.get("role") == self.role:
                action = data["action"]
                if self.verbs.get(action) == "measure":
                    self.thermal_for = THERMAL_SHOWN_S
                elif self.verbs.get(action) == "inspect" and self.hud.panel is None:
                    self.read(self.targets.get(action))  # what was inspected, to read
                    self.reading_for = READING_SHOWN_S
                message = self.texts.table.get(f"{scenario.id}/action/{action}/message")
                if "outcome" in data:
                    message = self.texts.table.get(
                        f"{scenario.id}/action/{action}/outcome/{data['outcome']}/message",
                        message)
                label = self.texts.key(f"action/{action}/label")
                self.hud.add_card(f"{self.texts('ui/done')}: {label}", message or "",
                                  colour=(0.5, 0.95, 0.55, 1), seconds=8.0)
            elif event.kind == "refused" and data.get("role") == self.role:
                name = data.get("do") or data.get("choose") or ""
                label = self.texts.key(f"action/{name}/label") if "do" in data else name
                key = f"ui/refused/{data.get('reason')}"
                key = key if key in self.texts.table else "ui/refused"
                self.hud.add_card(self.texts(key, action=label), "", colour=(1, 0.45, 0.4, 1),
                                  seconds=6.0)

    def render(self) -> None:
        self.base.taskMgr.step()

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.base.win.saveScreenshot(Filename.fromOsSpecific(str(path)))

    def close(self) -> None:
        self.hud.destroy()
        self.scene.root.removeNode()
        if self.owns_base:
            self.base.destroy()

    def cue(self) -> None:
        """A short two-tone chime when a card arrives (silent where audio is off)."""
        if self.spec.mode == "offscreen" or not getattr(self.base, "sfxManagerList", None):
            return
        if self.chime is None:
            self.chime = self.base.loader.loadSfx(Filename.fromOsSpecific(str(_chime_file())))
        self.chime.play()

    # -- camera ------------------------------------------------------------------------------

    def camera_pose(self) -> tuple[tuple[float, float, float], tuple[float, float, float]]:
        cam = self.base.camera
        pos = cam.getPos(self.base.render)
        gaze = self.base.render.getRelativeVector(cam, (0, 1, 0))
        return (pos.x, pos.y, pos.z), (gaze.x, gaze.y, gaze.z)

    def look(self, position: Sequence[float], target: Sequence[float]) -> None:
        self.base.camera.setPos(*position)
        self.base.camera.lookAt(*target)

    # -- what the trainee can do in the HUD --------------------------------------------------

    def actions_here(self) -> tuple[ActionView, ...]:
        if self.view is None or self.focus is None:
            return ()
        return self.view.interactables.get(self.focus, ())

    def act(self) -> None:
        """E or click: the focused prop's only action, or a menu of them."""
        actions = self.actions_here()
        if len(actions) == 1 and not self._documents():
            self._request(Perform(actions[0].id, self.role))
        elif actions or self._documents():
            self.hud.show_panel(self._menu_panel())

    def read(self, prop_id: str | None = None) -> None:
        """F: the documents on the prop in focus (or on ``prop_id``), as a panel of text."""
        prop_id = prop_id or self.focus
        prop = self.view.prop(prop_id) if self.view and prop_id else None
        documents = prop.documents if prop is not None else ()
        if documents and prop is not None:
            self._show_documents(prop.id, self.texts(prop.name_id), documents)

    def _show_documents(self, key: str, title: str, documents: Sequence[DocumentView]) -> None:
        """A panel of documents to read; a record compared with one of them stands beside."""
        def text(shown: Sequence[DocumentView]) -> str:
            return "\n\n".join(f"\1title\1{self.texts(d.title_id)}\2\n{self.texts(d.body_id)}"
                                for d in shown)
        beside = [d.beside for d in documents if d.beside is not None]
        self.hud.show_panel(Panel("document", key, title, text(documents), aside=text(beside),
                                  hint=self.texts(self.hint_ids["document"])))

    def radio(self) -> None:
        """R: actions not tied to an object, and the documents received so far, to reread."""
        if self.view is None or not (self.view.at_hand or self.view.documents):
            return
        options = [(self.texts(a.label_id), self._perform(a.id)) for a in self.view.at_hand]
        options += [(self.texts("ui/read", title=self.texts(d.title_id)), self._reread(d))
                    for d in self.view.documents]
        self.hud.show_panel(Panel("radio", "radio", self.texts("ui/radio_title"), options=options,
                                  hint=self.texts(self.hint_ids["menu"], n=len(options))))

    def _reread(self, document: DocumentView) -> Callable[[], None]:
        return lambda: self._show_documents(document.id, self.texts(document.title_id),
                                            (document,))

    def toggle_briefing(self) -> None:
        self.briefing = not self.briefing
        if self.briefing and self.view is not None:
            v = self.view
            lines = [self.texts(v.briefing_id)] if v.briefing_id else []
            lines += ["", self.texts("ui/objectives")] + [f"•  {self.texts(o)}"
                                                            for o in v.objective_ids]
            self.hud.show_panel(Panel("briefing", "briefing", self.texts(v.title_id),
                                      "\n".join(lines), hint=self.texts(self.hint_ids["briefing"])))
        elif self.hud.panel is not None and self.hud.panel.kind == "briefing":
            self.hud.close_panel()

    def toggle_thermal(self) -> None:
        self.scene.thermal = not self.scene.thermal
        self.thermal_for = 0.0

    def close_panel(self) -> bool:
        if self.hud.panel is None or self.hud.panel.kind == "decision":
            return False
        self.briefing = False
        self.hud.close_panel()
        return True

    def _documents(self) -> tuple[Any, ...]:
        if self.view is None or self.focus is None:
            return ()
        prop = self.view.prop(self.focus)
        return prop.documents if prop else ()

    def _request(self, request: Request) -> None:
        if self.hud.panel is not None and self.hud.panel.kind in ("menu", "radio"):
            self.hud.close_panel()
        if self.on_request is not None:
            self.on_request(request)

    def _perform(self, action: str) -> Callable[[], None]:
        return lambda: self._request(Perform(action, self.role))

    def _menu_panel(self) -> Panel:
        assert self.view is not None and self.focus is not None
        prop = self.view.prop(self.focus)
        options = [(self.texts(a.label_id), self._perform(a.id)) for a in self.actions_here()]
        if self._documents():
            for d in self._documents():
                options.append((self.texts("ui/read", title=self.texts(d.title_id)), self.read))
        return Panel("menu", self.focus, self.texts(prop.name_id) if prop else self.focus,
                     options=options, hint=self.texts(self.hint_ids["menu"], n=len(options)))

    # -- per-frame HUD -----------------------------------------------------------------------

    def point(self, view: View, candidates: set[str]) -> str | None:
        """Hook: the candidate prop the trainee points at; on a screen, the one under the
        crosshair. A headset points with a hand instead."""
        return self.scene.pick(self.base.camera, candidates)

    def show_labels(self, found: Sequence[tuple[Label, float, float, float]]) -> None:
        """Hook: draw the name tags and zone names in view, (label, x, y, metres away); on a
        screen, flat on the HUD, nearest on top."""
        on_screen = sorted(found, key=lambda each: -each[3])
        self.hud.set_labels([(label.key, label.text, label.colour, x, y)
                             for label, x, y, _ in on_screen])

    def _focus(self, view: View) -> None:
        candidates = {p.id for p in view.props if p.interactable}
        self.focus = (self.point(view, candidates)
                      if self.picking and not view.ended else None)
        lines: list[str] = []
        if self.focus is not None:
            prop = view.prop(self.focus)
            actions = view.interactables.get(self.focus, ())
            lines.append(self.texts(prop.name_id) if prop else self.focus)
            if len(actions) == 1:
                lines.append(self.texts("ui/act_key", action=self.texts(actions[0].label_id)))
            elif actions:
                lines.append(self.texts("ui/act_menu", count=len(actions)))
            for document in self._documents()[:1]:
                lines.append(self.texts("ui/read_key", title=self.texts(document.title_id)))
        self.hud.set_prompt(lines if self.hud.panel is None else [])
        self.hud.set_crosshair(self.hud.panel is None and not view.ended, self.focus is not None)
        at_hand = len(view.at_hand) + len(view.documents)
        radio = self.texts("ui/radio_key", count=at_hand) if at_hand else ""
        capture = "" if self.mouse_captured or self.spec.mode == "offscreen" else \
            self.texts("ui/capture_hint")
        self.hud.set_hint("     ".join(x for x in (radio, capture) if x))

    def _status(self, view: View) -> None:
        lines = [self.texts("ui/role", role=self.texts.key(f"role/{view.role}/name")),
                 self.texts("ui/clock", elapsed=clock(view.t_ms), limit=clock(view.time_limit_ms))]
        lines += [f"{self.texts(v.label_id)}: {self.texts.value(v)}" for v in view.variables]
        self.hud.set_status(lines)

    def _thermal(self, view: View) -> None:
        if not self.scene.thermal or not view.hazards:
            self.hud.set_thermal(None)
            return
        hottest = max(view.hazards, key=lambda h: h.value)
        unit = next((v.unit for v in view.variables if v.id == hottest.variable), "") or ""
        low, high = self.scene.thermal_span
        self.hud.set_thermal(self.texts("ui/thermal", value=f"{hottest.value:.1f} {unit}"),
                             self.texts("ui/thermal_scale", low=f"{low:.0f} {unit}",
                                        high=f"{high:.0f} {unit}"))

    def _panels(self, view: View) -> None:
        panel = self.hud.panel
        if view.decisions:
            if panel is None or panel.kind in ("decision", "menu", "radio"):
                self.hud.show_panel(self._decision_panel(view.decisions[0]))
        elif panel is not None and panel.kind == "decision":
            self.pending_choice = None
            self.hud.close_panel()

    def _decision_panel(self, decision: DecisionView) -> Panel:
        def pick(option: str) -> Callable[[], None]:
            def chosen() -> None:
                if decision.rationale == "none":
                    self._request(Choose(decision.id, option, self.role))
                else:
                    self.pending_choice = (decision.id, option)
            return chosen

        def typed(reason: str) -> None:
            if self.pending_choice is not None:
                chosen_decision, option = self.pending_choice
                self.pending_choice = None
                self._request(Choose(chosen_decision, option, self.role, reason.strip() or None))

        pending = self.pending_choice if self.pending_choice and \
            self.pending_choice[0] == decision.id else None
        seconds = None if decision.time_left_ms is None else decision.time_left_ms // 1000
        hint = self.texts(self.hint_ids["decision"], n=len(decision.options))
        if seconds is not None and pending is None:
            hint = f"{self.texts('ui/time_left', seconds=seconds)}     {hint}"
        options = [(("▶ " if pending and pending[1] == o.id else "") + self.texts(o.label_id),
                    pick(o.id)) for o in decision.options]
        entry = None
        if pending is not None:
            entry = self.texts(self.entry_prompts[decision.rationale])
        return Panel("decision", decision.id, self.texts(decision.prompt_id), options=options,
                     hint=hint, entry=entry, on_entry=typed,
                     entry_required=decision.rationale == "required")


def desktop_hud(presenter: PandaPresenter) -> HudLike:
    return Hud(presenter.base, presenter.font, presenter.bold)


def _chime_file() -> Path:
    """A generated chime (no sound asset needed): two short sine tones, 16-bit mono WAV."""
    import math
    import struct
    import tempfile
    import wave

    path = Path(tempfile.gettempdir()) / "taskforce-chime.wav"
    if not path.exists():
        rate = 22050
        samples = []
        for pitch, start, length in ((880.0, 0.0, 0.12), (1320.0, 0.14, 0.16)):
            for n in range(int(length * rate)):
                fade = min(1.0, n / 200, (length * rate - n) / 400)
                samples.append(int(9000 * fade * math.sin(2 * math.pi * pitch * n / rate)))
            samples += [0] * int(0.02 * rate) if start == 0.0 else []
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(rate)
            out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
    return path
