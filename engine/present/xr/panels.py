"""World-space panels for the headset: the desktop HUD's parts, placed in the world.

``XrHud`` offers the desktop ``Hud``'s methods, so the presenter's logic (what a decision,
a menu, a document or an inject card says) is shared and only the drawing differs:
panels stand 1.4 m in front of the trainee, facing them; inject cards and overlays ride on a
plate a little below the centre of view that follows the body with a short lag (subtitles
for every radio or phone inject); the status is a plate on the left wrist; the prompt is a
tooltip at the end of the laser. Sizes follow DESIGN.md: body text about 1 degree of visual
angle in cap height, headings 1.5 degrees.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from panda3d.core import NodePath, TextNode

from engine.present.base import ShownParts
from engine.present.panda.hud import Panel, switch_panel
from engine.present.xr.keyboard import Keyboard
from engine.present.xr.plates import AMBER, BODY, HEAD, PANEL_AT, ROW, ROW_HOVER, SMALL, row
from engine.present.xr.plates import plate as _plate
from engine.present.xr.plates import text as _text

FOLLOW_AT = 1.6
LAG = 0.35  # seconds for the follow plate to catch up with the body's turn
KEY_NAMES = {"space": "ui/key/space", "backspace": "ui/key/backspace", "done": "ui/key/done"}


class XrHud:
    def __init__(self, render: Any, font: Any, bold: Any, texts: Callable[[str], str]) -> None:
        """``texts``: the interface's words by id (the keyboard's special keys)."""
        self.font, self.bold, self.texts = font, bold, texts
        self.root = render.attachNewNode("xr-hud")
        self.root.setShaderOff(10)  # flat, unlit, legible: not part of the lit scene
        self.root.setLightOff(10)
        self.root.setBin("fixed", 10)
        self.root.setDepthOffset(1)
        self.follow = self.root.attachNewNode("follow")
        self.follow_heading: float | None = None
        self.wrist = NodePath("wrist")
        self.tooltip = self.root.attachNewNode("tooltip")
        self.panel: Panel | None = None
        self.panel_node: Any = None
        self.rows: list[tuple[Any, float, float, float, float]] = []  # plate, l, r, b, t
        self.hovered: int | None = None
        self.entry: Any = None  # the desktop's text entry: none here, the keyboard types
        self.keyboard: Keyboard | None = None
        self.keys: list[str] = []  # what the rows after the panel's options type
        self.cards: list[tuple[Any, float]] = []
        self.overlay: Any = None
        self.thermal: Any = None
        self.status: Any = None
        self.shown = ShownParts()
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
        if self.panel_node is not None:
            bearing = self.panel_node.getH()
            if abs((heading - bearing + 180) % 360 - 180) > 70:  # turned away: bring it along
                self._stand(self.panel_node)

    def _stand(self, node: Any, distance: float = PANEL_AT, drop: float = 0.2) -> None:
        (x, y, z), heading = self.head
        h = math.radians(heading)
        node.setPos(x - math.sin(h) * distance, y + math.cos(h) * distance, z - drop)
        node.setHpr(heading, 0, 0)  # a card's face looks along -Y: back at the eyes

    # -- the desktop Hud's methods ---------------------------------------------------------------

    def set_status(self, lines: Sequence[str]) -> None:
        if not self.shown.changed("status", tuple(lines)):
            return
        if self.status is not None:
            self.status.removeNode()
        self.status = self.wrist.attachNewNode("status")
        self.status.setPosHpr(0, -0.05, 0.08, 0, -45, 0)
        text = _text(self.status, self.font, "\n".join(lines), SMALL)
        _plate(self.status, -0.01, SMALL * 14, -SMALL * 1.2 * len(lines), SMALL * 1.1)
        text.setPos(0, -0.002, 0)

    def set_prompt(self, lines: Sequence[str]) -> None:
        if not self.shown.changed("prompt", tuple(lines)):
            return
        for child in self.tooltip.getChildren():
            child.removeNode()
        if lines:
            text = _text(self.tooltip, self.font, "\n".join(lines), BODY * 0.8, wrap=20)
            lo, hi = text.getTightBounds()
            _plate(self.tooltip, lo.x - 0.02, hi.x + 0.02, lo.z - 0.015, hi.z + 0.015)

    def point_at(self, where: tuple[float, float, float] | None) -> None:
        """Put the tooltip beside the laser's hit point, facing the trainee."""
        if where is None:
            self.tooltip.hide()
            return
        self.tooltip.show()
        self.tooltip.setPos(where[0], where[1], where[2] + 0.25)
        self.tooltip.setH(self.head[1])

    def set_hint(self, text: str) -> None:
        self.shown.changed("hint", text)

    def set_crosshair(self, visible: bool, focused: bool = False) -> None:
        """No crosshair in a headset: the laser is the pointer."""

    def set_labels(self, labels: Sequence[Any]) -> None:
        """Nothing flat to place: the presenter stands name tags in the world (``tags``)."""

    def set_overlay(self, text: str | None, colour: Sequence[float] = (1, 1, 1, 1)) -> None:
        if not self.shown.changed("overlay", (text, tuple(colour))):
            return
        if self.overlay is not None:
            self.overlay.removeNode()
            self.overlay = None
        if text:
            self.overlay = self.follow.attachNewNode("overlay")
            self.overlay.setPos(0, FOLLOW_AT, 0.15)
            body = _text(self.overlay, self.bold, text, HEAD, colour, wrap=24)
            body.node().setAlign(TextNode.ACenter)
            lo, hi = body.getTightBounds()
            _plate(self.overlay, lo.x - 0.05, hi.x + 0.05, lo.z - 0.04, hi.z + 0.04,
                   (0, 0, 0, 0.8))

    def set_thermal(self, reading: str | None, scale: str = "") -> None:
        if not self.shown.changed("thermal", (reading, scale)):
            return
        if self.thermal is not None:
            self.thermal.removeNode()
            self.thermal = None
        if reading:
            self.thermal = self.follow.attachNewNode("thermal")
            self.thermal.setPos(-0.2, FOLLOW_AT, 0.45)
            _text(self.thermal, self.bold, f"{reading}\n{scale}", BODY, (1, 0.6, 0.2, 1))

    def add_card(self, header: str, body: str, colour: Sequence[float] = AMBER,
                 seconds: float = 12.0) -> None:
        card = self.follow.attachNewNode("card")
        head = _text(card, self.bold, header, BODY, colour, wrap=26)
        lines = head.node().getNumRows()
        if body:
            text = _text(card, self.font, body, BODY, wrap=26)
            text.setZ(-BODY * 1.25 * lines)
            lines += text.node().getNumRows()
        _plate(card, -0.03, BODY * 27, -BODY * 1.25 * (lines - 1) - 0.03, BODY + 0.02)
        self.cards.insert(0, (card, seconds))
        while len(self.cards) > 2:
            self.cards.pop()[0].removeNode()
        self._stack()

    def _stack(self) -> None:
        z = -0.3  # a little below the centre of view
        for card, _ in self.cards:
            lo, hi = card.getTightBounds(card)
            card.setPos(-BODY * 13.5, FOLLOW_AT, z - hi.z)
            z -= hi.z - lo.z + 0.03

    def tick(self, dt: float) -> None:
        kept = [(card, left - dt) for card, left in self.cards]
        for card, left in kept:
            if left <= 0:
                card.removeNode()
        changed = len(kept) != len([c for c in kept if c[1] > 0])
        self.cards = [c for c in kept if c[1] > 0]
        if changed:
            self._stack()

    def show_panel(self, panel: Panel | None) -> None:
        if not switch_panel(self, panel) or panel is None:
            return
        wide = panel.kind in ("document", "briefing")
        width = (2.2 if panel.aside else 1.3) if wide else 0.95
        node = self.root.attachNewNode(f"panel-{panel.kind}")
        x0, z = -width / 2 + 0.04, -HEAD
        title = _text(node, self.bold, panel.title, HEAD, AMBER, wrap=(width - 0.08) / HEAD)
        title.setPos(x0, -0.002, z)
        z -= HEAD * 1.25 * title.node().getNumRows()
        if panel.body:
            column = width / 2 if panel.aside else width  # side by side: two columns
            rows = 0
            for n, text in enumerate((panel.body, panel.aside) if panel.aside else (panel.body,)):
                body = _text(node, self.font, text, BODY, wrap=(column - 0.08) / BODY)
                body.setPos(x0 + n * column, -0.002, z)
                rows = max(rows, body.node().getNumRows())
            z -= BODY * 1.2 * rows + 0.02
        self.rows, self.keys = [], []
        for n, (label, _) in enumerate(panel.options, start=1):
            card, _, bottom = row(node, self.font, f"{n}   {label}", x0, width / 2 - 0.04, z)
            self.rows.append((card, x0, width / 2 - 0.04, bottom, z))
            z = bottom - 0.015
        if panel.entry is not None:
            z = self._keyboard(node, panel, x0, width / 2 - 0.04, z - 0.01)
        else:
            self.keyboard = None
        if panel.hint:
            hint = _text(node, self.font, panel.hint, BODY * 0.85, (1, 1, 1, 0.65))
            hint.setPos(x0, -0.002, z - BODY)
            z -= BODY * 1.4
        _plate(node, -width / 2, width / 2, z - 0.03, 0.02)
        for child in node.getChildren():
            child.setZ(child.getZ() - z / 2)  # centred on its stand
        self.rows = [(r, lft, rgt, b - z / 2, t - z / 2) for r, lft, rgt, b, t in self.rows]
        self._stand(node)
        self.panel_node = node

    def _keyboard(self, node: Any, panel: Panel, x0: float, x1: float, top: float) -> float:
        """The keyboard under a panel asking for a typed text (a decision's rationale); what
        was typed survives a redraw of the same panel (another option picked)."""
        required = panel.entry_required
        another_panel = self.shown.changed("keyboard_for", panel.key)
        if another_panel or self.keyboard is None or self.keyboard.typing.required != required:
            self.keyboard = Keyboard(required, lambda key: self.texts(KEY_NAMES[key]),
                                     self.texts("ui/rationale_needed"))
        keys, bottom = self.keyboard.draw(node, self.font, panel.entry or "", x0, x1, top)
        self.keys = [name for name, _ in keys]
        self.rows += [rect for _, rect in keys]
        return bottom - 0.015

    def close_panel(self) -> None:
        if self.panel_node is not None:
            self.panel_node.removeNode()
        self.panel, self.panel_node, self.rows, self.hovered = None, None, [], None
        self.keys, self.keyboard = [], None

    def choose(self, number: int) -> bool:
        """Pick row ``number`` (1-based): one of the panel's options, or after them a key of
        its keyboard; done hands the typed text to the panel, as Enter does on the desktop."""
        panel = self.panel
        if panel is None or not 1 <= number <= len(panel.options) + len(self.keys):
            return False
        if number <= len(panel.options):
            panel.options[number - 1][1]()
            return True
        assert self.keyboard is not None
        typed = self.keyboard.press(self.keys[number - len(panel.options) - 1])
        if typed is not None and panel.on_entry is not None:
            panel.on_entry(typed)
        return True

    # -- pointing ------------------------------------------------------------------------------

    def hit(self, origin: Any, direction: Any) -> tuple[float, int | None] | None:
        """Where a ray (world space) meets the open panel: (distance, option number or None)."""
        node = self.panel_node
        if node is None:
            return None
        render = self.root.getParent()
        o = node.getRelativePoint(render, origin)
        d = node.getRelativeVector(render, direction)
        if abs(d.y) < 1e-6:
            return None
        t = -o.y / d.y
        if t < 0:
            return None
        x, z = o.x + d.x * t, o.z + d.z * t
        lo, hi = node.getTightBounds(node)
        if not (lo.x <= x <= hi.x and lo.z <= z <= hi.z):
            return None
        distance = t * d.length()
        for n, (_, left, right, bottom, top) in enumerate(self.rows, start=1):
            if left <= x <= right and bottom <= z <= top:
                return distance, n
        return distance, None

    def hover(self, number: int | None) -> None:
        if number == self.hovered:
            return
        for n, (card, *_rest) in enumerate(self.rows, start=1):
            card.setColor(*(ROW_HOVER if n == number else ROW))
        self.hovered = number

    def destroy(self) -> None:
        self.close_panel()
        self.wrist.removeNode()
        self.root.removeNode()
