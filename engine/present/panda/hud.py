"""The desktop HUD: draws a ``Screen`` flat over the world, laid out so nothing overlaps.

Each part (status plate, cards, panels, prompt, footer, banner, name tags...) is rebuilt only
when what it says changes; ``engine.interact.layout`` then places every part. Rows of a panel
are plates whose rectangles are kept, so the presenter can tell which row the mouse is on.
Sized for 1280x720 and up: body text 0.05 of the screen height, always on a dark plate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from panda3d.core import TextNode

from engine.interact.layout import Placed, Rect, Tag, arrange, place_tags
from engine.interact.lines import Line
from engine.interact.screen import Card, PanelShown, Reminder, Screen
from engine.present.panda import parts as P
from engine.present.panda.parts import AMBER, BODY, DIM, HEAD, PAD, SMALL, TONES, Built

CARD_W, DECISION_W, MENU_W, REMINDER_W = 1.0, 1.05, 1.3, 1.0
BANNER_TONES = {"success": (0.6, 1.0, 0.6, 1), "failure": (1, 0.5, 0.4, 1),
                "timeout": (1, 0.85, 0.4, 1), "paused": (1, 1, 1, 1)}
WorldLabel = tuple[str, str, tuple[float, float, float], float, float]  # key, text, rgb, x, y


class Hud:
    def __init__(self, base: Any, font: Any, bold: Any, say: Callable[[Line], str]) -> None:
        self.base, self.font, self.bold, self.say = base, font, bold, say
        self.tag_root = base.aspect2d.attachNewNode("world-labels")
        self.root = base.aspect2d.attachNewNode("hud")
        self.parts: dict[str, Built] = {}
        self.signatures: dict[str, object] = {}
        self.placed: dict[str, Placed] = {}
        self.tags: dict[str, Built] = {}
        self.tag_rects: dict[str, Rect] = {}
        self.hovered: tuple[str, int] | None = None
        self.aspect = 0.0

    # -- drawing a screen ---------------------------------------------------------------------

    def draw(self, screen: Screen, labels: Sequence[WorldLabel] = ()) -> None:
        wanted = self._wanted(screen)
        changed = self.base.getAspectRatio() != self.aspect
        for name in list(self.parts):
            if name not in wanted:
                self.parts.pop(name).node.removeNode()
                self.signatures.pop(name, None)
                changed = True
        for name, (signature, build) in wanted.items():
            if self.signatures.get(name) == signature and name in self.parts:
                continue
            kept = self.parts.get(name)
            if kept is not None and kept.refresh is not None:
                width = kept.width
                if kept.refresh(signature):  # the same lines, new words: redrawn in place
                    self.signatures[name] = signature
                    changed = changed or abs(kept.width - width) > 1e-6
                    continue
            if kept is not None:
                self.parts.pop(name).node.removeNode()
            self.parts[name] = build()
            self.signatures[name] = signature
            changed = True
        if changed:
            self._arrange(screen)
        self._tags(labels)

    def _wanted(self, s: Screen) -> dict[str, tuple[object, Callable[[], Built]]]:
        want: dict[str, tuple[object, Callable[[], Built]]] = {}

        def add(name: str, signature: object, build: Callable[[], Built]) -> None:
            want[name] = (signature, build)

        if s.banner is not None:
            add("banner", s.banner, lambda: self._banner(s))
        if s.status:
            add("status", s.status, lambda: self._lines(s.status, SMALL))
        for card in s.cards:
            add(f"card{card.key}", card, partial(self._card, card))
        if s.thermal_reading is not None:
            add("thermal", s.thermal_reading, lambda: self._thermal(s))
        for reminder in s.reminders:
            add(f"reminder:{reminder.decision}", reminder, partial(self._reminder, reminder))
        if s.decision is not None:
            add("decision", s.decision, partial(self._panel, s.decision, DECISION_W))
        if s.panel is not None:
            width = min(3.0, self.base.getAspectRatio() * 2 - 0.2) if s.panel.wide else MENU_W
            add("wide_panel" if s.panel.wide else "panel", s.panel,
                partial(self._panel, s.panel, width))
        if s.prompt:
            add("prompt", s.prompt, lambda: self._lines(s.prompt, BODY, centred=True))
        if s.hints:
            add("hints", s.hints, lambda: self._hints(s.hints))
        if s.frame_time is not None:
            add("frame_time", s.frame_time, partial(self._lines, (s.frame_time,), SMALL))
        if s.crosshair != "none":
            add("crosshair", s.crosshair, lambda: self._crosshair(s.crosshair == "focused"))
        return want

    def _arrange(self, screen: Screen) -> None:
        self.aspect = self.base.getAspectRatio()
        cards = [f"card{c.key}" for c in screen.cards]
        reminders = [f"reminder:{r.decision}" for r in screen.reminders]
        sizes = {name: (built.width, built.height) for name, built in self.parts.items()}
        self.placed = arrange(self.aspect, sizes, cards, reminders)
        for name, built in self.parts.items():
            spot = self.placed.get(name)
            if spot is None:
                built.node.hide()  # no room now: it waits (a card) or comes back later
                continue
            built.node.setPos(spot.rect.x0, 0, spot.rect.y1)
            built.node.setScale(spot.scale)
            built.node.show()

    # -- the parts ------------------------------------------------------------------------------

    def _lines(self, lines: Sequence[Line], size: float, centred: bool = False,
               colour: Sequence[float] = P.WHITE) -> Built:
        """Lines on a plate, each its own text, so a clock ticking re-sets one short line."""
        node = P.fresh(self.root, "lines")
        blocks, width, top = [], 0.0, -PAD * 0.7
        for line in lines:
            block, w, h = P.text(node, self.font, self.say(line), size, PAD, top,
                                 colour=colour, wrap=34)
            blocks.append((block, h))
            width, top = max(width, w), top - h
        total = width + 2 * PAD
        if centred:
            for block, _ in blocks:
                block.node().setAlign(TextNode.ACenter)
                block.setX(total / 2)
        built = P.boxed(node, total, -top + PAD * 0.5)
        shown = list(lines)
        widths = [block.node().getWidth() for block, _ in blocks]

        def refresh(value: object) -> bool:
            """The same number of lines, some with new words: set those in place. A line that
            still fits its one row is measured without laying it out now; Panda3D lays it
            out when it draws it, once."""
            if not isinstance(value, tuple) or len(value) != len(shown):
                return False
            for n, (old, new) in enumerate(zip(shown, value, strict=True)):
                if old == new:
                    continue
                text, words = blocks[n][0].node(), self.say(new)
                one_row = blocks[n][1] <= text.getLineHeight() * size + 1e-6
                width = text.calcWidth(words)
                text.setText(words)
                if not one_row or "\n" in words or (text.hasWordwrap() and
                                                     width > text.getWordwrap()):
                    if text.getNumRows() * text.getLineHeight() * size > blocks[n][1] + 1e-6:
                        return False  # it wraps now: build it anew
                    width = text.getWidth()
                widths[n], shown[n] = width, new
            needed = max(widths) * size + 2 * PAD
            if abs(needed - built.width) > 1e-6:
                back = node.find("plate")
                back.setSx(needed / built.width * back.getSx())
                for block, _ in blocks if centred else ():
                    block.setX(needed / 2)
                built.width = needed
            return True

        built.refresh = refresh
        return built

    def _hints(self, hints: Sequence[Line]) -> Built:
        node = P.fresh(self.root, "hints")
        words = "     ".join(self.say(h) for h in hints)
        _, width, height = P.text(node, self.font, words, SMALL * 0.9, PAD, -PAD * 0.4,
                                  colour=DIM)
        return P.boxed(node, width + 2 * PAD, height + PAD * 0.6, (0.03, 0.04, 0.06, 0.55))

    def _crosshair(self, focused: bool) -> Built:
        node = P.fresh(self.root, "crosshair")
        P.text(node, self.bold, "+", 0.07, 0.035, -0.005, colour=AMBER if focused else
               (1, 1, 1, 0.85), align=TextNode.ACenter)
        return Built(node, 0.07, 0.07, [])

    def _card(self, card: Card) -> Built:
        node = P.fresh(self.root, "card")
        head, _, head_h = P.text(node, self.bold, self.say(card.header), SMALL, PAD, -PAD * 0.7,
                                 colour=TONES[card.tone], wrap=(CARD_W - 2 * PAD) / SMALL)
        height = head_h + PAD * 0.7
        if card.body is not None:
            _, _, body_h = P.text(node, self.font, self.say(card.body), SMALL, PAD,
                                  -height - 0.005, wrap=(CARD_W - 2 * PAD) / SMALL)
            height += body_h + 0.005
        return P.boxed(node, CARD_W, height + PAD * 0.6)

    def _reminder(self, reminder: Reminder) -> Built:
        node = P.fresh(self.root, "reminder")
        lines = [reminder.prompt, *([reminder.countdown] if reminder.countdown else []),
                 reminder.hint]
        _, _, height = P.text(node, self.font, "\n".join(self.say(x) for x in lines), SMALL,
                              PAD, -PAD * 0.7, colour=AMBER, wrap=(REMINDER_W - 2 * PAD) / SMALL)
        return P.boxed(node, REMINDER_W, height + PAD * 1.3, (0.18, 0.12, 0.02, 0.88))

    def _thermal(self, screen: Screen) -> Built:
        assert screen.thermal_reading is not None
        reading, scale = screen.thermal_reading
        node = P.fresh(self.root, "thermal")
        _, w1, h1 = P.text(node, self.bold, self.say(reading), SMALL, PAD, -PAD * 0.7,
                           colour=(1, 0.6, 0.2, 1))
        _, w2, h2 = P.text(node, self.font, self.say(scale), SMALL * 0.85, PAD,
                           -PAD * 0.7 - h1)
        return P.boxed(node, max(w1, w2) + 2 * PAD, h1 + h2 + PAD * 1.3)

    def _banner(self, screen: Screen) -> Built:
        assert screen.banner is not None
        node = P.fresh(self.root, "banner")
        width = self.base.getAspectRatio() * 2 - 0.06
        colour = BANNER_TONES.get(screen.banner.tone, P.WHITE)
        head, _, h1 = P.text(node, self.bold, self.say(screen.banner.lines[0]), 0.07,
                             width / 2, -0.04, colour=colour, align=TextNode.ACenter)
        height = h1 + 0.04
        if len(screen.banner.lines) > 1:
            body = "\n".join(self.say(x) for x in screen.banner.lines[1:])
            _, _, h2 = P.text(node, self.font, body, BODY * 0.9, width / 2, -height - 0.01,
                              align=TextNode.ACenter, wrap=(width * 0.8) / (BODY * 0.9))
            height += h2 + 0.01
        return P.boxed(node, width, height + 0.04, (0, 0, 0, 0.8))

    def _panel(self, panel: PanelShown, width: float) -> Built:
        node = P.fresh(self.root, f"panel-{panel.kind}")
        size = SMALL if panel.wide else BODY
        inner, x = width - 2 * PAD, PAD
        _, _, h = P.text(node, self.bold, self.say(panel.title), HEAD, x, -PAD,
                         colour=AMBER, wrap=inner / HEAD)
        y = -PAD - h - 0.02
        if panel.countdown is not None:
            _, _, h = P.text(node, self.bold, self.say(panel.countdown), SMALL, x, y,
                             colour=(1, 0.7, 0.35, 1))
            y -= h + 0.01
        columns = (panel.sections, panel.beside) if panel.beside else (panel.sections,)
        column = (inner - PAD * (len(columns) - 1)) / len(columns)
        bottom = y
        for n, sections in enumerate(columns):  # side by side: a record beside what it checks
            cx, cy = x + n * (column + PAD), y
            for section in sections:
                _, _, h = P.text(node, self.bold, self.say(section.title), size, cx, cy,
                                 colour=AMBER, wrap=column / size)
                cy -= h
                body = "\n".join(self.say(line) for line in section.body)
                _, _, h = P.text(node, self.font, body, size, cx, cy, wrap=column / size)
                cy -= h + 0.03
            bottom = min(bottom, cy)
        y = bottom
        rows = []
        for row in panel.rows:
            label = f"{row.number}   {self.say(row.label)}" + ("   \u25c0" if row.chosen else "")
            block, _, h = P.text(node, self.font, label, BODY, x + 0.02, y - 0.015,
                                 wrap=(inner - 0.04) / BODY)
            card = P.plate(node, x, width - PAD, y - h - 0.03, y, P.ROW_HOVER if row.chosen
                           else P.ROW, "row")
            card.reparentTo(node, -5)
            rows.append((row.number, x, width - PAD, y - h - 0.03, y, card))
            y -= h + 0.045
        if panel.entry is not None:
            y = self._entry(node, panel, x, width, y)
        if panel.hint is not None:
            _, _, h = P.text(node, self.font, self.say(panel.hint), SMALL, x, y - 0.005,
                             colour=DIM, wrap=inner / SMALL)
            y -= h + 0.01
        return P.boxed(node, width, -y + PAD * 0.6, rows=rows)

    def _entry(self, node: Any, panel: PanelShown, x: float, width: float, y: float) -> float:
        entry = panel.entry
        assert entry is not None
        inner = width - 2 * PAD
        _, _, h = P.text(node, self.font, self.say(entry.prompt), SMALL, x, y, colour=AMBER,
                         wrap=inner / SMALL)
        y -= h + 0.01
        shown = entry.text + "|"
        field, _, h = P.text(node, self.font, shown, SMALL, x + 0.015, y - 0.012,
                             colour=(0.05, 0.05, 0.08, 1), wrap=(inner - 0.03) / SMALL)
        P.plate(node, x, width - PAD, y - h - 0.024, y, (0.9, 0.9, 0.9, 1), "field").reparentTo(
            node, -5)
        y -= h + 0.04
        if entry.warning is not None:
            _, _, h = P.text(node, self.bold, self.say(entry.warning), SMALL, x, y,
                             colour=TONES["refused"], wrap=inner / SMALL)
            y -= h + 0.01
        return y

    # -- pointing at rows -----------------------------------------------------------------------

    def row_at(self, x: float, y: float) -> tuple[str, int] | None:
        """The panel (``panel`` or ``decision``) and row number under aspect2d point (x, y)."""
        for name, which in (("panel", "panel"), ("wide_panel", "panel"),
                            ("decision", "decision")):
            built, spot = self.parts.get(name), self.placed.get(name)
            if built is None or spot is None:
                continue
            lx, ly = (x - spot.rect.x0) / spot.scale, (y - spot.rect.y1) / spot.scale
            for number, left, right, bottom, top, _ in built.rows:
                if left <= lx <= right and bottom <= ly <= top:
                    return which, number
        return None

    def hover(self, pointed: tuple[str, int] | None) -> None:
        if pointed == self.hovered:
            return
        self.hovered = pointed
        for name, which in (("panel", "panel"), ("wide_panel", "panel"),
                            ("decision", "decision")):
            built = self.parts.get(name)
            if built is None:
                continue
            for number, *_, card in built.rows:
                lit = pointed == (which, number)
                card.setColorScale(1.6, 1.6, 1.6, 1) if lit else card.clearColorScale()

    # -- name tags ------------------------------------------------------------------------------

    def _tags(self, labels: Sequence[WorldLabel]) -> None:
        """World labels, nearest first: above what they name, clear of the HUD and of
        nearer labels, or not shown."""
        wanted = []
        for key, words, colour, x, y in labels:
            built = self.tags.get(key)
            if built is None:
                built = self._tag(words, colour)
                self.tags[key] = built
            wanted.append(Tag(key, x, y, built.width, built.height))
        taken = [p.rect for p in self.placed.values()]
        self.tag_rects = place_tags(self.aspect or self.base.getAspectRatio(), wanted, taken)
        for key, built in self.tags.items():
            rect = self.tag_rects.get(key)
            if rect is None:
                built.node.hide()
            else:
                built.node.setPos(rect.x0, 0, rect.y1)
                built.node.show()

    def _tag(self, words: str, colour: tuple[float, float, float]) -> Built:
        node = P.fresh(self.tag_root, "tag")
        size = SMALL * 0.85
        block, width, height = P.text(node, self.font, words, size, PAD * 0.6, -PAD * 0.4,
                                      wrap=16, align=TextNode.ACenter)
        total = width + PAD * 1.2
        block.setX(total / 2)
        return P.boxed(node, total, height + PAD * 0.5,
                       (colour[0] * 0.3, colour[1] * 0.3, colour[2] * 0.3, 0.88))

    # -- for tests and the layout check ---------------------------------------------------------

    def drawn_boxes(self) -> dict[str, Rect]:
        """Every part and tag on screen now, by name, as drawn (aspect2d units)."""
        found = {}
        for name, built in (*self.parts.items(), *(("tag:" + k, b) for k, b in self.tags.items())):
            if built.node.isHidden():
                continue
            pos, scale = built.node.getPos(self.base.aspect2d), built.node.getScale().x
            found[name] = Rect(pos.x, pos.z - built.height * scale, pos.x + built.width * scale,
                               pos.z)
        return found

    def destroy(self) -> None:
        self.root.removeNode()
        self.tag_root.removeNode()
        self.parts.clear()
        self.tags.clear()
