"""The one layout rule for a flat screen: where each part of the HUD goes, so none overlaps.

Coordinates are Panda3D's aspect2d: x from -aspect to +aspect, y from -1 (bottom) to +1
(top). The presenter measures each part it has to show, as a width and height, and this
places them in a fixed order of importance: the end or pause banner, the status plate, the
cards, the thermal reading, decisions set aside, the decision panel, the panel in front,
the prompt, the footer, the frame-time readout and the crosshair. A part is tried at each
place it may go, in order, then smaller; one that fits nowhere is left out (a card waits, a
panel shrinks). Name tags are placed last, nearest first, clear of everything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

MARGIN = 0.03
GAP = 0.02
SHRINK = (1.0, 0.85, 0.72, 0.6)


@dataclass(frozen=True, slots=True)
class Rect:
    x0: float
    y0: float  # bottom
    x1: float
    y1: float  # top

    def overlaps(self, other: Rect) -> bool:
        return (self.x0 < other.x1 - 1e-6 and other.x0 < self.x1 - 1e-6
                and self.y0 < other.y1 - 1e-6 and other.y0 < self.y1 - 1e-6)

    def inside(self, bounds: Rect) -> bool:
        return (self.x0 >= bounds.x0 - 1e-6 and self.x1 <= bounds.x1 + 1e-6
                and self.y0 >= bounds.y0 - 1e-6 and self.y1 <= bounds.y1 + 1e-6)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True, slots=True)
class Placed:
    rect: Rect
    scale: float = 1.0


def _top_left(x: float, y: float, w: float, h: float) -> Rect:
    return Rect(x, y - h, x + w, y)


def _top_right(x: float, y: float, w: float, h: float) -> Rect:
    return Rect(x - w, y - h, x, y)


class _Board:
    def __init__(self, aspect: float) -> None:
        self.bounds = Rect(-aspect + MARGIN, -1 + MARGIN, aspect - MARGIN, 1 - MARGIN)
        self.placed: dict[str, Placed] = {}

    def free(self, rect: Rect) -> bool:
        return rect.inside(self.bounds) and not any(
            rect.overlaps(p.rect) for p in self.placed.values())

    def lowest_below(self, rect: Rect) -> float:
        """The bottom edge of the lowest placed part that ``rect`` overlaps."""
        hits = [p.rect.y0 for p in self.placed.values() if rect.overlaps(p.rect)]
        return min(hits) if hits else rect.y1

    def down_from(self, rect: Rect) -> Rect | None:
        """``rect`` moved down until it is clear of what is placed, if it stays on screen."""
        for _ in range(len(self.placed) + 1):
            if self.free(rect):
                return rect
            top = self.lowest_below(rect) - GAP
            rect = Rect(rect.x0, top - rect.height, rect.x1, top)
            if rect.y0 < self.bounds.y0:
                return None
        return rect if self.free(rect) else None

    def put(self, name: str, candidates: Iterable[Rect], shrink: bool = False) -> bool:
        for scale in SHRINK if shrink else (1.0,):
            for rect in candidates:
                w, h = rect.width * scale, rect.height * scale
                cx = (rect.x0 + rect.x1) / 2
                sized = Rect(cx - w / 2, rect.y1 - h, cx + w / 2, rect.y1)
                found = self.down_from(sized)
                if found is not None:
                    self.placed[name] = Placed(found, scale)
                    return True
        return False

    def edge(self, names: Sequence[str], side: str) -> float:
        rects = [self.placed[n].rect for n in names if n in self.placed]
        if side == "bottom":
            return min((r.y0 for r in rects), default=self.bounds.y1 + GAP) - GAP
        return max((r.x1 for r in rects), default=self.bounds.x0 - GAP) + GAP


def arrange(aspect: float, sizes: Mapping[str, tuple[float, float]],
            cards: Sequence[str] = (), reminders: Sequence[str] = ()) -> dict[str, Placed]:
    """Where each part goes. ``sizes`` holds the parts to show, by name: ``banner``,
    ``status``, ``thermal``, ``decision``, ``panel``, ``wide_panel``, ``prompt``, ``hints``,
    ``frame_time``, ``crosshair`` and each name in ``cards`` and ``reminders`` (in order)."""
    board = _Board(aspect)
    b = board.bounds

    def size(name: str) -> tuple[float, float] | None:
        return sizes.get(name)

    if (s := size("banner")) is not None:
        board.put("banner", [Rect(b.x0, 0.15 - s[1] / 2, b.x1, 0.15 + s[1] / 2)])
    if (s := size("status")) is not None:
        board.put("status", [_top_left(b.x0, b.y1, *s)])
    for name in cards:
        if (s := size(name)) is not None:
            board.put(name, [_top_right(b.x1, b.y1, *s)])
    if (s := size("thermal")) is not None:
        board.put("thermal", [_top_left(-s[0] / 2, b.y1, *s)])
    for name in reminders:
        if (s := size(name)) is not None:
            board.put(name, [_top_left(b.x0, b.y1, *s)])
    if (s := size("hints")) is not None:
        board.put("hints", [Rect(-s[0] / 2, b.y0, s[0] / 2, b.y0 + s[1])])
    if (s := size("prompt")) is not None:
        above = board.placed["hints"].rect.y1 + GAP if "hints" in board.placed else b.y0
        board.put("prompt", [Rect(-s[0] / 2, above, s[0] / 2, above + s[1])])
    if (s := size("frame_time")) is not None:
        board.put("frame_time", [Rect(b.x1 - s[0], b.y0, b.x1, b.y0 + s[1])])
    left_column = ["status", *reminders]
    if (s := size("decision")) is not None:
        board.put("decision", [_top_left(b.x0, board.edge(left_column, "bottom"), *s),
                               _top_left(b.x0, b.y1, *s)], shrink=True)
    for name in ("panel", "wide_panel"):
        if (s := size(name)) is None:
            continue
        w, h = s
        top_band = board.edge(["status", "thermal", *cards, *reminders], "bottom")
        centred = Rect(-w / 2, 0.1 - h / 2, w / 2, 0.1 + h / 2)
        beside = board.edge(["decision"], "right")
        candidates = [centred, Rect(-w / 2, top_band - h, w / 2, top_band),
                      Rect(beside, top_band - h, beside + w, top_band),
                      _top_left(beside, b.y1, w, h)]
        board.put(name, candidates, shrink=True)
    if (s := size("crosshair")) is not None:
        board.put("crosshair", [Rect(-s[0] / 2, -s[1] / 2, s[0] / 2, s[1] / 2)])
    return board.placed


@dataclass(frozen=True, slots=True)
class Tag:
    """A name tag or zone name over a point of the world: its anchor on screen (x, y) and
    its size; tags are given nearest first."""

    key: str
    x: float
    y: float
    width: float
    height: float


def place_tags(aspect: float, tags: Sequence[Tag], taken: Iterable[Rect]) -> dict[str, Rect]:
    """Each tag above its anchor, or moved down just clear of the HUD and of nearer tags;
    a tag that cannot be placed near its anchor is not shown."""
    board = _Board(aspect)
    for n, rect in enumerate(taken):
        board.placed[f"hud{n}"] = Placed(rect)
    found: dict[str, Rect] = {}
    for tag in tags:
        rect = Rect(tag.x - tag.width / 2, tag.y, tag.x + tag.width / 2, tag.y + tag.height)
        moved = board.down_from(rect)
        if moved is None or moved.y1 < tag.y - 0.35:
            continue  # pushed far from what it names: leave it out rather than mislead
        board.placed[tag.key] = Placed(moved)
        found[tag.key] = moved
    return found
