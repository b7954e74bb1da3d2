"""World-space panels for the headset: the same ``Screen`` as the desktop, placed in the world.

Panels stand 1.4 m in front of the trainee, facing them (a decision stands to the left of
another panel when both are open); inject cards, the banner and decisions set aside ride on
a plate a little below the centre of view that follows the body with a short lag (subtitles
for every radio or phone inject), moving aside while a panel stands in front; the status is
a plate on the left wrist; the prompt is a tooltip at the end of the laser. Sizes follow
DESIGN.md: body text about 1 degree of visual angle in cap height, headings 1.5 degrees.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from panda3d.core import NodePath, TextNode

from engine.interact.lines import Line
from engine.interact.screen import Card, PanelShown, Screen
from engine.present.xr.keyboard import draw_keyboard
from engine.present.xr.plates import AMBER, BODY, HEAD, PANEL_AT, ROW, ROW_HOVER, SMALL, row
from engine.present.xr.plates import plate as _plate
from engine.present.xr.plates import text as _text

FOLLOW_AT = 1.6
LAG = 0.35  # seconds for the follow plate to catch up with the body's turn
SIDE_DEGREES = 38.0  # a decision beside another panel
KEY_NAMES = {"space": "ui/key/space", "backspace": "ui/key/backspace", "done": "ui/key/done"}
TONES = {"message": AMBER, "done": (0.5, 0.95, 0.55, 1), "refused": (1, 0.45, 0.4, 1),
         "notice": (0.55, 0.8, 1.0, 1)}


@dataclass
class Stood:
    """A panel standing in the world, with its rows (option numbers, or keyboard keys)."""

    shown: PanelShown
    node: Any
    width: float
    rows: list[tuple[int | str, Any, float, float, float, float]] = field(default_factory=list)


class XrHud:
    def __init__(self, render: Any, font: Any, bold: Any, say: Callable[[Line], str]) -> None:
        self.font, self.bold, self.say = font, bold, say
        self.root = render.attachNewNode("xr-hud")
        self.root.setShaderOff(10)  # flat, unlit, legible: not part of the lit scene
        self.root.setLightOff(10)
        self.root.setBin("fixed", 10)
        self.root.setDepthOffset(1)
        self.follow = self.root.attachNewNode("follow")
        self.follow_heading: float | None = None
        self.wrist = NodePath("wrist")
        self.tooltip = self.root.attachNewNode("tooltip")
        self.stood: dict[str, Stood] = {}
        self.parts: dict[str, tuple[object, Any]] = {}
        self.hovered: tuple[str, int | str] | None = None
        self.head: tuple[tuple[float, float, float], float] = ((0.0, 0.0, 1.7), 0.0)

    # -- where the trainee is ------------------------------------------------------------------

    def place(self, head: tuple[float, float, float], heading: float, dt: float,
              wrist: Any = None) -> None:
        """Keep the follow plate in front of the body, lagging behind quick turns."""
        self.head = (head, heading)
        if self.follow_heading is None or dt <= 0:
            self.follow_heading = heading
        else:
            gap = (heading - self.follow_heading + 180) % 360 - 180
            self.follow_heading += gap * min(1.0, dt / LAG)
        self.follow.setPos(*head)
        self.follow.setH(self.follow_heading)
        if wrist is not None and self.wrist.getParent() != wrist:
            self.wrist.reparentTo(wrist)
            self.wrist.setShaderOff(10)
            self.wrist.setLightOff(10)
        front = self.stood.get("panel") or self.stood.get("decision")
        if front is not None and abs((heading - front.node.getH() + 180) % 360 - 180) > 70:
            for which, stood in self.stood.items():  # turned away: bring them along
                self._stand(stood.node, self._yaw(which))

    def _yaw(self, which: str) -> float:
        return SIDE_DEGREES if which == "decision" and "panel" in self.stood else 0.0

    def _stand(self, node: Any, yaw: float = 0.0, distance: float = PANEL_AT,
               drop: float = 0.2) -> None:
        (x, y, z), heading = self.head
        h = math.radians(heading + yaw)
        node.setPos(x - math.sin(h) * distance, y + math.cos(h) * distance, z - drop)
        node.setHpr(heading + yaw, 0, 0)  # a card's face looks along -Y: back at the eyes

    # -- drawing a screen ----------------------------------------------------------------------

    def draw(self, screen: Screen) -> None:
        self._part("status", screen.status, self._status)
        self._part("prompt", screen.prompt, self._prompt)
        self._follow_plate(screen)
        for which, shown in (("panel", screen.panel), ("decision", screen.decision)):
            stood = self.stood.get(which)
            if shown is None:
                if stood is not None:
                    stood.node.removeNode()
                    del self.stood[which]
                    self.hovered = None
            elif stood is None or stood.shown != shown:
                fresh = self._panel(shown)
                if stood is not None and stood.shown.key == shown.key:
                    fresh.node.setPosHpr(stood.node.getPos(), stood.node.getHpr())  # stays put
                else:
                    self._stand(fresh.node, self._yaw(which))
                if stood is not None:
                    stood.node.removeNode()
                self.stood[which] = fresh
                self.hovered = None

    def _part(self, name: str, value: object, build: Callable[[Any], Any]) -> None:
        kept = self.parts.get(name)
        if kept is not None and kept[0] == value:
            return
        if kept is not None:
            kept[1].removeNode()
        self.parts[name] = (value, build(value))

    def _status(self, lines: Sequence[Line]) -> Any:
        node = self.wrist.attachNewNode("status")
        node.setPosHpr(0, -0.05, 0.08, 0, -45, 0)
        if lines:
            words = _text(node, self.font, "\n".join(self.say(x) for x in lines), SMALL)
            _plate(node, -0.01, SMALL * 14, -SMALL * 1.2 * len(lines), SMALL * 1.1)
            words.setPos(0, -0.002, 0)
        return node

    def _prompt(self, lines: Sequence[Line]) -> Any:
        node = self.tooltip.attachNewNode("prompt")
        if lines:
            words = _text(node, self.font, "\n".join(self.say(x) for x in lines), BODY * 0.8,
                          wrap=20)
            lo, hi = words.getTightBounds()
            _plate(node, lo.x - 0.02, hi.x + 0.02, lo.z - 0.015, hi.z + 0.015)
        return node

    def point_at(self, where: tuple[float, float, float] | None) -> None:
        """Put the tooltip beside the laser's hit point, facing the trainee."""
        if where is None:
            self.tooltip.hide()
            return
        self.tooltip.show()
        self.tooltip.setPos(where[0], where[1], where[2] + 0.25)
        self.tooltip.setH(self.head[1])

    def _follow_plate(self, screen: Screen) -> None:
        """Cards, the banner, the thermal reading and decisions set aside, below the centre
        of view; while a panel stands, the cards stand beside it in its plane instead, so
        neither hides the other from any angle."""
        front = self.stood.get("panel") or self.stood.get("decision")
        cards = screen.cards if front is None else ()
        key = (cards, screen.banner, screen.thermal_reading, screen.reminders,
               screen.frame_time)
        self._part("follow", key, lambda _: self._subtitles(screen, cards))
        beside = screen.cards if front is not None else ()
        self._part("beside", (beside, None if front is None else id(front.node)),
                   lambda _: self._beside(front, beside))

    def _beside(self, front: Stood | None, cards: Sequence[Card]) -> Any:
        """The cards in a column to the right of the panel in front, in its plane."""
        if front is None:
            return self.root.attachNewNode("beside")
        column = front.node.attachNewNode("beside")
        _, hi = front.node.getTightBounds(front.node)
        z = hi.z
        for card in cards[:2]:
            z = self._card(column, card, hi.x + 0.08, z, -0.004) - 0.03
        return column

    def _subtitles(self, screen: Screen, cards: Sequence[Card]) -> Any:
        node = self.follow.attachNewNode("subtitles")
        z = -0.3
        for card in cards[:2]:
            z = self._card(node, card, -BODY * 13.5, z, FOLLOW_AT) - 0.03
        if screen.banner is not None:
            overlay = node.attachNewNode("banner")
            overlay.setPos(0, FOLLOW_AT, 0.15)
            colour = AMBER if screen.banner.tone != "failure" else TONES["refused"]
            words = "\n".join(self.say(x) for x in screen.banner.lines)
            body = _text(overlay, self.bold, words, HEAD, colour, wrap=24)
            body.node().setAlign(TextNode.ACenter)
            lo, hi = body.getTightBounds()
            _plate(overlay, lo.x - 0.05, hi.x + 0.05, lo.z - 0.04, hi.z + 0.04, (0, 0, 0, 0.8))
        if screen.thermal_reading is not None:
            reading = node.attachNewNode("thermal")
            reading.setPos(-0.2, FOLLOW_AT, 0.45)
            _text(reading, self.bold, "\n".join(self.say(x) for x in screen.thermal_reading),
                  BODY, (1, 0.6, 0.2, 1))
        top = 0.42
        for reminder in screen.reminders:
            chip = node.attachNewNode("reminder")
            chip.setPos(0.25, FOLLOW_AT, top)
            lines = [reminder.prompt, *([reminder.countdown] if reminder.countdown else []),
                     reminder.hint]
            words = _text(chip, self.font, "\n".join(self.say(x) for x in lines), BODY * 0.8,
                          AMBER, wrap=18)
            lo, hi = words.getTightBounds()
            _plate(chip, lo.x - 0.02, hi.x + 0.02, lo.z - 0.015, hi.z + 0.015)
            top = lo.z - 0.05
        if screen.frame_time is not None:
            meter = node.attachNewNode("frame-time")
            meter.setPos(0.35, FOLLOW_AT, -0.45)
            _text(meter, self.font, self.say(screen.frame_time), BODY * 0.7)
        return node

    def _card(self, parent: Any, card: Card, x: float, z: float, depth: float) -> float:
        node = parent.attachNewNode("card")
        head = _text(node, self.bold, self.say(card.header), BODY, TONES[card.tone], wrap=26)
        lines = head.node().getNumRows()
        if card.body is not None:
            body = _text(node, self.font, self.say(card.body), BODY, wrap=26)
            body.setZ(-BODY * 1.25 * lines)
            lines += body.node().getNumRows()
        _plate(node, -0.03, BODY * 27, -BODY * 1.25 * (lines - 1) - 0.03, BODY + 0.02)
        lo, hi = node.getTightBounds(node)
        node.setPos(x + 0.03, depth, z - hi.z)
        return float(z - (hi.z - lo.z))

    def _panel(self, shown: PanelShown) -> Stood:
        width = (2.2 if shown.beside else 1.3) if shown.wide else 0.95
        node = self.root.attachNewNode(f"panel-{shown.kind}")
        stood = Stood(shown, node, width)
        x0, x1, z = -width / 2 + 0.04, width / 2 - 0.04, -HEAD
        wrap = (width - 0.08)
        title = _text(node, self.bold, self.say(shown.title), HEAD, AMBER, wrap=wrap / HEAD)
        title.setPos(x0, -0.002, z)
        z -= HEAD * 1.25 * title.node().getNumRows()
        if shown.countdown is not None:
            countdown = _text(node, self.bold, self.say(shown.countdown), BODY,
                              (1, 0.7, 0.35, 1))
            countdown.setPos(x0, -0.002, z - BODY * 0.2)
            z -= BODY * 1.3
        columns = (shown.sections, shown.beside) if shown.beside else (shown.sections,)
        column = (wrap - 0.04 * (len(columns) - 1)) / len(columns)
        bottom = z
        for n, sections in enumerate(columns):  # side by side: a record beside what it checks
            cz = z
            for section in sections:
                words = f"{self.say(section.title)}\n" + "\n".join(self.say(x)
                                                                    for x in section.body)
                body = _text(node, self.font, words, BODY, wrap=column / BODY)
                body.setPos(x0 + n * (column + 0.04), -0.002, cz)
                cz -= BODY * 1.2 * body.node().getNumRows() + 0.03
            bottom = min(bottom, cz)
        z = bottom
        for r in shown.rows:
            label = f"{r.number}   {self.say(r.label)}"
            card, _, bottom = row(node, self.font, label, x0, x1, z)
            if r.chosen:
                card.setColor(*ROW_HOVER)
            stood.rows.append((r.number, card, x0, x1, bottom, z))
            z = bottom - 0.015
        if shown.entry is not None:
            keys, z, _, _ = draw_keyboard(node, self.font, shown.entry, self.say,
                                          lambda name: self.say(Line(KEY_NAMES[name])),
                                          x0, x1, z - 0.01)
            stood.rows += [(name, card, lft, rgt, low, top)
                           for name, (card, lft, rgt, low, top) in keys]
            z -= 0.015
        if shown.hint is not None:
            hint = _text(node, self.font, self.say(shown.hint), BODY * 0.85, (1, 1, 1, 0.65))
            hint.setPos(x0, -0.002, z - BODY)
            z -= BODY * 1.4
        _plate(node, -width / 2, width / 2, z - 0.03, 0.02)
        for child in node.getChildren():
            child.setZ(child.getZ() - z / 2)  # centred on its stand
        stood.rows = [(n, c, lft, rgt, b - z / 2, t - z / 2) for n, c, lft, rgt, b, t in stood.rows]
        return stood

    # -- pointing ------------------------------------------------------------------------------

    def hit(self, origin: Any, direction: Any) -> tuple[float, str, int | str | None] | None:
        """Where a ray (world space) first meets a standing panel: (distance, which panel,
        the option number or key name it rests on, or None between rows)."""
        render = self.root.getParent()
        best: tuple[float, str, int | str | None] | None = None
        for which, stood in self.stood.items():
            o = stood.node.getRelativePoint(render, origin)
            d = stood.node.getRelativeVector(render, direction)
            if abs(d.y) < 1e-6:
                continue
            t = -o.y / d.y
            if t < 0:
                continue
            x, z = o.x + d.x * t, o.z + d.z * t
            lo, hi = stood.node.getTightBounds(stood.node)
            if not (lo.x <= x <= hi.x and lo.z <= z <= hi.z):
                continue
            distance = t * d.length()
            if best is not None and best[0] <= distance:
                continue
            found = next((n for n, _, left, right, bottom, top in stood.rows
                          if left <= x <= right and bottom <= z <= top), None)
            best = (distance, which, found)
        return best

    def hover(self, target: tuple[str, int | str] | None) -> None:
        if target == self.hovered:
            return
        for which, stood in self.stood.items():
            for number, card, *_ in stood.rows:
                chosen = isinstance(number, int) and any(
                    r.chosen for r in stood.shown.rows if r.number == number)
                lit = target == (which, number)
                card.setColor(*(ROW_HOVER if lit or chosen else ROW))
        self.hovered = target

    def row_point(self, which: str, number: int | str) -> Any:
        """The world point at the middle of a row or key (for tests that aim at it)."""
        stood = self.stood[which]
        _, _, left, right, bottom, top = next(r for r in stood.rows if r[0] == number)
        return self.root.getParent().getRelativePoint(stood.node, ((left + right) / 2, -0.01,
                                                                    (bottom + top) / 2))

    def seen_from(self, camera: Any, lens: Any) -> dict[str, list[tuple[float, float]]]:
        """The outline (four corners, from -1 to 1) each panel, card, chip and the banner
        makes in ``camera``'s image: the headset mirror's layout, for checks. Every part is
        flat in its own x-z plane, so its four corners are its outline."""
        from panda3d.core import Point3, Point4

        nodes = {f"panel:{which}": stood.node for which, stood in self.stood.items()}
        for part in ("follow", "beside"):
            kept = self.parts.get(part)
            if kept is not None:
                for n, child in enumerate(kept[1].getChildren()):
                    nodes[f"{part}:{child.getName()}:{n}"] = child
        projection = lens.getProjectionMat()
        found = {}
        for name, node in nodes.items():
            column = node.find("beside")  # a panel's outline, without the cards beside it
            if not column.isEmpty():
                column.stash()
            bounds = node.getTightBounds(node)
            if not column.isEmpty():
                column.unstash()
            if not bounds:
                continue
            lo, hi = bounds
            outline = []
            for x, z in ((lo.x, lo.z), (hi.x, lo.z), (hi.x, hi.z), (lo.x, hi.z)):
                p = camera.getRelativePoint(node, Point3(x, 0, z))
                clip = projection.xform(Point4(p.x, p.y, p.z, 1.0))
                if clip.w <= 0:
                    break  # behind the eye
                outline.append((clip.x / clip.w, clip.y / clip.w))
            else:
                found[name] = outline
        return found

    def destroy(self) -> None:
        for stood in self.stood.values():
            stood.node.removeNode()
        self.wrist.removeNode()
        self.root.removeNode()
