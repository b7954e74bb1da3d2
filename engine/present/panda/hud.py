"""The heads-up display: status, crosshair, prompts, panels, cards and overlays (DirectGUI).

Sized for 1280x720 and up: body text 0.05 of the screen height (about 18 px a line at 720p),
always on a dark plate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from direct.gui import DirectGuiGlobals as DGG
from direct.gui.DirectButton import DirectButton
from direct.gui.DirectEntry import DirectEntry
from direct.gui.DirectFrame import DirectFrame
from direct.gui.OnscreenText import OnscreenText
from panda3d.core import TextNode, TextProperties, TextPropertiesManager, TransparencyAttrib

from engine.present.base import ShownParts

BODY = 0.05
SMALL = 0.042
HEAD = 0.062
PLATE = (0.03, 0.04, 0.06, 0.82)
WHITE = (1, 1, 1, 1)
AMBER = (1.0, 0.82, 0.3, 1)


@dataclass
class Panel:
    """A modal list of numbered choices (decision, action menu, radio) or a text to read."""

    kind: str
    key: str
    title: str
    body: str = ""
    options: list[tuple[str, Callable[[], None]]] = field(default_factory=list)
    hint: str = ""
    entry: str | None = None  # prompt for a typed rationale, if one is asked for
    on_entry: Callable[[str], None] | None = None
    entry_required: bool = False  # a blank entry would be refused
    aside: str = ""  # a second text beside the body: a record to compare it with

    def signature(self) -> tuple[Any, ...]:
        return (self.kind, self.key, self.title, self.body, tuple(o[0] for o in self.options),
                self.hint, self.entry, self.aside)



def register_title_style(bold: Any) -> None:
    """Make "\1title\1...\2" inside any text a bold amber heading, on a desktop or in a
    headset (document texts use it)."""
    heading = TextProperties()
    heading.setTextColor(*AMBER)
    if bold is not None:
        heading.setFont(bold)
    TextPropertiesManager.getGlobalPtr().setProperties("title", heading)


def switch_panel(hud: HudLike, panel: Panel | None) -> bool:
    """Make ``panel`` the one ``hud`` shows (None closes it). True when it must be drawn anew;
    a panel that looks the same as the shown one only brings fresher callbacks."""
    if panel is None:
        hud.close_panel()
        return False
    if hud.panel is not None and hud.panel.signature() == panel.signature():
        hud.panel = panel
        return False
    hud.close_panel()
    hud.panel = panel
    return True

class HudLike(Protocol):
    """What a presenter draws its HUD with: ``Hud`` on a screen, ``XrHud`` in a headset."""

    panel: Panel | None
    entry: Any

    def set_status(self, lines: Sequence[str]) -> None: ...
    def set_prompt(self, lines: Sequence[str]) -> None: ...
    def set_hint(self, text: str) -> None: ...
    def set_crosshair(self, visible: bool, focused: bool = False) -> None: ...
    def set_overlay(self, text: str | None, colour: tuple[float, ...] = WHITE) -> None: ...
    def set_thermal(self, reading: str | None, scale: str = "") -> None: ...
    def set_labels(self, labels: Sequence[tuple[str, str, tuple[float, float, float], float,
                                                float]]) -> None: ...
    def add_card(self, header: str, body: str, colour: tuple[float, ...] = AMBER,
                 seconds: float = 12.0) -> None: ...
    def tick(self, dt: float) -> None: ...
    def show_panel(self, panel: Panel | None) -> None: ...
    def close_panel(self) -> None: ...
    def choose(self, number: int) -> bool: ...
    def destroy(self) -> None: ...


@dataclass
class _Card:
    frame: Any
    left: float


def _text(parent: Any, font: Any, text: str = "", *, scale: float = BODY, pos: tuple[float, float]
          = (0, 0), align: int = TextNode.ALeft, fg: tuple[float, ...] = WHITE,
          wrap: float | None = None) -> Any:
    return OnscreenText(text=text, parent=parent, font=font, scale=scale, pos=pos, align=align,
                        fg=fg, wordwrap=wrap, mayChange=True)


class Hud:
    def __init__(self, base: Any, font: Any, bold: Any) -> None:
        self.base, self.font, self.bold = base, font, bold
        self.status_plate = DirectFrame(parent=base.a2dTopLeft, frameColor=PLATE,
                                        frameSize=(0, 0.95, -0.05, 0), pos=(0.03, 0, -0.03))
        self.status = _text(self.status_plate, font, scale=SMALL, pos=(0.03, -0.06))
        self.crosshair = _text(base.aspect2d, bold, "+", scale=0.07, align=TextNode.ACenter,
                               pos=(0, -0.022), fg=(1, 1, 1, 0.85))
        self.prompt_plate = DirectFrame(parent=base.a2dBottomCenter, frameColor=PLATE,
                                        frameSize=(-0.9, 0.9, 0, 0.1), pos=(0, 0, 0.06))
        self.prompt = _text(self.prompt_plate, font, align=TextNode.ACenter, wrap=36)
        self.prompt_plate.hide()
        self.hint = _text(base.a2dBottomCenter, font, scale=SMALL, align=TextNode.ACenter,
                          pos=(0, 0.015), fg=(1, 1, 1, 0.7))
        self.shown = ShownParts()
        self.label_root = base.aspect2d.attachNewNode("world-labels")
        self.label_root.setBin("fixed", -10)
        self.labels: dict[str, Any] = {}
        self.cards: list[_Card] = []
        self.cards_held = False  # hidden, their time stopped, while a long text is open
        self.panel: Panel | None = None
        self.panel_frame: Any = None
        self.entry: Any = None
        self.overlay = DirectFrame(parent=base.aspect2d, frameColor=(0, 0, 0, 0.78),
                                   frameSize=(-3, 3, -0.14, 0.14))
        self.overlay_text = _text(self.overlay, bold, scale=0.07, align=TextNode.ACenter,
                                  pos=(0, -0.03), wrap=40)
        self.overlay.hide()
        self.thermal = DirectFrame(parent=base.a2dTopCenter, frameColor=PLATE,
                                   frameSize=(-0.36, 0.36, -0.15, 0), pos=(0, 0, -0.03))
        self.thermal_text = _text(self.thermal, bold, scale=SMALL, pos=(0, -0.06),
                                  fg=(1, 0.6, 0.2, 1), align=TextNode.ACenter)
        self.thermal_scale = _text(self.thermal, font, scale=0.035, pos=(0, -0.12),
                                   align=TextNode.ACenter)
        self.thermal.hide()
        for holder in (self.status_plate, self.prompt_plate, self.overlay, self.thermal):
            holder.setTransparency(TransparencyAttrib.MAlpha)

    # -- always-on parts ---------------------------------------------------------------------

    def set_status(self, lines: Sequence[str]) -> None:
        if not self.shown.changed("status", tuple(lines)):
            return
        self.status.setText("\n".join(lines))
        width = self.status.textNode.getWidth() * SMALL + 0.06
        self.status_plate["frameSize"] = (0, width, -0.04 - SMALL * 1.2 * len(lines) - 0.02, 0)

    def set_prompt(self, lines: Sequence[str]) -> None:
        if not self.shown.changed("prompt", tuple(lines)):
            return
        if not lines:
            self.prompt_plate.hide()
            return
        self.prompt.setText("\n".join(lines))
        n = self.prompt.textNode.getNumRows()
        half = self.prompt.textNode.getWidth() * BODY / 2 + 0.05
        self.prompt_plate["frameSize"] = (-half, half, 0, BODY * 1.2 * n + 0.035)
        self.prompt.setPos(0, BODY * 1.2 * (n - 1) + 0.045)
        self.prompt_plate.show()

    def set_hint(self, text: str) -> None:
        if self.shown.changed("hint", text):
            self.hint.setText(text)

    def set_crosshair(self, visible: bool, focused: bool = False) -> None:
        if not self.shown.changed("crosshair", (visible, focused)):
            return
        self.crosshair.show() if visible else self.crosshair.hide()
        self.crosshair["fg"] = AMBER if focused else (1, 1, 1, 0.85)

    def set_overlay(self, text: str | None, colour: tuple[float, ...] = WHITE) -> None:
        if not self.shown.changed("overlay", (text, colour)):
            return
        if text is None:
            self.overlay.hide()
            return
        self.overlay_text.setText(text)
        self.overlay_text["fg"] = colour
        rows = self.overlay_text.textNode.getNumRows()
        top = 0.07 * 1.2 * rows / 2
        self.overlay["frameSize"] = (-3, 3, -top - 0.05, top + 0.05)
        self.overlay_text.setPos(0, top - 0.07 * 0.9)
        self.overlay.show()

    def set_thermal(self, reading: str | None, scale: str = "") -> None:
        if not self.shown.changed("thermal", (reading, scale)):
            return
        if reading is None:
            self.thermal.hide()
            return
        self.thermal_text.setText(reading)
        self.thermal_scale.setText(scale)
        self.thermal.show()

    def set_labels(self, labels: Sequence[tuple[str, str, tuple[float, float, float], float,
                                                float]]) -> None:
        """World labels drawn flat: (key, text, colour, x, y); nearest last, so on top. A label
        that would sit under the status plate or a card is moved down, clear of it."""
        boxes = self._hud_boxes()
        if not self.shown.changed("labels", (boxes, tuple((k, round(x, 3), round(y, 3))
                                                      for k, _, _, x, y in labels))):
            return
        seen = set()
        for key, text, colour, x, y in labels:
            seen.add(key)
            node = self.labels.get(key)
            if node is None:
                tn = TextNode(f"label-{key}")
                tn.setFont(self.font)
                tn.setText(text)
                tn.setAlign(TextNode.ACenter)
                tn.setWordwrap(16)
                tn.setTextColor(1, 1, 1, 1)
                tn.setCardColor(colour[0] * 0.3, colour[1] * 0.3, colour[2] * 0.3, 0.88)
                tn.setCardAsMargin(0.35, 0.35, 0.15, 0.1)
                tn.setCardDecal(True)
                node = self.label_root.attachNewNode(tn)
                node.setScale(SMALL * 0.9)
                self.labels[key] = node
            rows = node.node().getNumRows()
            node.setPos(x, 0, y + SMALL * 0.9 * (rows - 0.6))
            self._clear_of(node, boxes)
            node.show()
            node.reparentTo(self.label_root)  # the latest drawn goes on top
        for key, node in self.labels.items():
            if key not in seen:
                node.hide()

    def _hud_boxes(self) -> tuple[tuple[float, float, float, float], ...]:
        """The status plate and the shown cards as (left, right, bottom, top) on aspect2d."""
        frames = [self.status_plate, *(c.frame for c in self.cards if not c.frame.isHidden())]
        boxes = []
        for frame in frames:
            pos = frame.getPos(self.base.aspect2d)
            left, right, bottom, top = frame["frameSize"]
            boxes.append((round(pos.x + left, 3), round(pos.x + right, 3),
                          round(pos.z + bottom, 3), round(pos.z + top, 3)))
        return tuple(boxes)

    def _clear_of(self, node: Any, boxes: Sequence[tuple[float, float, float, float]]) -> None:
        for left, right, bottom, top in boxes:
            lo, hi = node.getTightBounds(self.base.aspect2d)
            if lo.x < right and hi.x > left and lo.z < top and hi.z > bottom:
                node.setZ(node.getZ() - (hi.z - bottom) - 0.01)

    # -- cards --------------------------------------------------------------------------------

    def add_card(self, header: str, body: str, colour: tuple[float, ...] = AMBER,
                 seconds: float = 12.0) -> None:
        frame = DirectFrame(parent=self.base.a2dTopRight, frameColor=PLATE,
                            frameSize=(-1.02, 0, -0.1, 0))
        frame.setTransparency(TransparencyAttrib.MAlpha)
        head = _text(frame, self.bold, header, scale=SMALL, pos=(-0.99, -0.055), fg=colour,
                     wrap=22)
        y = -0.055 - SMALL * 1.2 * head.textNode.getNumRows()
        if body:
            text = _text(frame, self.font, body, scale=SMALL, pos=(-0.99, y - 0.005), wrap=23)
            y -= SMALL * 1.2 * text.textNode.getNumRows()
        frame["frameSize"] = (-1.02, 0, y + 0.005, 0)
        if self.cards_held:
            frame.hide()
        self.cards.insert(0, _Card(frame, seconds))
        while len(self.cards) > 3:
            self.cards.pop().frame.destroy()
        self._stack()

    def _stack(self) -> None:
        y = -0.03
        for card in self.cards:
            card.frame.setPos(-0.03, 0, y)
            low = card.frame["frameSize"][2]
            y += low - 0.02

    def hold_cards(self, held: bool) -> None:
        """Put the cards out of the way of a long text, their time stopped, or bring them back."""
        self.cards_held = held
        for card in self.cards:
            card.frame.hide() if held else card.frame.show()

    def tick(self, dt: float) -> None:
        if self.cards_held:
            return
        changed = False
        for card in list(self.cards):
            card.left -= dt
            if card.left <= 0:
                card.frame.destroy()
                self.cards.remove(card)
                changed = True
        if changed:
            self._stack()

    # -- panels -------------------------------------------------------------------------------

    def show_panel(self, panel: Panel | None) -> None:
        if not switch_panel(self, panel) or panel is None:
            return
        wide = panel.kind in ("document", "briefing")  # long texts: more per line, smaller
        width = min(3.2, self.base.getAspectRatio() * 2 - 0.2) if wide else 1.5
        size = SMALL if wide else BODY
        frame = DirectFrame(parent=self.base.aspect2d, frameColor=PLATE)
        frame.setTransparency(TransparencyAttrib.MAlpha)
        y = -0.02
        title = _text(frame, self.bold, panel.title, scale=HEAD, pos=(-width / 2 + 0.05, y - HEAD),
                      fg=AMBER, wrap=width / HEAD - 1.5)
        y -= HEAD * (1.25 * title.textNode.getNumRows()) + 0.05
        if panel.body:
            column = width / 2 if panel.aside else width  # side by side: two columns
            rows = 0
            for n, text in enumerate((panel.body, panel.aside) if panel.aside else (panel.body,)):
                body = _text(frame, self.font, text, pos=(-width / 2 + 0.05 + n * column,
                                                          y - size),
                             scale=size, wrap=column / size - 1.5)
                rows = max(rows, body.textNode.getNumRows())
            y -= size * 1.2 * rows + 0.05
        for n, (label, action) in enumerate(panel.options, start=1):
            button = DirectButton(
                parent=frame, text=f"{n}   {label}", text_font=self.font, text_scale=BODY,
                text_align=TextNode.ALeft, text_fg=WHITE, text_wordwrap=width / BODY - 3,
                relief=DGG.FLAT, frameColor=((0.16, 0.22, 0.32, 0.95), (0.3, 0.42, 0.6, 1),
                                             (0.24, 0.34, 0.5, 1), (0.1, 0.1, 0.1, 0.5)),
                pad=(0.02, 0.02), command=action, pos=(-width / 2 + 0.07, 0, y - BODY))
            rows = button.component("text0").textNode.getNumRows()
            button["frameSize"] = (-0.03, width - 0.14, -0.025 - BODY * 1.2 * (rows - 1),
                                   BODY * 0.95)
            y -= BODY * 1.2 * rows + 0.055
        if panel.entry is not None:
            _text(frame, self.font, panel.entry, scale=SMALL, pos=(-width / 2 + 0.05, y - SMALL),
                  fg=AMBER)
            y -= SMALL * 1.4
            self.entry = DirectEntry(parent=frame, scale=SMALL, width=width / SMALL - 3,
                                     entryFont=self.font, pos=(-width / 2 + 0.07, 0, y - SMALL),
                                     frameColor=(0.9, 0.9, 0.9, 1), numLines=2, focus=1,
                                     command=panel.on_entry)
            y -= SMALL * 2.6 + 0.04
        if panel.hint:
            _text(frame, self.font, panel.hint, scale=SMALL, pos=(-width / 2 + 0.05, y - SMALL),
                  fg=(1, 1, 1, 0.65))
            y -= SMALL * 1.3 + 0.02
        frame["frameSize"] = (-width / 2, width / 2, y - 0.02, 0)
        frame.setPos(0, 0, min(0.95, -y / 2))
        self.panel_frame = frame
        self.hold_cards(wide)  # a wide panel would lie under the cards

    def close_panel(self) -> None:
        if self.panel_frame is not None:
            self.panel_frame.destroy()
        self.panel, self.panel_frame, self.entry = None, None, None
        if self.cards_held:
            self.hold_cards(False)

    def choose(self, number: int) -> bool:
        """Press option ``number`` (1-based) of the open panel, as a click would."""
        if self.panel is None or not 1 <= number <= len(self.panel.options):
            return False
        if self.entry is not None and self.entry["focus"]:
            return False
        self.panel.options[number - 1][1]()
        return True

    def destroy(self) -> None:
        self.close_panel()
        for card in self.cards:
            card.frame.destroy()
        for node in (self.status_plate, self.crosshair, self.prompt_plate, self.hint,
                     self.overlay, self.thermal):
            node.destroy()
        self.label_root.removeNode()
